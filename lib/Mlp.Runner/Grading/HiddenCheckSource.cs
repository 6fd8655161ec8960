using System.Text.RegularExpressions;

namespace Mlp.Runner.Grading;

/// <summary>
/// The hidden checks (lib/Mlp.Tests/Exercises/HiddenChecks.cs, on the teacher's side beside the solutions), read as text
/// and sent to a kernel as a cell, together with the probe that runs them and writes the answers out as JSON
/// (<see cref="ProbeCell"/>). The probe only reports: the verdict is computed by the grader (<see cref="Answers"/>).
/// </summary>
public sealed class HiddenCheckSource
{
    public const string File = "lib/Mlp.Tests/Exercises/HiddenChecks.cs";

    /// <summary>What starts the line the probe writes for one exercise (the JSON follows on the same line).</summary>
    public const string Marker = "mlp-grade:";

    HiddenCheckSource(string cell, IReadOnlySet<string> steps) => (Cell, Steps) = (cell, steps);

    /// <summary>The class as a kernel cell (no namespace, no usings: the notebook's own are in scope).</summary>
    public string Cell { get; }

    /// <summary>The exercises it has hidden checks for (the step: "Sigmoid" for SigmoidExercise).</summary>
    public IReadOnlySet<string> Steps { get; }

    public static HiddenCheckSource Load(string repo)
    {
        string path = Path.Combine(repo, File);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"Grading needs the hidden checks in {File}, and there is no such file in {repo}.", path);
        string text = System.IO.File.ReadAllText(path);
        string cell = string.Join("\n", text.Split('\n').Where(l => !Regex.IsMatch(l, @"^\s*(namespace|using)\s+[\w.= ]+;\s*$")));
        var steps = Regex.Matches(text, @"public static IEnumerable<Probe> (?<name>\w+)\s*\(").Select(m => m.Groups["name"].Value).ToHashSet();
        return new HiddenCheckSource(cell, steps);
    }

    /// <summary>
    /// The probe: a small class that runs one exercise's hidden checks and its formative check (for the hint) and writes
    /// one line "mlp-grade:{json}" to stdout. Each answer is computed on its own: an exception is reported for its input only.
    /// </summary>
    public const string ProbeCell = """
        public static class GradingProbe
        {
            public static void Report(string step, Func<IEnumerable<HiddenChecks.Probe>> hidden, Func<ExerciseResult> formative)
            {
                var answers = new System.Text.Json.Nodes.JsonArray();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                foreach (var probe in hidden())
                {
                    try { answers.Add(new System.Text.Json.Nodes.JsonObject { ["input"] = probe.Input, ["answer"] = Json(probe.Answer(), 0) }); }
                    catch (Exception e) { answers.Add(new System.Text.Json.Nodes.JsonObject { ["input"] = probe.Input, ["error"] = e.GetType().Name + ": " + e.Message }); }
                }
                string hint;
                bool passed;
                try { var result = formative(); (passed, hint) = (result.Passed, result.Message); }
                catch (Exception e) { (passed, hint) = (false, e.GetType().Name + ": " + e.Message); }
                var line = new System.Text.Json.Nodes.JsonObject
                {
                    ["step"] = step, ["answers"] = answers, ["formativePassed"] = passed, ["hint"] = hint, ["ms"] = clock.ElapsedMilliseconds,
                };
                Console.Out.WriteLine("mlp-grade:" + line.ToJsonString());
                Console.Out.Flush();
            }

            static System.Text.Json.Nodes.JsonNode Json(object value, int depth)
            {
                if (depth > 4) return "(too deep)";
                switch (value)
                {
                    case null: return "null";
                    case double d: return double.IsFinite(d) ? System.Text.Json.Nodes.JsonValue.Create(d) : d.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    case int or long or bool or string: return System.Text.Json.Nodes.JsonValue.Create(value)!;
                    case Matrix<double> m: return new System.Text.Json.Nodes.JsonObject { ["rows"] = m.Rows, ["cols"] = m.Cols, ["data"] = Json(m.Data, depth + 1) };
                    case Network<double> n: return new System.Text.Json.Nodes.JsonArray(Json(n.W1, depth + 1), Json(n.b1, depth + 1), Json(n.W2, depth + 1), Json(n.b2, depth + 1));
                    case System.Runtime.CompilerServices.ITuple t:
                        return new System.Text.Json.Nodes.JsonArray(Enumerable.Range(0, t.Length).Select(i => Json(t[i]!, depth + 1)).ToArray());
                    case System.Collections.IEnumerable items:
                        var array = new System.Text.Json.Nodes.JsonArray();
                        foreach (var item in items) { if (array.Count >= 100_000) break; array.Add(Json(item, depth + 1)); }
                        return array;
                    default: return value.GetType().Name;
                }
            }
        }
        """;
}
