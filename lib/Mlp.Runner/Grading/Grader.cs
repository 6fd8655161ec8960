using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mlp.Runner.Grading;

/// <summary>How the teacher asked to grade.</summary>
public sealed record GradeRequest(string Submissions, string? Out, bool NoSandbox, TimeSpan CellTimeout, TimeSpan NotebookTimeout, SandboxLimits Limits);

/// <summary>One exercise of one hand-in: passed or not, the hint, and how many hidden inputs were right.</summary>
public sealed record ExerciseGrade(string Step, string Title, bool Passed, string Hint, int Right, int Total);

/// <summary>One hand-in's line of the gradebook. <see cref="Problem"/> says why it could not be graded (or was cut short).</summary>
public sealed record SubmissionGrade(string Student, string File, string? Notebook, IReadOnlyList<ExerciseGrade> Exercises, string? Problem, TimeSpan Duration)
{
    public int Score => Exercises.Count(e => e.Passed);
}

/// <summary>
/// <c>mlp-notebooks grade SUBMISSIONS</c>: grades every hand-in (a folder per student, or files) on the hidden checks.
/// <para>
/// For each hand-in, the grader finds the course notebook it belongs to (by the exercise functions it declares, so renamed
/// and reordered cells do not matter) and starts one sandboxed kernel (<see cref="Sandbox"/>) that runs: the course's own
/// setup cell, the student's cells that declare the exercise functions (in the course's order), the hidden checks and,
/// for each exercise, a probe that calls the student's function on the hidden inputs and writes the answers out as JSON.
/// The grader compares them, outside the kernel, with the answers of the reference solutions (computed once per notebook
/// in a kernel of its own). Nothing the student's code does inside its kernel (printing "passed", rewriting a check,
/// changing static state, reflection) reaches that comparison; at worst it spoils its own answers.
/// </para>
/// </summary>
public static class Grader
{
    /// <summary>More output than this from one hand-in stops its kernel (a gigabyte of output costs nothing but its grade).</summary>
    public const int OutputLimit = 2_000_000;

