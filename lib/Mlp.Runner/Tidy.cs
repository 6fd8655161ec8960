using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mlp.Data;

namespace Mlp.Runner;

/// <summary>
/// <c>mlp-notebooks tidy</c>: brings notebooks into the one form the course commits. The setup cell from
/// notebooks/setup.csx, the Polyglot Notebooks metadata VS Code writes, a stable id on every cell (existing ids
/// are kept, missing ones derived from the file name, position and source), no outputs, nbformat 4.5, and
/// the JSON layout of Jupyter's nbformat (indent 1, sorted keys), so that VS Code, Jupyter and git agree.
/// </summary>
public static partial class Tidy
{
    public const string SetupLoad = "#load \"setup.csx\"";

    public static Command Command(TextWriter output, TextWriter error)
    {
        var inputs = new Argument<string[]>("NOTEBOOK.ipynb | FOLDER")
        {
            Description = "Notebooks, or folders of notebooks, to tidy (default: the repository's notebooks/)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        inputs.Validators.Add(RunnerCommand.NoUnknownOptions);
        var check = new Option<bool>("--check") { Description = "Change nothing: list the notebooks that are not tidy, and exit with 1 if there are any" };
        var command = new Command("tidy", "Normalises notebooks: the setup cell from notebooks/setup.csx, Polyglot metadata, cell ids, no outputs, nbformat 4.5") { inputs, check };
        command.SetAction(parse => Run(parse.GetValue(inputs) ?? [], parse.GetValue(check), output, error));
        return command;
    }

    static int Run(IReadOnlyList<string> inputs, bool check, TextWriter output, TextWriter error)
    {
        string repo;
        try { repo = CourseRepository.Find(); }
        catch (DirectoryNotFoundException e) { error.WriteLine(e.Message); return RunnerCommand.UsageError; }
        var files = (inputs.Count > 0 ? inputs : [Path.Combine(repo, "notebooks")])
            .SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.ipynb").Order().ToArray() : [Path.GetFullPath(p)]).ToList();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing) { error.WriteLine($"No such notebook: {missing}"); return RunnerCommand.UsageError; }
        if (inputs.Count == 0) files.AddRange(Editions.Cultures.Select(c => Editions.Folder(repo, c)).Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*.ipynb").Order()));
        string setup = SetupCell(repo);
        // An edition's notebook is made from its English one (Editions.Sync), after the English is tidy.
        var editionFiles = files.Where(f => Editions.CultureOf(f) is not null).ToList();
        files = files.Except(editionFiles).ToList();
        int untidy = 0;
        foreach (var file in files)
        {
            string text = File.ReadAllText(file), tidy = Normalise(text, Path.GetFileName(file), setup);
            if (tidy == text) continue;
            untidy++;
            if (check) { output.WriteLine($"not tidy: {Path.GetRelativePath(repo, file)}"); continue; }
            File.WriteAllText(file, tidy);
            output.WriteLine($"tidied {Path.GetRelativePath(repo, file)}");
        }
        output.WriteLine(check
            ? untidy == 0 ? $"{files.Count} notebook(s) tidy." : $"{untidy} of {files.Count} notebook(s) not tidy: run `dotnet run -c Release --project lib/Mlp.Runner -- tidy`."
            : $"{untidy} of {files.Count} notebook(s) changed.");
        int problems = TidyEditions(repo, files, editionFiles, setup, check, output);
        return check && (untidy > 0 || problems > 0) ? 1 : 0;
    }

    /// <summary>
    /// Brings the editions (notebooks/zh-TW/…) in step with the English: for every English notebook of notebooks/ among
    /// <paramref name="files"/> its notebook in each edition (made if missing), and every edition notebook given.
    /// Names the untranslated and stale cells; returns how many there are, plus the edition notebooks that are not tidy
    /// (with <paramref name="check"/>, nothing is written).
    /// </summary>
    static int TidyEditions(string repo, IReadOnlyList<string> files, IReadOnlyList<string> editionFiles, string setup, bool check, TextWriter output)
    {
        string english = Path.GetFullPath(Path.Combine(repo, "notebooks"));
        var pairs = files.Where(f => Path.GetDirectoryName(Path.GetFullPath(f)) == english)
            .SelectMany(f => Editions.Cultures.Select(c => (English: f, Culture: c, Edition: Path.Combine(Editions.Folder(repo, c), Path.GetFileName(f)))))
            .ToList();
        int problems = 0;
        foreach (var path in editionFiles.Select(Path.GetFullPath).Where(p => pairs.All(x => Path.GetFullPath(x.Edition) != p)))
        {
            if (File.Exists(Editions.EnglishOf(path))) { pairs.Add((Editions.EnglishOf(path), Editions.CultureOf(path)!, path)); continue; }
            output.WriteLine($"no English notebook: {Editions.Relative(repo, path)} translates {Editions.Relative(repo, Editions.EnglishOf(path))}, which does not exist; rename or delete it.");
            problems++;
        }
        foreach (var (englishPath, culture, path) in pairs)
        {
            string name = Editions.Relative(repo, path);
            string? mine = File.Exists(path) ? File.ReadAllText(path) : null;
            var (json, found, notes) = Editions.Sync(Normalise(File.ReadAllText(englishPath), Path.GetFileName(englishPath), setup), mine, name, culture, setup);
            foreach (var note in notes) output.WriteLine((check ? "to do by tidy: " : "") + note);
            foreach (var problem in found) output.WriteLine(problem);
            problems += found.Count;
            if (json == mine) continue;
            if (check) { output.WriteLine($"not tidy: {name}"); problems++; continue; }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, json);
            output.WriteLine($"{(mine is null ? "made" : "brought in step")} {name}");
        }
        if (pairs.Count > 0)
            output.WriteLine(problems == 0 ? $"{pairs.Count} edition notebook(s) in step with the English."
                : $"{problems} problem(s) in the editions' notebooks: {(check ? "run tidy, then " : "")}translate the cells named above, then run tidy again.");
        return problems;
    }

    /// <summary>The setup cell's source: the block between <c>// &lt;setup-cell&gt;</c> and <c>// &lt;/setup-cell&gt;</c> in notebooks/setup.csx.</summary>
    public static string SetupCell(string repo)
    {
        string path = Path.Combine(repo, "notebooks", "setup.csx");
        var lines = File.ReadAllLines(path);
        int start = Array.FindIndex(lines, l => l.Trim() == "// <setup-cell>"), end = Array.FindIndex(lines, l => l.Trim() == "// </setup-cell>");
        if (start < 0 || end <= start) throw new InvalidDataException($"{path} has no '// <setup-cell>' ... '// </setup-cell>' block.");
        return string.Join("\n", lines[(start + 1)..end].Select(l => l.StartsWith("// ") ? l[3..] : l.TrimStart('/')));
    }

    /// <summary>The tidy form of the notebook <paramref name="json"/> (the file <paramref name="fileName"/>).</summary>
    public static string Normalise(string json, string fileName, string setupCell)
    {
        var notebook = JsonNode.Parse(json)!.AsObject();
        var metadata = notebook["metadata"] as JsonObject ?? new JsonObject();
        notebook["metadata"] = metadata;
        metadata["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        metadata["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        var items = metadata["polyglot_notebook"]?["kernelInfo"]?["items"] as JsonArray is { } existing && existing.Any(i => i?["name"]?.GetValue<string>() == "csharp")
            ? (JsonArray)existing.DeepClone()
            : new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" });
        metadata["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp", ["items"] = items } };
        notebook["nbformat"] = 4;
        notebook["nbformat_minor"] = 5;

        var cells = notebook["cells"] as JsonArray ?? new JsonArray();
        notebook["cells"] = cells;
        var setup = cells.OfType<JsonObject>().FirstOrDefault(c => Type(c) == "code" && SetupLoadLine().IsMatch(SourceOf(c)));
        if (setup is null)
        {
            setup = new JsonObject { ["cell_type"] = "code" };
            int firstCode = cells.ToList().FindIndex(c => c is JsonObject o && Type(o) == "code");
            cells.Insert(firstCode < 0 ? cells.Count : firstCode, setup);
        }
        setup["source"] = Lines(setupCell);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = (JsonObject)cells[i]!;
            string source = SourceOf(cell);
            cell["source"] = Lines(source);
            if (cell["metadata"] is not JsonObject cellMetadata) cell["metadata"] = cellMetadata = new JsonObject();
            if (Type(cell) == "code")
            {
                if (cellMetadata["polyglot_notebook"] is not JsonObject polyglot) cellMetadata["polyglot_notebook"] = polyglot = new JsonObject();
                polyglot["kernelName"] ??= "csharp";
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }
            else
            {
                cell.Remove("outputs");
                cell.Remove("execution_count");
            }
            string? id = (cell["id"] as JsonValue)?.TryGetValue(out string? s) == true ? s : null;
            if (id is null || !ValidId().IsMatch(id) || ids.Contains(id)) id = NewId(fileName, i, source, ids);
            ids.Add(id);
            cell["id"] = id;
        }
        return NotebookJson.Write(notebook) + "\n";
    }

    static string Type(JsonObject cell) => cell["cell_type"]?.GetValue<string>() ?? "";

    internal static string SourceOf(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    /// <summary>Source as Jupyter stores it: a list of lines, each but the last ending in a newline.</summary>
    static JsonArray Lines(string source)
    {
        var lines = new JsonArray();
        for (int at = 0; at < source.Length;)
        {
            int end = source.IndexOf('\n', at);
            end = end < 0 ? source.Length : end + 1;
            lines.Add(source[at..end]);
            at = end;
        }
        return lines;
    }

    /// <summary>A deterministic id (8 hex digits, as Jupyter makes them) unique within the notebook.</summary>
    static string NewId(string fileName, int index, string source, HashSet<string> taken)
    {
        for (int salt = 0; ; salt++)
        {
            string id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{fileName}\n{index}\n{salt}\n{source}")))[..8].ToLowerInvariant();
            if (!taken.Contains(id)) return id;
        }
    }

    /// <summary>The line that loads setup.csx (from an edition's folder, ../setup.csx).</summary>
    [GeneratedRegex(@"#load ""(\.\./)*setup\.csx""")]
    private static partial Regex SetupLoadLine();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidId();
}
