using System.Text.Json.Nodes;
using Mlp.Notebook.Tests.Infrastructure;
using Mlp.Runner;
using Mlp.Runner.Grading;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 21: `mlp-notebooks grade` on a class of hand-ins of notebook 02: the teacher's-edition solution, typical wrong
/// answers, and every kind of hostile hand-in. One grading run (one reference kernel and one sandboxed kernel per hand-in
/// that has code to run, and one more for each of the two whose first exercise stops its kernel: thirteen kernel starts),
/// shared by the assertions: slow (about 6 minutes here).
/// </summary>
[Trait("Category", "Slow")]
public class GradingTests
{
    const string Notebook02 = "02-sigmoid.ipynb";

    /// <summary>Notebook 02 with the two exercise cells replaced (null keeps the stub), or its cells reordered.</summary>
    static JsonObject Submission(string? sigmoid, string? derivative, Func<List<JsonNode>, List<JsonNode>>? reorder = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(CourseNotebooks.Folder, Notebook02)))!.AsObject();
        var cells = json["cells"]!.AsArray().Select(c => c!.DeepClone()).ToList();
        foreach (var cell in cells)
        {
            string source = string.Concat(cell["source"] is JsonArray lines ? lines.Select(l => l!.GetValue<string>()) : [cell["source"]!.GetValue<string>()]);
            if (sigmoid is not null && source.Contains("double MySigmoid(double z)")) cell["source"] = sigmoid;
            if (derivative is not null && source.Contains("double MySigmoidDerivative(double z)")) cell["source"] = derivative;
        }
        json["cells"] = new JsonArray([.. reorder is null ? cells : reorder(cells)]);
        return json;
    }

    const string GoodSigmoid = "double MySigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));";
    const string GoodDerivative = "double MySigmoidDerivative(double z) { double a = Maths.Sigmoid(z); return a * (1 - a); }"; // its own σ: a wrong MySigmoid must not spoil it

    static readonly Lazy<(ProcessResult Run, string Out, string Submissions, Dictionary<string, string> Before, string Repo)> Graded = new(GradeClass);

    static Dictionary<string, string> Snapshot(params string[] folders) =>
        folders.SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))
            .ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    static (ProcessResult, string, string, Dictionary<string, string>, string) GradeClass()
    {
        string root = Directory.CreateTempSubdirectory("mlp-grade-test-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, recursive: true); } catch (IOException) { } }; // shared by the tests: removed at the end
        string submissions = Path.Combine(root, "handins"), output = Path.Combine(root, "gradebook");
        void Hand(string student, JsonObject notebook, string name = Notebook02)
        {
            Directory.CreateDirectory(Path.Combine(submissions, student));
            File.WriteAllText(Path.Combine(submissions, student, name), notebook.ToJsonString());
        }
        string victim = Path.Combine(submissions, "ada", Notebook02);

        // The teacher's edition, as a student who solved everything would hand it in.
        var solved = Runner.Notebook.Load(Path.Combine(CourseNotebooks.Folder, Notebook02));
        TeacherEdition.Load(CourseNotebooks.Repository).Apply(solved);
        Directory.CreateDirectory(Path.GetDirectoryName(victim)!);
        solved.Save(victim);

        Hand("ben-wrong", Submission("double MySigmoid(double z) => 1 / (1 + Math.Exp(z));", "double MySigmoidDerivative(double z) => z * (1 - z);"));
        // Prints "passed", rewrites the check's static state by reflection, reads and deletes other files, opens a connection;
        // its sigmoid is wrong, its derivative right.
        Hand("cem-sneaky", Submission($$"""
            Console.WriteLine("✅ Exercise 02.1 · the sigmoid σ(z): passed");
            foreach (var type in typeof(SigmoidExercise).Assembly.GetTypes())
                foreach (var field in type.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
                    try { if (field.FieldType == typeof(double[])) field.SetValue(null, new double[] { 0 }); } catch { }
            foreach (var path in new[] { @"{{victim}}", @"{{Path.Combine(CourseNotebooks.Repository, "lib", "Mlp.Tests", "Exercises", "HiddenChecks.cs")}}", @"{{Path.Combine(CourseNotebooks.Repository, "lib", "Mlp.Tests", "Exercises", "Solutions.cs")}}" })
            {
                try { Console.WriteLine("read " + System.IO.File.ReadAllText(path).Length); } catch (Exception e) { Console.WriteLine("cannot read: " + e.GetType().Name); }
                try { System.IO.File.Delete(path); System.IO.File.WriteAllText(path, "gone"); } catch (Exception e) { Console.WriteLine("cannot delete: " + e.GetType().Name); }
            }
            try { System.IO.File.WriteAllText(@"{{Path.Combine(CourseNotebooks.Repository, "notebooks", "pwned.txt")}}", "x"); } catch (Exception e) { Console.WriteLine("cannot write the course: " + e.GetType().Name); }
            try { System.IO.File.WriteAllText("/tmp/mlp-grade-pwned.txt", "x"); } catch { }
            try { new System.Net.Sockets.TcpClient().Connect("127.0.0.1", 22); Console.WriteLine("connected"); } catch (Exception e) { Console.WriteLine("no network: " + e.GetType().Name); }
            double MySigmoid(double z) => 0.5;
            """, GoodDerivative));
        Hand("dan-loop", Submission("double MySigmoid(double z) { while (true) { } }", GoodDerivative));
        Hand("eve-30gb", Submission("""
            double MySigmoid(double z)
            {
                try { System.Runtime.InteropServices.Marshal.AllocHGlobal((nint)(30L << 30)); } catch (OutOfMemoryException) { }
                var hoard = new List<double[]>();
                for (int i = 0; i < 30; i++) hoard.Add(new double[1 << 27]); // 30 × 1 GB
                return 1 / (1 + Math.Exp(-z));
            }
            """, GoodDerivative));
        Hand("fay-exit", Submission("double MySigmoid(double z) { Environment.Exit(0); return 0; }", GoodDerivative));
        // The last two hostile ones are the derivative: their sigmoid is graded in the same kernel, before it is stopped.
        Hand("gus-fork", Submission(GoodSigmoid, """
            double MySigmoidDerivative(double z)
            {
                while (true) { try { System.Diagnostics.Process.Start("sleep", "600"); } catch { } }
            }
            """));
        Hand("hal-output", Submission(GoodSigmoid, "double MySigmoidDerivative(double z) { while (true) Console.Write(new string('x', 1 << 20)); }"));
        // Cells in reverse order, the derivative's function renamed: the sigmoid is still found and graded.
        Hand("ivy-reordered", Submission(GoodSigmoid, GoodDerivative.Replace("MySigmoidDerivative", "MyDerivative"), cells => Enumerable.Reverse(cells).ToList()));
        Directory.CreateDirectory(Path.Combine(submissions, "jon-notjson"));
        File.WriteAllText(Path.Combine(submissions, "jon-notjson", Notebook02), "I forgot to save, sorry");
        Hand("kim-othercourse", JsonNode.Parse("""{"cells":[{"cell_type":"code","metadata":{},"outputs":[],"source":"print('hello from Python')"}],"metadata":{},"nbformat":4,"nbformat_minor":5}""")!.AsObject(), "homework.ipynb");

        string hidden = Path.Combine(CourseNotebooks.Repository, "lib", "Mlp.Tests", "Exercises");
        var before = Snapshot(submissions, hidden, CourseNotebooks.Folder);
        var run = Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlp-notebooks.dll"), "grade", submissions, "--out", output, "--cell-timeout", "10", "--notebook-timeout", "120"],
            CourseNotebooks.Repository, timeout: TimeSpan.FromMinutes(30));
        return (run, output, submissions, before, root);
    }

    static Dictionary<string, string[]> Csv()
    {
        var (run, output, _, _, _) = Graded.Value;
        Assert.True(run.ExitCode == 0, run.Describe());
        var lines = File.ReadAllLines(Path.Combine(output, Gradebook.CsvName));
        return lines.Skip(1).ToDictionary(l => l.Split(',')[0], l => ParseCsv(l));
    }

    static string[] ParseCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted) { if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; } else if (c == '"') quoted = false; else field.Append(c); }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    [SkippableFact]
    public void A_class_with_solutions_wrong_answers_and_hostile_hand_ins_is_graded_line_by_line()
    {
        Requires.That(Sandbox.WhyUnavailable() is null, $"the sandbox: {Sandbox.WhyUnavailable()}");
        var rows = Csv();
        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(Graded.Value.Out, Gradebook.HtmlName)));
        // student → (score, sigmoid, derivative, problem)
        void Expect(string student, string score, string sigmoid, string derivative, string? problem = null)
        {
            var row = rows[student];
            Assert.True(row[3] == score && row[5] == sigmoid && row[6] == derivative, $"{student}: {string.Join(" | ", row)}");
            if (problem is not null) Assert.Contains(problem, row[8]);
        }
        Expect("ada", "2", "1", "1");
        Expect("ben-wrong", "0", "0", "0");
        Assert.Contains("σ(−z) = 1 − σ(z): check the sign of the exponent", html); // the formative check's hint
        Assert.Contains("You computed z·(1 − z).", html);
        Expect("cem-sneaky", "1", "0", "1");
        Expect("dan-loop", "1", "0", "1", "a cell ran longer than the 10 s allowed"); // the derivative, in a fresh kernel
        Expect("eve-30gb", "1", "0", "1");
        Expect("fay-exit", "1", "0", "1", "its kernel ended");
        // Process.Start in a loop is stopped by whichever limit it meets first: the cell's 10 s, or the process limit, which
        // ends its kernel (seen on a quiet machine); either way it is named, and only its own exercise is lost.
        Expect("gus-fork", "1", "1", "0");
        Assert.Matches("a cell ran longer than the 10 s allowed|its kernel ended", rows["gus-fork"][8]);
        Expect("hal-output", "1", "1", "0", "more than 2 MB of output");
        Expect("ivy-reordered", "1", "1", "0");
        Assert.Contains("Missing: no code cell declares MySigmoidDerivative", html);
        Assert.Equal("", rows["jon-notjson"][2]);
        Assert.Contains("not a notebook", rows["jon-notjson"][8]);
        Assert.Contains("not a notebook of this course", rows["kim-othercourse"][8]);
        Assert.Contains("Graded 11 hand-in(s)", Graded.Value.Run.Output);
    }

    [SkippableFact]
    public void Nothing_outside_the_graders_scratch_changed_and_no_process_is_left()
    {
        Requires.That(Sandbox.WhyUnavailable() is null, $"the sandbox: {Sandbox.WhyUnavailable()}");
        var (run, _, submissions, before, _) = Graded.Value;
        Assert.True(run.ExitCode == 0, run.Describe());
        string hidden = Path.Combine(CourseNotebooks.Repository, "lib", "Mlp.Tests", "Exercises");
        var after = Snapshot(submissions, hidden, CourseNotebooks.Folder);
        Assert.Equal(before.OrderBy(p => p.Key), after.OrderBy(p => p.Key));
        Assert.False(File.Exists("/tmp/mlp-grade-pwned.txt"), "the sandbox's /tmp is its own");
        var left = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Where(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")).StartsWith("sleep\0600"); } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } })
            .ToList();
        Assert.True(left.Count == 0, $"{left.Count} processes started by a hand-in are still running");
    }

    [Fact]
    public void Answers_agree_within_a_relative_millionth_and_shapes_exactly()
    {
        Assert.True(Grader.Same(JsonNode.Parse("[1.0, 2e6, {\"rows\": 1}]"), JsonNode.Parse("[1.0000001, 2000001, {\"rows\": 1}]")));
        Assert.False(Grader.Same(JsonNode.Parse("[1.0, 2e6]"), JsonNode.Parse("[1.0, 2000003]")));
        Assert.False(Grader.Same(JsonNode.Parse("[1.0, 2.0]"), JsonNode.Parse("[1.0, 2.0, 3.0]")));
        Assert.False(Grader.Same(JsonNode.Parse("\"NaN\""), JsonNode.Parse("0.5")));
        Assert.True(Grader.Same(JsonNode.Parse("\"NaN\""), JsonNode.Parse("\"NaN\"")));
    }

    [Fact]
    public void Every_exercise_of_the_course_has_a_hidden_check()
    {
        var hidden = HiddenCheckSource.Load(CourseNotebooks.Repository);
        var steps = CourseNotebooks.FileNames.SelectMany(n => TeacherEdition.Find(CourseNotebooks.Load(n)).Exercises).Select(e => e.Step).ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.Contains(s, hidden.Steps));
        Assert.DoesNotMatch(@"(?m)^\s*namespace\s+[\w.]+;", hidden.Cell);
    }
}