    public static async Task<int> RunAsync(GradeRequest request, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        string repo;
        try { repo = Mlp.Data.CourseRepository.Find(); }
        catch (DirectoryNotFoundException e) { error.WriteLine(e.Message); return RunnerCommand.UsageError; }
        string submissions = Path.GetFullPath(request.Submissions);
        if (!Directory.Exists(submissions)) { error.WriteLine($"No such folder of hand-ins: {submissions}"); return RunnerCommand.UsageError; }

        string? whyNoSandbox = Sandbox.WhyUnavailable() ?? Sandbox.WhyUnreachable(repo);
        if (whyNoSandbox is not null && !request.NoSandbox)
        {
            error.WriteLine($"Refusing to grade: the hand-ins are untrusted code and must run in a sandbox, but {whyNoSandbox}. " +
                            "Install bubblewrap, or, only if you trust every hand-in, pass --no-sandbox to run them unconfined.");
            return RunnerCommand.UsageError;
        }
        if (request.NoSandbox) output.WriteLine($"WARNING: --no-sandbox: the hand-ins run as you, unconfined{(whyNoSandbox is null ? "" : $" ({whyNoSandbox})")}.");

        string outFolder = Path.GetFullPath(request.Out ?? Path.Combine(Path.GetDirectoryName(submissions)!, Path.GetFileName(submissions) + "-gradebook"));
        if (Folders.WhyNotWritable(outFolder) is { } why) { error.WriteLine($"Cannot write the gradebook to {outFolder}: {why}. Pass --out with a folder you can write to."); return RunnerCommand.UsageError; }
        try { if (Faults.WorkAroundReadOnlyHome() is { } moved) output.WriteLine(moved); }
        catch (IOException e) { error.WriteLine(e.Message); return 1; }

        TeacherEdition edition;
        HiddenCheckSource hidden;
        try { (edition, hidden) = (TeacherEdition.Load(repo), HiddenCheckSource.Load(repo)); }
        catch (FileNotFoundException e) { error.WriteLine(e.Message); return RunnerCommand.UsageError; }
        var course = Directory.GetFiles(Path.Combine(repo, "notebooks"), "*.ipynb").Order()
            .Select(Notebook.Load).Select(n => (Notebook: n, Exercises: TeacherEdition.Find(n).Exercises))
            .Where(c => c.Exercises.Count > 0).ToList();
        var noHidden = course.SelectMany(c => c.Exercises).Where(e => !hidden.Steps.Contains(e.Step)).Select(e => $"{e.CheckClass} ({e.Function})").ToList();
        if (noHidden.Count > 0)
        {
            error.WriteLine($"No hidden check for {string.Join(", ", noHidden)}: add a method named after the step to {HiddenCheckSource.File}. Nothing was graded.");
            return 1;
        }

        try { Repository.RestoreTools(repo); }
        catch (InvalidOperationException e) { error.WriteLine(e.Message); return 1; }

        var files = Directory.GetFiles(submissions, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(submissions, f).Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.'))).Order().ToList();
        output.WriteLine($"Grading {files.Count} hand-in(s) from {submissions}{(request.NoSandbox ? "" : " in a sandbox (bubblewrap)")}; gradebook in {outFolder}");
        var grader = new Context(repo, edition, hidden, request, outFolder, submissions, output);
        var grades = new List<SubmissionGrade>();
        var total = Stopwatch.StartNew();
        foreach (var file in files)
        {
            cancel.ThrowIfCancellationRequested();
            SubmissionGrade grade;
            try { grade = await grader.GradeAsync(file, course); }
            catch (InvalidOperationException e) { error.WriteLine(e.Message); return 1; } // the reference itself failed: nothing can be graded
            grades.Add(grade);
            output.WriteLine($"  {grade.Student} ({Path.GetFileName(grade.File)}): " +
                             (grade.Notebook is null ? grade.Problem : $"{grade.Score}/{grade.Exercises.Count}{(grade.Problem is null ? "" : " — " + grade.Problem)}") +
                             $" ({grade.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        }
        try { Gradebook.Write(outFolder, grades, course.SelectMany(c => c.Exercises.Select(e => (c.Notebook.Name, e.Step, Title: Title(e)))).ToList()); }
        catch (IOException e) when (Faults.IsDiskFull(e))
        {
            error.WriteLine(Faults.DiskFull("writing the gradebook", e.Message, outFolder, "--out FOLDER on another disk"));
            return 1;
        }
        output.WriteLine($"Graded {grades.Count} hand-in(s) in {total.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s " +
                         $"(reference answers: {grader.ReferenceTime.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s): " +
                         $"{Path.Combine(outFolder, Gradebook.CsvName)}, {Path.Combine(outFolder, Gradebook.HtmlName)}");
        return 0;
    }

    /// <summary>"Exercise 02.1" from the check's cell: its number in the course (from the exercise cell's comment), else the check class.</summary>
    static string Title(TeacherEdition.Exercise e) => e.CheckClass;

    sealed class Context(string repo, TeacherEdition edition, HiddenCheckSource hidden, GradeRequest request, string outFolder, string submissions, TextWriter log)
    {
        readonly Dictionary<string, Dictionary<string, JsonObject>> _references = new();
        readonly Sandbox _sandbox = new(repo,
            [Path.Combine(repo, "lib", "Mlp.Tests"), Path.Combine(repo, ".git"), submissions, outFolder,
             Path.Combine(repo, "notebooks", "out")], request.Limits);

        public TimeSpan ReferenceTime { get; private set; }

        public async Task<SubmissionGrade> GradeAsync(string file, List<(Notebook Notebook, IReadOnlyList<TeacherEdition.Exercise> Exercises)> course)
        {
            var clock = Stopwatch.StartNew();
            string relative = Path.GetRelativePath(submissions, file);
            string student = relative.Contains(Path.DirectorySeparatorChar) ? relative.Split(Path.DirectorySeparatorChar)[0] : Path.GetFileNameWithoutExtension(file);
            SubmissionGrade Refused(string problem) => new(student, relative, null, [], problem, clock.Elapsed);

            // What the file is: a notebook of this course, by the exercise functions it declares.
            Notebook submitted;
            try
            {
                if (new FileInfo(file).Length > 50_000_000) return Refused("not graded: the file is larger than 50 MB, far more than a notebook of this course");
                submitted = Notebook.Load(file);
                _ = submitted.Cells.Select(c => c.Source).ToList();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidCastException or NullReferenceException or ArgumentException or FormatException)
            {
                return Refused($"not graded: not a notebook (.ipynb is JSON with a list of cells): {FirstLine(e.Message)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Refused($"not graded: cannot read the file: {e.Message}"); }
            var code = submitted.Cells.Where(c => c.IsCode).Select(c => c.Source).ToList();
            var match = course
                .Select(c => (c.Notebook, c.Exercises, Declared: c.Exercises.Count(e => code.Any(s => TeacherEdition.Declares(s, e.Function)))))
                .OrderByDescending(c => c.Declared).ThenByDescending(c => c.Notebook.Name == Path.GetFileName(file)).First();
            if (match.Declared == 0 && course.All(c => c.Notebook.Name != Path.GetFileName(file)))
                return Refused("not graded: not a notebook of this course: it declares none of the course's exercise functions (" +
                               string.Join(", ", course.SelectMany(c => c.Exercises).Select(e => e.Function).Take(4)) + ", …)");

            var reference = await ReferenceAsync(match.Notebook, match.Exercises);
            clock.Restart(); // the hand-in's own time, without the reference answers (computed once, for the first hand-in of a notebook)
            var cells = new List<string>();
            foreach (var e in match.Exercises)
                foreach (var source in code.Where(s => TeacherEdition.Declares(s, e.Function)).TakeLast(1))
                    if (!cells.Contains(source)) cells.Add(source);
            var run = await RunAsync(match.Notebook, match.Exercises, cells, sandboxed: !request.NoSandbox);
            var grades = match.Exercises.Select(e => Compare(e, code, reference.GetValueOrDefault(e.Step), run.Answers.GetValueOrDefault(e.Step), run.Problems.GetValueOrDefault(e.Step))).ToList();
            return new SubmissionGrade(student, relative, match.Notebook.Name, grades, run.Problem, clock.Elapsed);
        }

        ExerciseGrade Compare(TeacherEdition.Exercise e, List<string> code, JsonObject? reference, JsonObject? got, string? problem)
        {
            if (reference is null) return new(e.Step, e.CheckClass, false, "The reference solution gave no answers: tell whoever maintains the course.", 0, 0);
            var expected = reference["answers"]!.AsArray();
            if (!code.Any(s => TeacherEdition.Declares(s, e.Function)))
                return new(e.Step, e.CheckClass, false, $"Missing: no code cell declares {e.Function}(...) (renamed, or deleted?).", 0, expected.Count);
            if (got is null)
                return new(e.Step, e.CheckClass, false, problem ?? $"No answers: the cell declaring {e.Function} did not compile or run, or the code stopped its own reporting.", 0, expected.Count);
            var answers = got["answers"]?.AsArray() ?? [];
            int right = 0;
            string? first = null;
            for (int i = 0; i < expected.Count; i++)
            {
                var want = expected[i]!.AsObject();
                var have = answers.Count > i ? answers[i] as JsonObject : null;
                if (have is not null && have["input"]?.GetValue<string>() == want["input"]!.GetValue<string>() && have["error"] is null && Same(want["answer"], have["answer"])) { right++; continue; }
                first ??= have?["error"] is { } thrown
                    ? $"For the hidden input {want["input"]}, your code threw {Cut(thrown.GetValue<string>())}."
                    : $"Wrong for the hidden input {want["input"]}: expected {Cut(want["answer"]?.ToJsonString() ?? "")}, got {Cut(have?["answer"]?.ToJsonString() ?? "nothing")}.";
            }
            bool passed = right == expected.Count;
            string formative = got["hint"]?.GetValue<string>() ?? "";
            bool formativePassed = got["formativePassed"]?.GetValue<bool>() == true;
            string hint = passed ? $"Right on all {expected.Count} hidden inputs."
                : formativePassed || formative.Length == 0 ? first! + " (The exercise's own check passed: the hidden inputs go further.)"
                : $"{Cut(formative, 600)} ({first})";
            return new(e.Step, e.CheckClass, passed, hint, right, expected.Count);
        }

        /// <summary>The reference solutions' answers for one notebook, computed once, in a kernel of the grader's own (outside the sandbox: it is the teacher's code).</summary>
        async Task<Dictionary<string, JsonObject>> ReferenceAsync(Notebook notebook, IReadOnlyList<TeacherEdition.Exercise> exercises)
        {
            if (_references.TryGetValue(notebook.Name, out var known)) return known;
            var clock = Stopwatch.StartNew();
            log.WriteLine($"  reference answers for {notebook.Name} …");
            var solved = Notebook.Load(notebook.Path);
            edition.Apply(solved);
            var cells = exercises.Select(e => solved.Cells[e.ExerciseCell].Source).Distinct().ToList();
            var run = await RunAsync(notebook, exercises, cells, sandboxed: false);
            var missing = exercises.Where(e => !run.Answers.ContainsKey(e.Step)).Select(e => e.Step).ToList();
            if (run.Problem is not null || missing.Count > 0)
                throw new InvalidOperationException($"The reference solutions of {notebook.Name} did not run through the hidden checks ({run.Problem ?? "no answers for " + string.Join(", ", missing)}): " +
                                                    $"check {TeacherEdition.SolutionsFile} and {HiddenCheckSource.File}.");
            ReferenceTime += clock.Elapsed;
            return _references[notebook.Name] = run.Answers;
        }

        /// <summary>The answers by exercise, the first problem, and the problem that cost each exercise its answers.</summary>
        sealed record Run(Dictionary<string, JsonObject> Answers, string? Problem, Dictionary<string, string> Problems, string? StoppedAt = null);

        /// <summary>
        /// Runs the exercises in a kernel (<see cref="OnceAsync"/>). When an exercise's probe stops the kernel (an endless
        /// loop, Environment.Exit, too much output or memory), that exercise gets the problem and the ones after it run
        /// again in a fresh kernel, within the time allowed for the notebook: one bad function costs only its own exercise.
        /// </summary>
        async Task<Run> RunAsync(Notebook notebook, IReadOnlyList<TeacherEdition.Exercise> exercises, List<string> cells, bool sandboxed)
        {
            using var budget = new CancellationTokenSource(request.NotebookTimeout);
            var answers = new Dictionary<string, JsonObject>();
            var problems = new Dictionary<string, string>();
            string? first = null;
            var remaining = exercises.ToList();
            while (remaining.Count > 0)
            {
                var run = await OnceAsync(notebook, remaining, cells, sandboxed, budget.Token);
                foreach (var (step, answer) in run.Answers) answers[step] = answer;
                if (run.Problem is null) break;
                first ??= run.Problem;
                int at = run.StoppedAt is null ? -1 : remaining.FindIndex(e => e.Step == run.StoppedAt);
                if (at < 0 || budget.IsCancellationRequested)
                {
                    foreach (var e in remaining.Where(e => !answers.ContainsKey(e.Step))) problems[e.Step] = run.Problem;
                    break;
                }
                problems[remaining[at].Step] = run.Problem;
                remaining = remaining.Skip(at + 1).ToList();
            }
            return new(answers, first, problems);
        }

        /// <summary>One kernel: the course's setup cell, <paramref name="cells"/>, the hidden checks, then one probe per exercise.</summary>
        async Task<Run> OnceAsync(Notebook notebook, IReadOnlyList<TeacherEdition.Exercise> exercises, List<string> cells, bool sandboxed, CancellationToken budget)
        {
            var answers = new Dictionary<string, JsonObject>();
            long written = 0;
            string? problem = null, current = null;
            KernelSession? kernel = null;
            void Watch(KernelEvent e)
            {
                foreach (var value in e.Payload["formattedValues"]?.AsArray() ?? [])
                    if (value?["value"]?.GetValue<string>() is { } text && !text.Contains("data-mlp-plotly-loader", StringComparison.Ordinal)) // the course's own chart script, sent once
                        written += text.Length;
                if (written > OutputLimit && problem is null)
                {
                    problem = $"stopped: it wrote more than {OutputLimit / 1_000_000} MB of output";
                    _ = kernel?.DisposeAsync().AsTask();
                }
            }
            try
            {
                kernel = await KernelSession.StartAsync(Path.GetDirectoryName(notebook.Path)!, TimeSpan.FromMinutes(2), sandboxed ? _sandbox.Wrap : null);
                await using var stop = budget.Register(() =>
                {
                    problem ??= $"stopped: the hand-in ran longer than the {request.NotebookTimeout.TotalSeconds:F0} s allowed for a notebook";
                    _ = kernel.DisposeAsync().AsTask();
                });
                string setup = notebook.Cells.First(c => c.IsCode).Source;
                var ran = await kernel.SubmitAsync(setup, "csharp", TimeSpan.FromMinutes(3), Watch);
                written = 0; // the setup cell's own output (the course's scripts) does not count
                if (Failed(ran) is { } setupFailure) return new(answers, problem ?? $"the course's setup cell failed in the sandbox: {FirstLine(setupFailure)}", []);
                foreach (var cell in cells)
                    await Cell(kernel, cell, Watch); // a cell that does not compile leaves its exercise without answers
                await Cell(kernel, hidden.Cell + "\n\n" + HiddenCheckSource.ProbeCell, Watch);
                foreach (var e in exercises)
                {
                    current = e.Step;
                    var events = await Cell(kernel, $"GradingProbe.Report(\"{e.Step}\", () => HiddenChecks.{e.Step}({e.Function}), () => {e.CheckClass}.Check({e.Function}));", Watch);
                    foreach (var line in StandardOutput(events).Split('\n').Where(l => l.StartsWith(HiddenCheckSource.Marker, StringComparison.Ordinal)))
                    {
                        try
                        {
                            if (JsonNode.Parse(line[HiddenCheckSource.Marker.Length..]) is JsonObject report && report["step"]?.GetValue<string>() == e.Step)
                                answers[e.Step] = report; // the last report of this exercise's own cell
                        }
                        catch (JsonException) { }
                    }
                }
            }
            catch (Exception e) when (e is TimeoutException or KernelDiedException or KernelStartException or IOException or InvalidOperationException or ObjectDisposedException)
            {
                problem ??= e switch
                {
                    TimeoutException => $"stopped: a cell ran longer than the {request.CellTimeout.TotalSeconds:F0} s allowed (an endless loop?)",
                    KernelDiedException or IOException or ObjectDisposedException => "stopped: its kernel ended (Environment.Exit, a crash, or too much memory)",
                    _ => "not graded: " + FirstLine(e.Message),
                };
            }
            finally
            {
                if (kernel is not null) await kernel.DisposeAsync();
            }
            return new(answers, problem, [], problem is null ? null : current);

            async Task<IReadOnlyList<KernelEvent>> Cell(KernelSession k, string source, Action<KernelEvent> watch)
            {
                if (problem is not null) throw new KernelDiedException(problem);
                var events = await k.SubmitAsync(source, "csharp", request.CellTimeout, watch);
                if (problem is not null) throw new KernelDiedException(problem);
                return events;
            }
        }

        static string? Failed(IReadOnlyList<KernelEvent> events) =>
            events.FirstOrDefault(e => e.Type is "CommandFailed" or "ErrorProduced") is { } failed ? failed.Payload["message"]?.GetValue<string>() ?? "failed" : null;

        static string StandardOutput(IReadOnlyList<KernelEvent> events) =>
            string.Concat(events.Where(e => e.Type == "StandardOutputValueProduced")
                .SelectMany(e => e.Payload["formattedValues"]?.AsArray() ?? []).Select(v => v?["value"]?.GetValue<string>()));
    }

    /// <summary>Two answers agree: numbers within a relative 1e-6 (absolute below 1), everything else exactly, shapes included.</summary>
    public static bool Same(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.ContainsKey(p.Key) && Same(p.Value, y[p.Key])),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            Math.Abs(x.GetValue<double>() - y.GetValue<double>()) <= 1e-6 * Math.Max(1, Math.Abs(x.GetValue<double>())),
        (JsonValue x, JsonValue y) => x.ToJsonString() == y.ToJsonString(),
        _ => false,
    };

    static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? text;

    static string Cut(string text, int length = 160) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
