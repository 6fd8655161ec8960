using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mlp.Runner;

/// <summary>What running one code cell gave: its outputs (in .ipynb form) and its error, if it failed.</summary>
public sealed record CellResult(int Index, int Number, string Source, IReadOnlyList<JsonObject> Outputs, string? Error, TimeSpan Duration)
{
    public bool Failed => Error is not null;

    /// <summary>Every value of one MIME type among the outputs (display data and results).</summary>
    public IEnumerable<string> Data(string mimeType) =>
        Outputs.Select(o => o["data"]?[mimeType]?.GetValue<string>()).OfType<string>();

    /// <summary>Everything the cell wrote to stdout.</summary>
    public string StandardOutput => string.Concat(Outputs.Where(o => o["name"]?.GetValue<string>() == "stdout")
        .Select(o => o["text"]!.GetValue<string>()));
}

public sealed record NotebookResult(Notebook Notebook, IReadOnlyList<CellResult> Cells, TimeSpan Duration)
{
    public CellResult? Failure => Cells.FirstOrDefault(c => c.Failed);
    public bool Succeeded => Failure is null;
}

/// <summary>Options for running notebooks.</summary>
public sealed record RunOptions
{
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Called when a cell starts (cell number, count of code cells) and when it ends.</summary>
    public Action<CellResult>? OnCellDone { get; init; }
    public Action<int, int, string>? OnCellStart { get; init; }
    /// <summary>Called with the notebook once loaded, before any cell runs; may change cells in memory (the teacher's edition does).</summary>
    public Action<Notebook>? Prepare { get; init; }
}

/// <summary>Runs a notebook's code cells in order in a fresh kernel, as "Run All" in VS Code does, stopping at the first failure.</summary>
public static class NotebookRunner
{
    public static async Task<NotebookResult> RunAsync(string path, RunOptions? options = null)
    {
        options ??= new RunOptions();
        var notebook = Notebook.Load(path);
        options.Prepare?.Invoke(notebook);
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        var cells = notebook.Cells;
        var code = cells.Select((c, i) => (c, i)).Where(x => x.c.IsCode && !string.IsNullOrWhiteSpace(x.c.Source)).ToList();

        await using var kernel = await KernelSession.StartAsync(Path.GetDirectoryName(notebook.Path)!, options.StartTimeout);
        for (int n = 0; n < code.Count; n++)
        {
            var (cell, index) = code[n];
            options.OnCellStart?.Invoke(n + 1, code.Count, cell.Source);
            var cellClock = Stopwatch.StartNew();
            var outputs = new OutputCollector(n + 1);
            string? error;
            try
            {
                await kernel.SubmitAsync(cell.Source, cell.KernelName ?? notebook.DefaultKernel, options.CellTimeout, outputs.Add);
                error = outputs.Error;
            }
            catch (Exception e) when (e is TimeoutException or KernelDiedException)
            {
                error = e.Message;
                outputs.AddError(e.Message);
            }
            cell.SetOutputs(outputs.Outputs, n + 1);
            var result = new CellResult(index, n + 1, cell.Source, outputs.Outputs, error, cellClock.Elapsed);
            results.Add(result);
            options.OnCellDone?.Invoke(result);
            if (result.Failed) break;
        }
        return new NotebookResult(notebook, results, clock.Elapsed);
    }

    /// <summary>Turns kernel events into .ipynb outputs, the way VS Code stores them.</summary>
    sealed class OutputCollector(int executionCount)
    {
        readonly Dictionary<string, JsonObject> _byValueId = new();
        public List<JsonObject> Outputs { get; } = new();
        public string? Error { get; private set; }

        public void Add(KernelEvent e)
        {
            lock (Outputs)
            {
                switch (e.Type)
                {
                    case "DisplayedValueProduced":
                        var display = new JsonObject { ["output_type"] = "display_data", ["data"] = Data(e), ["metadata"] = new JsonObject() };
                        Outputs.Add(display);
                        if (e.Payload["valueId"]?.GetValue<string>() is { } id) _byValueId[id] = display;
                        break;
                    case "DisplayedValueUpdated":
                        if (e.Payload["valueId"]?.GetValue<string>() is { } updated && _byValueId.TryGetValue(updated, out var shown))
                            shown["data"] = Data(e);
                        break;
                    case "ReturnValueProduced":
                        Outputs.Add(new JsonObject
                        {
                            ["output_type"] = "execute_result", ["data"] = Data(e), ["execution_count"] = executionCount, ["metadata"] = new JsonObject(),
                        });
                        break;
                    case "StandardOutputValueProduced" or "StandardErrorValueProduced":
                        Stream(e.Type.StartsWith("StandardOutput") ? "stdout" : "stderr", Text(e));
                        break;
                    case "ErrorProduced": // how failures inside #!import and some directives show
                        AddError(e.Payload["message"]?.GetValue<string>() ?? Text(e));
                        break;
                    case "CommandFailed": // the cell, or a command it sent (as the setup cell does)
                        AddError(e.Payload["message"]?.GetValue<string>() ?? "The cell failed.");
                        break;
                }
            }
        }

        public void AddError(string message)
        {
            if (Error is not null && message == Error) return;
            Error ??= message;
            Outputs.Add(new JsonObject
            {
                ["output_type"] = "error", ["ename"] = "Error", ["evalue"] = message, ["traceback"] = new JsonArray(),
            });
        }

        void Stream(string name, string text)
        {
            if (Outputs.LastOrDefault() is { } last && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == name)
                last["text"] = last["text"]!.GetValue<string>() + text;
            else
                Outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        }

        static JsonObject Data(KernelEvent e)
        {
            var data = new JsonObject();
            foreach (var value in e.Payload["formattedValues"]?.AsArray() ?? [])
                if (value?["suppressDisplay"]?.GetValue<bool>() != true)
                    data[value!["mimeType"]!.GetValue<string>()] = value["value"]!.GetValue<string>();
            return data;
        }

        static string Text(KernelEvent e) =>
            string.Concat((e.Payload["formattedValues"]?.AsArray() ?? []).Select(v => v?["value"]?.GetValue<string>()));
    }
}
