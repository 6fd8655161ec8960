using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mlp.Runner;

/// <summary>An .ipynb file as JSON, with just enough structure to run its cells and store their outputs.</summary>
public sealed class Notebook
{
    readonly JsonObject _json;

    Notebook(string path, JsonObject json) => (Path, _json) = (path, json);

    public string Path { get; }
    public string Name => System.IO.Path.GetFileName(Path);
    public IReadOnlyList<Cell> Cells => ((JsonArray)_json["cells"]!).Select(c => new Cell((JsonObject)c!)).ToList();

    public static Notebook Load(string path) =>
        new(System.IO.Path.GetFullPath(path), JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    /// <summary>The kernel a code cell runs in when it does not name one (Polyglot metadata, else C#).</summary>
    public string DefaultKernel =>
        _json["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>() ?? "csharp";

    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.WriteAllText(path, _json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public sealed class Cell(JsonObject json)
    {
        public string Type => json["cell_type"]!.GetValue<string>();
        public bool IsCode => Type == "code";

        /// <summary>The source, whether stored as one string or as a list of lines.</summary>
        public string Source => json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
            JsonValue text => text.GetValue<string>(),
            _ => "",
        };

        /// <summary>Replaces the source (stored as a list of lines, as VS Code writes it).</summary>
        public void SetSource(string source) =>
            json["source"] = new JsonArray(Regex.Split(source, @"(?<=\n)").Where(l => l.Length > 0).Select(l => (JsonNode)l).ToArray());

        public string? KernelName => json["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>();

        public JsonArray Outputs => json["outputs"] as JsonArray ?? [];

        public void SetOutputs(IEnumerable<JsonObject> outputs, int executionCount)
        {
            json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o.DeepClone()).ToArray());
            json["execution_count"] = executionCount;
        }
    }
}
