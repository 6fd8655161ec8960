using System.Diagnostics;
using System.Globalization;
using Mlp.Data;

namespace Mlp.Runner;

/// <summary>
/// The main job: runs every notebook (default: notebooks/*.ipynb of this repository) in the real Polyglot Notebooks
/// kernel and writes the executed .ipynb and an offline .html page for each into the output folder
/// (with --solutions, the teacher's edition into its solutions/ folder: see <see cref="TeacherEdition"/>).
/// Exit codes: 0 all passed, 1 a notebook failed, 2 bad arguments or an unusable output folder, 3 data missing.
/// </summary>
public static class CourseRun
{
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(60); // the course's target per notebook, on a 2-core machine

    public static async Task<int> RunAsync(RunRequest request, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        string repo;
        try { repo = CourseRepository.Find(); }
        catch (DirectoryNotFoundException e) { error.WriteLine(e.Message); return RunnerCommand.UsageError; }
        try { if (Faults.WorkAroundReadOnlyHome() is { } moved) output.WriteLine(moved); }
        catch (IOException e) { error.WriteLine(e.Message); return 1; }
        var inputs = request.Inputs.Count > 0 ? request.Inputs : [Path.Combine(repo, "notebooks")];
        var notebooks = inputs.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.ipynb").Order().ToArray() : [Path.GetFullPath(p)]).ToList();
        if (notebooks.Count == 0) { error.WriteLine($"No notebooks found in {string.Join(", ", inputs)}."); return RunnerCommand.UsageError; }
        if (notebooks.FirstOrDefault(n => !File.Exists(n)) is { } missing) { error.WriteLine($"No such notebook: {missing}"); return RunnerCommand.UsageError; }

        // The output folder is checked before anything runs: nothing is lost to an unwritable folder.
        string outFolder;
        if (request.Out is { } asked)
        {
            outFolder = Path.GetFullPath(asked);
            if (Folders.WhyNotWritable(outFolder) is { } why)
            {
                error.WriteLine($"Cannot write the executed notebooks to --out {outFolder}: {why}. Pass --out with a folder you can write to.");
                return RunnerCommand.UsageError;
            }
        }
        else
        {
            outFolder = Path.Combine(repo, "notebooks", "out");
            if (Folders.WhyNotWritable(outFolder) is { } why)
            {
                string fallback = Path.Combine(CourseRepository.UserFolder(repo), "out");
                if (Folders.WhyNotWritable(fallback) is { } alsoWhy)
                {
                    error.WriteLine($"Cannot write to {outFolder} ({why}) nor to {fallback} ({alsoWhy}): pass --out with a folder you can write to.");
                    return RunnerCommand.UsageError;
                }
                output.WriteLine($"{outFolder} is not writable ({why}): writing the executed notebooks to {fallback} instead.");
                outFolder = fallback;
            }
        }

        // The teacher's edition: every exercise must map to a solution before anything runs.
        TeacherEdition? edition = null;
        if (request.Solutions)
        {
            try { edition = TeacherEdition.Load(repo); }
            catch (FileNotFoundException e) { error.WriteLine(e.Message); return RunnerCommand.UsageError; }
            var problems = notebooks.SelectMany(n => edition.Problems(Notebook.Load(n))).ToList();
            if (problems.Count > 0)
            {
                error.WriteLine($"The teacher's edition cannot be made:\n{string.Join("\n", problems)}\nNo notebook was run.");
                return 1;
            }
            outFolder = Path.Combine(outFolder, "solutions");
        }

        try { Repository.RestoreTools(repo); }
        catch (InvalidOperationException e) { error.WriteLine(e.Message); return 1; }

        if (notebooks.Any(NeedsMnist) && await MnistProblemAsync(cancel) is { } dataProblem)
        {
            error.WriteLine($"The notebooks need MNIST, and it is not available:\n{dataProblem}\nNo notebook was run.");
            return 3;
        }

        var options = new RunOptions();
        if (request.CellTimeout is { } timeout) options = options with { CellTimeout = timeout };
        output.WriteLine($"Running {notebooks.Count} notebook(s) in the Polyglot Notebooks kernel; output in {outFolder}");
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        for (int k = 0; k < notebooks.Count; k++)
        {
            string name = Path.GetFileName(notebooks[k]);
            output.WriteLine($"[{k + 1}/{notebooks.Count}] {name}");
            NotebookResult result;
            try
            {
                result = await NotebookRunner.RunAsync(notebooks[k], options with
                {
                    Prepare = edition is null ? null : notebook => output.WriteLine($"    teacher's edition: {edition.Apply(notebook).Count} exercise(s) solved"),
                    OnCellStart = (n, count, source) => output.Write($"    cell {n}/{count} {Summary(source)} … "),
                    OnCellDone = cell => output.WriteLine(cell.Failed ? $"FAILED ({Seconds(cell.Duration)} s)" : $"ok ({Seconds(cell.Duration)} s)"),
                });
            }
            catch (KernelStartException e) // every notebook would fail the same way: say it once
            {
                error.WriteLine(e.Message);
                return 1;
            }
            string stem = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(name));
            try
            {
                result.Notebook.Save(stem + ".ipynb");
                File.WriteAllText(stem + ".html", HtmlPage.Render(result));
                if (request.Slides) File.WriteAllText(Path.Combine(outFolder, SlideDeck.FileName(name)), SlideDeck.Render(result.Notebook));
            }
            catch (IOException e) when (Faults.IsDiskFull(e))
            {
                error.WriteLine(Faults.DiskFull($"writing the executed {name}", e.Message, outFolder, "--out FOLDER on another disk"));
                return 1;
            }
            if (result.Failure is { } failed)
            {
                string message = $"{name}, code cell {failed.Number} ({Summary(failed.Source)}): " +
                                 (Faults.IsDiskFull(failed.Error!) ? Faults.DiskFull($"code cell {failed.Number}", failed.Error!) : FirstLines(failed.Error!));
                failures.Add(message);
                output.WriteLine($"    FAILED: {message}");
            }
            else output.WriteLine($"    done in {Seconds(result.Duration)} s → {Path.GetRelativePath(repo, stem)}.ipynb, .html{(request.Slides ? ", .slides.html" : "")}" +
                                   (result.Duration > Budget ? $" (over the course's {Budget.TotalSeconds:F0} s budget per notebook)" : ""));
        }

        output.WriteLine($"{notebooks.Count - failures.Count} passed, {failures.Count} failed ({total.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s)");
        foreach (var f in failures) error.WriteLine("FAILED " + f);
        return failures.Count == 0 ? 0 : 1;
    }

    static bool NeedsMnist(string notebook) => File.ReadAllText(notebook).Contains("DataLoader.Load", StringComparison.Ordinal);

    /// <summary>Null when MNIST is in data/ (or could be downloaded and verified now); else what the loader said.</summary>
    static async Task<string?> MnistProblemAsync(CancellationToken cancel)
    {
        try
        {
            await DataLoader.LoadAsync(DatasetInfo.Mnist, cancellationToken: cancel);
            return null;
        }
        catch (Exception e) when (e is DataUnavailableException or DataFormatException) { return e.Message; }
    }

    static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);

    static string Summary(string source)
    {
        string line = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//")) ?? source.Trim();
        return line.Length > 60 ? line[..57] + "..." : line;
    }

    static string FirstLines(string text) => string.Join("\n      ", text.Split('\n').Take(8));
}
