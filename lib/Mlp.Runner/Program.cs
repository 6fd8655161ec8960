using System.Diagnostics;
using Mlp.Runner;

// mlp-notebooks [NOTEBOOK.ipynb | FOLDER ...] [--out FOLDER] [--cell-timeout SECONDS]
// Runs every notebook (default: notebooks/*.ipynb of this repository) in the real Polyglot Notebooks kernel and
// writes the executed .ipynb and an offline .html page for each into the output folder (default: notebooks/out).
var budget = TimeSpan.FromSeconds(60); // the course's target per notebook, on a 2-core machine
var inputs = new List<string>();
string? outFolder = null;
var options = new RunOptions();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": outFolder = args[++i]; break;
        case "--cell-timeout": options = options with { CellTimeout = TimeSpan.FromSeconds(double.Parse(args[++i])) }; break;
        case "-h" or "--help":
            Console.WriteLine("usage: mlp-notebooks [NOTEBOOK.ipynb | FOLDER ...] [--out FOLDER] [--cell-timeout SECONDS]");
            return 0;
        default: inputs.Add(args[i]); break;
    }
}

string repo = Repository.Find(Directory.GetCurrentDirectory());
if (inputs.Count == 0) inputs.Add(Path.Combine(repo, "notebooks"));
outFolder = Path.GetFullPath(outFolder ?? Path.Combine(repo, "notebooks", "out"));
var notebooks = inputs.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.ipynb").Order().ToArray() : [Path.GetFullPath(p)]).ToList();
if (notebooks.Count == 0) { Console.Error.WriteLine($"No notebooks found in {string.Join(", ", inputs)}."); return 2; }
if (notebooks.FirstOrDefault(n => !File.Exists(n)) is { } missing) { Console.Error.WriteLine($"No such notebook: {missing}"); return 2; }

Repository.RestoreTools(repo);
Console.WriteLine($"Running {notebooks.Count} notebook(s) in the Polyglot Notebooks kernel; output in {outFolder}");
var failures = new List<string>();
var total = Stopwatch.StartNew();
for (int k = 0; k < notebooks.Count; k++)
{
    string name = Path.GetFileName(notebooks[k]);
    Console.WriteLine($"[{k + 1}/{notebooks.Count}] {name}");
    var result = await NotebookRunner.RunAsync(notebooks[k], options with
    {
        OnCellStart = (n, count, source) => Console.Write($"    cell {n}/{count} {Summary(source)} … "),
        OnCellDone = cell => Console.WriteLine(cell.Failed ? $"FAILED ({cell.Duration.TotalSeconds:F1} s)" : $"ok ({cell.Duration.TotalSeconds:F1} s)"),
    });
    string stem = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(name));
    result.Notebook.Save(stem + ".ipynb");
    File.WriteAllText(stem + ".html", HtmlPage.Render(result));
    if (result.Failure is { } failed)
    {
        string message = $"{name}, code cell {failed.Number} ({Summary(failed.Source)}): {FirstLines(failed.Error!)}";
        failures.Add(message);
        Console.WriteLine($"    FAILED: {message}");
    }
    else Console.WriteLine($"    done in {result.Duration.TotalSeconds:F1} s → {Path.GetRelativePath(repo, stem)}.ipynb, .html" +
                           (result.Duration > budget ? $" (over the course's {budget.TotalSeconds:F0} s budget per notebook)" : ""));
}

Console.WriteLine($"{notebooks.Count - failures.Count} passed, {failures.Count} failed ({total.Elapsed.TotalSeconds:F0} s)");
foreach (var f in failures) Console.Error.WriteLine("FAILED " + f);
return failures.Count == 0 ? 0 : 1;

static string Summary(string source)
{
    string line = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//")) ?? source.Trim();
    return line.Length > 60 ? line[..57] + "..." : line;
}

static string FirstLines(string text) => string.Join("\n      ", text.Split('\n').Take(8));
