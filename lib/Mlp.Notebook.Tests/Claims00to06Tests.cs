using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// What the prose of notebooks 00–06 says, asserted on what their cells print on the default settings (each notebook
/// runs once in the real kernel, shared with the other notebook tests) or recomputed with the library. A change that
/// makes a sentence false fails here; the sentence is quoted in each test's comment.
/// </summary>
public class Claims00to06Tests
{
    static readonly string[] StepNotebooks =
        ["01-initialization.ipynb", "02-sigmoid.ipynb", "03-softmax.ipynb", "04-forward-pass.ipynb", "05-loss.ipynb", "06-backpropagation.ipynb"];

    static Task<NotebookResult> RunAsync(string name) => CourseNotebooks.RunSucceededAsync(name);

    /// <summary>A named value of the cell's results tables (<see cref="Results"/>), read by its name, as the page holds it.</summary>
    static string Text(CellResult cell, string name)
    {
        var values = Results.Read(cell.Data("text/html"));
        Assert.True(values.TryGetValue(name, out var v), $"no value \"{name}\" in the cell's results ({string.Join(", ", values.Keys)}):\n{cell.Source}");
        return v!;
    }

    /// <summary>A named number of the cell's results tables (<see cref="Results"/>), read by its name (its exact value, not its rounding).</summary>
    static double Result(CellResult cell, string name) => double.Parse(Text(cell, name), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value a reader sees beside <paramref name="name"/> in the cell's results table (rounded as shown).</summary>
    static string Shown(CellResult cell, string name)
    {
        var m = Regex.Match(string.Concat(cell.Data("text/html")),
            $"<tr data-name=\"{Regex.Escape(System.Net.WebUtility.HtmlEncode(name))}\"[^>]*><td[^>]*>[^<]*</td><td[^>]*>(?<shown>[^<]*)</td>");
        Assert.True(m.Success, $"no row \"{name}\" in the cell's results:\n{cell.Source}");
        return System.Net.WebUtility.HtmlDecode(m.Groups["shown"].Value);
    }

    static Runner.Notebook Load(string name) => CourseNotebooks.Load(name);

    static int IndexOf(Runner.Notebook nb, string text) =>
        nb.Cells.Select((c, i) => (c, i)).Single(x => x.c.Source.Contains(text, StringComparison.Ordinal)).i;

    // ── the structure every step notebook shares ─────────────────────────────────────────────────

    /// <summary>"The library's version of a step is shown after the student's check, not before."</summary>
    [Theory]
    [MemberData(nameof(StepNotebookNames))]
    public void The_library_code_comes_after_the_last_exercise_check(string name)
    {
        var nb = Load(name);
        var cells = nb.Cells.Select((c, i) => (c, i)).ToList();
        int lastCheck = cells.Last(x => x.c.IsCode && Regex.IsMatch(x.c.Source, @"\w+Exercise\.Check\(")).i;
        int firstLibrary = cells.First(x => x.c.IsCode && x.c.Source.Contains("LibraryCode.Show")).i;
        Assert.True(firstLibrary > lastCheck, $"{name}: the library's code (cell {firstLibrary}) is shown before the exercise check in cell {lastCheck}");
        Assert.Contains("Compare with the library's code", nb.Cells[firstLibrary - 1].Source);
    }

    /// <summary>"The code appears once every check above passes (until then the cell says which are still to pass)": in the student's
    /// edition, whose exercises are not written, every library-code cell after the exercises shows which checks are still to pass, and no code.</summary>
    [Theory]
    [MemberData(nameof(StepNotebookNames))]
    public async Task The_library_code_is_held_back_until_the_checks_pass(string name)
    {
        var result = await RunAsync(name);
        var library = result.Cells.Where(c => c.Source.Contains("LibraryCode.Show(") && c.Source.Contains("afterExercises:")).ToList();
        Assert.NotEmpty(library);
        foreach (var cell in library)
        {
            string html = Assert.Single(cell.Data("text/html"));
            Assert.Contains("mlp-locked", html);
            Assert.Contains($"Exercise {name[..2]}.1", html);
            Assert.DoesNotContain("<pre", html);
        }
        Assert.Equal(2, Mlp.Exercises.ExerciseLog.Titles("01").Count);
        Assert.Contains("afterExercises", Assert.Single(Load(name).Cells, c => c.Source.StartsWith("LibraryCode.Show(\"Lesson/")).Source);
    }

    /// <summary>Exercise cells stay recognisable (a ✏️ Exercise NN.K comment, a NotImplementedException body), and their TODO says what to compute.</summary>
    [Theory]
    [MemberData(nameof(StepNotebookNames))]
    public void Every_exercise_cell_is_marked_and_numbered_and_checked(string name)
    {
        var nb = Load(name);
        string number = name[..2];
        var exercises = nb.Cells.Where(c => c.IsCode && c.Source.Contains("throw new NotImplementedException()")).ToList();
        Assert.NotEmpty(exercises);
        // The teacher's edition takes every cell that mentions NotImplementedException for an exercise.
        Assert.Equal(exercises.Count, nb.Cells.Count(c => c.IsCode && c.Source.Contains("NotImplementedException")));
        for (int k = 0; k < exercises.Count; k++)
        {
            string source = exercises[k].Source;
            Assert.StartsWith($"// ✏️ Exercise {number}.{k + 1} — ", source);
            Assert.Contains("\n// Your code here.\n", source);   // the teacher's edition replaces this marker
            Assert.Contains("// TODO: ", source);
            string function = Regex.Match(source, @"\b(My\w+)\(").Groups[1].Value;
            Assert.Contains(nb.Cells, c => c.IsCode && Regex.IsMatch(c.Source, $@"^\w+Exercise\.Check\({function}\)$"));
        }
    }

    /// <summary>Each notebook's closing "Next:" points at the notebook that really comes next (00 c19 said the sigmoid).</summary>
    [Theory]
    [InlineData("00-data.ipynb", "01-initialization.ipynb")]
    [InlineData("01-initialization.ipynb", "02-sigmoid.ipynb")]
    [InlineData("02-sigmoid.ipynb", "03-softmax.ipynb")]
    [InlineData("03-softmax.ipynb", "04-forward-pass.ipynb")]
    [InlineData("04-forward-pass.ipynb", "05-loss.ipynb")]
    [InlineData("05-loss.ipynb", "06-backpropagation.ipynb")]
    [InlineData("06-backpropagation.ipynb", "07-training.ipynb")]
    public void Next_points_at_the_next_notebook(string name, string next)
    {
        var last = Load(name).Cells.Last();
        Assert.Contains("**Next:**", last.Source);
        Assert.Contains($"({next})", last.Source);
        Assert.True(File.Exists(Path.Combine(CourseNotebooks.Folder, next)));
    }

    public static TheoryData<string> StepNotebookNames() => new(StepNotebooks);

    /// <summary>TEACHING.md's lab plan: "a core path" of at most 3 hours, and every section a notebook marks "## Optional · …" listed in the
    /// table's row for that notebook (and nothing listed there that the notebook does not mark).</summary>
    [Fact]
    public void The_lab_plan_fits_three_hours_and_lists_every_optional_section()
    {
        string teaching = File.ReadAllText(Path.Combine(CourseNotebooks.Folder, "TEACHING.md"));
        var rows = Regex.Matches(teaching, @"^\| (\d\d) · [^|]+\|[^|]+\| (\d+) \| ([^|]+) \|$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (Minutes: int.Parse(m.Groups[2].Value), Optional: m.Groups[3].Value.Trim()));
        Assert.Equal(CourseNotebooks.FileNames.Where(n => Regex.IsMatch(n, @"^0[0-8]-")).Select(n => n[..2]), rows.Keys.Order());
        Assert.InRange(rows.Values.Sum(r => r.Minutes), 60, 180);
        Assert.Contains($"| **core path** | **{rows.Values.Sum(r => r.Minutes)}** |", teaching);
        foreach (var (number, row) in rows)
        {
            var name = CourseNotebooks.FileNames.Single(n => n.StartsWith(number + "-", StringComparison.Ordinal));
            var marked = Load(name).Cells.Where(c => !c.IsCode)
                .SelectMany(c => Regex.Matches(c.Source, @"^## Optional · (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value)).ToList();
            var listed = row.Optional == "–" ? [] : row.Optional.Split("; ").ToList();
            Assert.Equal(marked.Count, listed.Count);
            for (int i = 0; i < marked.Count; i++)
            {
                string first = Regex.Replace(listed[i], @"\s*\(.*$", "").ToLowerInvariant();
                Assert.True(marked[i].ToLowerInvariant().Contains(first.Split(' ')[0]), $"{name}: marked \"{marked[i]}\", listed \"{listed[i]}\"");
            }
        }
    }

    // ── 00 · the data ──────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_00_class_balance_and_pixel_shares_are_as_stated()
    {
        var result = await RunAsync("00-data.ipynb");
        // "every digit makes up roughly 1/10 of the images (from 9.0% for the 5s to 11.2% for the 1s)";
        // "always answering the most common digit, 1, would score only about 11%".
        var counts = result.Cell("int rarest = ");
        Assert.Equal(5, Result(counts, "rarest digit"));
        Assert.Equal(1, Result(counts, "commonest digit"));
        Assert.Equal(0.090, Result(counts, "its share"), 0.0015);
        Assert.Equal(0.112, Result(counts, "share of the commonest"), 0.0015);
        Assert.Equal("9.0 %", Shown(counts, "its share"));   // as the prose quotes it, "9.0%"
        Assert.Equal("11.2 %", Shown(counts, "share of the commonest"));

        // "Around four fifths of all pixels (83%) are background"; "a smaller peak near 1 ... the few values in between".
        var pixels = result.Cell("var bins = new double[10];");
        Assert.Equal(0.83, Result(pixels, "background share (pixels below 0.1)"), 0.005);
        var shares = CellOutputs.Figures(pixels).Single().GetProperty("data")[0].GetProperty("y").EnumerateArray().Select(y => y.GetDouble()).ToArray();
        Assert.Equal(10, shares.Length);
        Assert.Equal(Result(pixels, "background share (pixels below 0.1)"), shares[0], 1e-12);
        Assert.All(shares[1..9], s => Assert.True(s < shares[9] / 4, $"a middle bin holds {s}, the top bin {shares[9]}"));
    }

    // ── 01 · initialisation ─────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_01_the_forward_argument_holds_with_MNIST_numbers()
    {
        var result = await RunAsync("01-initialization.ipynb");
        var cell = result.Cell("double meanSquare = ");
        // "x̄² ≈ 0.11 (measured below) and std(z) ≈ √0.11 ≈ 0.33"; "activations start at about 0.5 ± 0.08".
        Assert.Equal(0.11, Result(cell, "mean of x²"), 0.01);
        double predicted = Result(cell, "predicted std(z) = √(mean of x²)"), measured = Result(cell, "measured std(z)");
        Assert.Equal(0.33, predicted, 0.015);
        Assert.Equal(predicted, measured, predicted * 0.05);
        Assert.Equal(0.25 * predicted, Result(cell, "predicted std(a1) = σ'(0)·std(z)"), 1e-12);
        Assert.Equal(0.08, Result(cell, "measured std(a1)"), 0.01);
        Assert.Equal(0.5, Result(cell, "measured mean of a1"), 0.01);

        // "for W1 (784 → 64) the two rules give standard deviations 0.0357 and 0.0486, printed below".
        string table = Assert.Single(result.Cell("lecunStd = ").Data("text/html"));
        Assert.Contains("0.0357", table);
        Assert.Contains("0.0486", table);
    }

    [Fact]
    public async Task Notebook_01_weight_statistics_are_printed_cleanly_and_near_their_targets()
    {
        var cell = (await RunAsync("01-initialization.ipynb")).Cell("(double Mean, double Std) Stats(float[] values)");
        foreach (var name in new[] { "mean of W1", "mean of W2" })
            Assert.Matches(@"^[+-]?0\.\d{4}$", Shown(cell, name));   // it once printed "mean -+0.0000"
        // "W1 has 50,176 weights, so its sample statistics are close to the targets; W2 ... typically off by about 0.0035 (its mean by 0.005)".
        Assert.Equal(Math.Sqrt(1.0 / 784), Result(cell, "target std of W1 = √(1/784)"), 1e-12);
        Assert.Equal(0.125, Result(cell, "target std of W2 = √(1/64)"), 1e-12);
        Assert.Equal(Math.Sqrt(1.0 / 784), Result(cell, "std of W1"), 0.0005);
        Assert.Equal(0, Result(cell, "mean of W1"), 0.0005);
        Assert.Equal(0.125, Result(cell, "std of W2"), 3 * 0.0035);
        Assert.Equal(0, Result(cell, "mean of W2"), 3 * 0.005);
        Assert.Equal(0, Result(cell, "largest |b| in b1 and b2"));   // both biases start at zero
    }

    [Fact]
    public async Task Notebook_01_too_small_right_and_too_large_scales_behave_as_described()
    {
        var cell = (await RunAsync("01-initialization.ipynb")).Cell("double[] scales = [0.001, Math.Sqrt(1.0 / 784), 1.0];");
        // "std(z) = scale·√(784·x̄²) ≈ scale·9.3 (the factor … is the first row of the table)"; "the table's measured values differ
        // from these predictions by a few percent".
        double factor = Result(cell, "√(784·mean(x²))");
        Assert.Equal(9.3, factor, 0.05);
        foreach (var (name, scale) in new[] { ("scale 0.001", 0.001), ("scale 0.03571", Math.Sqrt(1.0 / 784)), ("scale 1", 1.0) })
            Assert.Equal(scale * factor, Result(cell, $"{name}: std(z)"), 0.05 * scale * factor);
        // Too small: "std(z) ≈ 0.01, so every a1 is 0.500 ± 0.002".
        Assert.Equal(0.01, Result(cell, "scale 0.001: std(z)"), 0.002);
        Assert.Equal(0.500, Result(cell, "scale 0.001: mean(a1)"), 0.0005);
        Assert.True(Result(cell, "scale 0.001: std(a1)") <= 0.003);
        // Right: "std(z) ≈ 0.33, so a1 ≈ 0.5 ± 0.08 ... no unit is saturated".
        Assert.Equal(0.33, Result(cell, "scale 0.03571: std(z)"), 0.03);
        Assert.Equal(0.08, Result(cell, "scale 0.03571: std(a1)"), 0.01);
        Assert.Equal(0, Result(cell, "scale 0.03571: saturated"));
        // Too large: "std(z) ≈ 9.3, so most a1 sit near 0 or 1".
        Assert.True(Result(cell, "scale 1: saturated") > 0.5);
    }

    [Fact]
    public async Task Notebook_01_all_zero_units_are_identical_and_the_training_preview_is_labelled_and_last()
    {
        var result = await RunAsync("01-initialization.ipynb");
        // "the largest difference between any hidden unit's activation and unit 0's": 0 for all-zero weights.
        var symmetry = result.Cell("var allZero = new Network<float>");
        Assert.Equal(0, Result(symmetry, "all-zero weights"));
        Assert.True(Result(symmetry, "random weights") > 0.1);

        // Nothing trains before the preview, which comes after the exercises, says what it is and is marked optional.
        var nb = Load("01-initialization.ipynb");
        int preview = IndexOf(nb, "## Optional · Preview of notebook 07");
        Assert.True(preview > IndexOf(nb, "InitNetworkExercise.Check(MyInitNetwork)"));
        Assert.DoesNotContain(nb.Cells.Take(preview), c => c.IsCode && (c.Source.Contains("Trainer") || c.Source.Contains(".Fit(")));
        // The test set is kept for notebook 08: the preview scores on a validation set.
        Assert.DoesNotContain(nb.Cells, c => c.IsCode && Regex.IsMatch(Regex.Replace(c.Source, "//.*", ""), @"\btest\b|\.Test\b"));

        // "The all-zero network learns something (far above the 10% of guessing) ... far behind the random starts. The start with
        //  scale 1 trains too, but after the same 3 epochs it is several points behind the lesson's start. The start with scale 0.001
        //  does as well as the lesson's (within a point)."
        var training = result.Cell("var options = new TrainingOptions");
        double zero = Result(training, "all-zero start: validation accuracy"), lecun = Result(training, "√(1/784) start: validation accuracy"),
               large = Result(training, "scale 1 start: validation accuracy"), tiny = Result(training, "scale 0.001 start: validation accuracy");
        Assert.InRange(zero, 0.15, 0.6);
        Assert.True(lecun > zero + 0.3, $"lesson's start {lecun}, all-zero {zero}");
        Assert.True(lecun > large + 0.03 && large > zero, $"lesson's start {lecun}, scale 1 {large}, all-zero {zero}");
        Assert.InRange(tiny - lecun, -0.01, 0.01);
        Assert.DoesNotContain(nb.Cells, c => c.Source.Contains("too small makes all units alike"));

        // "The units of the all-zero network are exactly equal"; "W1 changed by about as much as its own size".
        var columns = result.Cell("LargestDifferenceBetweenColumns(zero.W1)");
        Assert.Equal(0, Result(columns, "all-zero start: largest |W1[i, j] − W1[i, 0]|"));
        Assert.True(Result(columns, "√(1/784) start: largest |W1[i, j] − W1[i, 0]|") > 0.1);   // "The randomly started units all differ"
        Assert.InRange(Result(columns, "√(1/784) start: relative change of W1"), 0.5, 2.0);
    }

    /// <summary>Step 1's doc comment: "the sigmoid starts in its steep, nearly straight middle" (01 says "the nearly straight middle"),
    /// not "neither flat nor linear"; step 3's: "a row [1000, 0] gives [1, 0] (e^(−1000) underflows to 0)".</summary>
    [Fact]
    public void The_lesson_doc_comments_say_what_the_notebooks_show()
    {
        string lesson = Path.Combine(CourseNotebooks.Folder, "..", "lib", "Mlp", "Lesson");
        string init = File.ReadAllText(Path.Combine(lesson, "01-Initialization.cs"));
        Assert.DoesNotContain("neither flat", init);
        Assert.Contains("nearly straight middle", init);
        Assert.Contains("(on MNIST about 0.11, so std(z) ≈ 0.33)", init);
        Assert.Contains("a row [1000, 0] gives [1, 0] (e^(−1000) underflows to 0)", File.ReadAllText(Path.Combine(lesson, "03-Softmax.cs")));
        Assert.Equal([1.0, 0.0], Maths.Softmax(Matrix<double>.FromRows([[1000.0, 0.0]])).Data);
        Assert.Equal(0.0, Math.Exp(-1000));
    }

    // ── 02 · sigmoid ────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_02_cancellation_in_one_minus_sigma_is_as_measured()
    {
        var cell = (await RunAsync("02-sigmoid.ipynb")).Cell("double[] large = [10, 20, 30, 36, 40];");
        var rows = CellOutputs.TableRows(cell, "σ'(z) computed two ways, in double")
            .ToDictionary(r => r["z"], r => (Subtracted: r["subtracted"], Accurate: r["accurate"], Relative: r["relativeError"]));
        // "a relative error near 10⁻³" at z = 30 (the third digit differs); "past z ≈ 36.7 ... 1 − σ(z) = 0".
        Assert.InRange(rows[30].Relative, 3e-4, 3e-3);
        Assert.True(rows[36].Subtracted > 0);
        Assert.Equal(0, rows[40].Subtracted);
        Assert.True(rows[40].Accurate > 0);
        Assert.True(rows[10].Relative < 1e-10);
        // "in float ... 1 − σ(z) is exactly 0 from z ≈ 17 on (the last table above)".
        Assert.True(Result(cell, "1 − σ(16)") > 0);
        Assert.Equal(0, Result(cell, "1 − σ(17)"));

        // "Notebook 06's gradient check guards against that: its denominator is never below 10⁻⁸ … this cancellation at z = 30 passes
        // easily: far below the 10⁻⁶ that a correct gradient meets in notebook 06"; 06 writes the floor into its formula.
        var relative = (await RunAsync("02-sigmoid.ipynb")).Cell("GradientCheck.RelativeError(naive, exact)");
        Assert.InRange(Result(relative, "|a − b| / (|a| + |b|)"), 1e-4, 1e-2);
        Assert.True(Result(relative, "GradientCheck.RelativeError(a, b)") < 1e-6 / 10);
        Assert.Equal(1, GradientCheck.RelativeError(1e-8, 0), 12);                      // |a| + |b| = 1e-8 is the floor itself
        Assert.Equal(1e-12 / 1e-8, GradientCheck.RelativeError(1e-12, 0), 12);          // below it, divided by the floor
        Assert.Contains(Load("06-backpropagation.ipynb").Cells, c => c.Source.Contains(@"$|a - b| / \max(|a| + |b|,\ 10^{-8})$"));
        Assert.DoesNotContain(Load("02-sigmoid.ipynb").Cells, c => c.Source.Contains("would fail notebook 06's gradient check"));
        Assert.DoesNotContain(Load("02-sigmoid.ipynb").Cells, c => c.Source.Contains("cannot separate the digits well"));
    }

    /// <summary>02's claims about the library's sigmoid, scalar and matrix, recomputed.</summary>
    [Fact]
    public void Notebook_02_the_matrix_sigmoid_applies_the_scalar_one_which_never_overflows()
    {
        // "the matrix version ... applies this same function to every element" and "equal everywhere".
        double[] zs = [-1000, -745, -30, -1, 0, 0.5, 30, 1000];
        var matrix = Maths.Sigmoid(Matrix<double>.FromRows([zs])).Data;
        for (int i = 0; i < zs.Length; i++)
            Assert.Equal(Maths.Sigmoid(zs[i]), matrix[i]);
        Assert.Equal(0, matrix[0]);
        float[] fs = [-1000f, -100f, 100f, 1000f];
        var inFloat = Maths.Sigmoid(Matrix<float>.FromRows([fs])).Data;
        Assert.Equal(fs.Select(z => Maths.Sigmoid(z)).ToArray(), inFloat);
        Assert.Equal(new float[] { 0, 1, 1 }, new[] { inFloat[0], inFloat[2], inFloat[3] }); // σ(−100) is e^−100, a tiny float above 0
        // The scalar σ picks the form whose exponent is never positive: finite everywhere, exact symmetry σ(−z) = 1 − σ(z) for small z.
        foreach (double z in new[] { -1000.0, -709.9, 709.9, 1000 }) Assert.True(double.IsFinite(Maths.Sigmoid(z)));
        // "σ'(5) ≈ 0.0066 and σ'(10) ≈ 0.000045".
        Assert.Equal(0.0066, Maths.SigmoidDerivative(5.0), 0.00005);
        Assert.Equal(0.000045, Maths.SigmoidDerivative(10.0), 0.0000005);
    }

    // ── 03 · softmax ────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_03_ratios_shift_invariance_overflow_and_temperature_are_as_stated()
    {
        var result = await RunAsync("03-softmax.ipynb");
        // "3.0 versus 2.1 gives a ratio e^0.9 ≈ 2.46".
        var ratio = result.Cell("p[3] / p[8]");
        Assert.Equal(Result(ratio, "e^0.9"), Result(ratio, "p[3] / p[8]"), 1e-4);
        Assert.Equal(2.46, Result(ratio, "p[3] / p[8]"), 0.005);
        Assert.Equal(1, Result(result.Cell("double[] scores = ["), "sum of the probabilities"), 1e-12);
        // "the probabilities stay the same, up to the rounding of a double (about 10⁻¹⁵)".
        Assert.True(Result(result.Cell("double shift = 1000;"), "largest change after adding 1000 to every score") < 1e-14);
        // "Without the max subtraction, e^1000 overflows ... NaN".
        var overflow = result.Cell("double[] big = [1000, 999, 998];");
        Assert.Equal("[NaN, NaN, NaN]", Text(overflow, "naive formula"));
        Assert.Equal(Text(overflow, "library, of [2, 1, 0]"), Text(overflow, "library"));
        Assert.DoesNotContain("NaN", Text(overflow, "library"));
        // "Multiplying all scores by a factor makes softmax more confident (factor > 1) or more uniform (factor < 1)".
        var sharpness = result.Cell("double[] factors = [0.25, 1.0, 4.0];");
        double quarter = Result(sharpness, "scores × 0.25"), one = Result(sharpness, "scores × 1"), four = Result(sharpness, "scores × 4");
        Assert.True(quarter < one && one < four, $"{quarter}, {one}, {four}");
        Assert.InRange(quarter, 0.1, 0.25);
        Assert.True(four > 0.9);
    }

    // ── 04 · the forward pass ───────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_04_the_untrained_network_is_a_constant_classifier_scoring_the_share_of_its_class()
    {
        var result = await RunAsync("04-forward-pass.ipynb");
        // "the probabilities are all close to 1/10"; "the largest probability per image is only about 0.14".
        var untrained = result.Cell("var predicted = net.Predict(test.X);");
        Assert.InRange(Result(untrained, "smallest probability in a2"), 0.04, 0.1);
        Assert.InRange(Result(untrained, "largest probability in a2"), 0.1, 0.17);
        Assert.Equal(0.14, Result(untrained, "largest probability per image, mean over the batch"), 0.01);

        // "Nearly always the same digit ... its accuracy is that digit's share of the test set (10.09% is the share of the 9s)".
        var counts = result.Cell("int top = Array.IndexOf(counts, counts.Max());");
        Assert.Equal(9, Result(counts, "most predicted digit"));
        double topShare = Result(counts, "their share");
        Assert.Equal(topShare * 10_000, Result(counts, "test images it is predicted for"), 1e-6);
        double labelShare = Result(counts, "share of that digit among the test labels"), accuracy = Result(counts, "accuracy");
        Assert.True(topShare > 0.9, $"the most predicted digit is predicted for {topShare:P2} of the images");
        Assert.Equal(labelShare, accuracy, 1 - topShare + 1e-9);
        Assert.Equal(0.1009, labelShare, 1e-9);
        Assert.Equal("10.09 %", Shown(counts, "share of that digit among the test labels"));
        Assert.Equal(0.1009, Result(untrained, "accuracy on the 10,000 test images"), 1e-9);

        // "The digit whose column of W2 has the largest sum wins"; "The image-dependent part (std 0.067) is small next to the gap of 0.29".
        var split = result.Cell("var shared = Enumerable.Range(0, 10)");
        Assert.Equal(9, Result(split, "digit with the largest shared part 0.5·Σ_j W2[j, k]"));
        double image = Result(split, "std of the image-dependent part"), gap = Result(split, "gap between the two largest shared parts");
        Assert.Equal(0.21, Result(split, "std of the shared part across digits"), 0.005);
        Assert.Equal(0.067, image, 0.0005);
        Assert.Equal(0.29, gap, 0.005);
        Assert.True(image < gap / 3);
        // "it typically spreads by about √64·0.08·0.125 ≈ 0.08".
        Assert.InRange(image, 0.04, 0.1);
    }

    // ── 05 · the loss ───────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_05_losses_are_as_computed_by_hand_and_as_bounded_by_the_prose()
    {
        var result = await RunAsync("05-loss.ipynb");
        // "L = −½(ln 0.7 + ln 0.8) = 0.2899".
        Assert.Equal(0.2899, Result(result.Cell("var a2Example"), "loss"), 0.00005);
        Assert.Equal("0.2899", Shown(result.Cell("var a2Example"), "loss"));
        // "should be near −ln 0.1 = 2.303"; "It can hardly come out below ln 10 ... H(q) is just below ln 10".
        var untrained = result.Cell("float loss = Maths.CrossEntropy(test.Y");
        double loss = Result(untrained, "loss on the test set"), ln10 = Result(untrained, "ln 10"),
               entropy = Result(untrained, "H(q), the entropy of the test labels");
        Assert.Equal(Math.Log(10), ln10, 1e-12);
        Assert.InRange(ln10 - entropy, 0, 0.01);
        Assert.True(loss > entropy, $"loss {loss}, H(q) {entropy}");
        Assert.True(Math.Abs(loss - ln10) < 0.15);
        Assert.Equal("✓", Text(untrained, "close to ln 10 (within 0.15)"));
        // "finite: −ln of the smallest double"; "in float ... one sample's loss is at most about 103".
        var extreme = result.Cell("var extreme = Maths.Softmax");
        Assert.Equal(0, Result(extreme, "double: p(true)"));
        Assert.Equal(-Math.Log(double.Epsilon), Result(extreme, "double: loss"), 0.05);
        Assert.Equal(Result(extreme, "−ln of the smallest double"), Result(extreme, "double: loss"), 0.05);
        Assert.Equal(0, Result(extreme, "float: p(true)"));
        Assert.Equal(103.3, Result(extreme, "float: loss"), 0.05);
        Assert.Equal(Result(extreme, "−ln of the smallest float"), Result(extreme, "float: loss"), 0.05);
    }

    // ── 06 · backpropagation ────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Notebook_06_the_index_formulas_averaged_over_the_batch_are_the_librarys_gradients()
    {
        var cell = (await RunAsync("06-backpropagation.ipynb")).Cell("(double[,] dW1, double[,] dW2) SampleGradients(int s)");
        // "The formulas of steps 2–5 for each sample ... averaged over the batch, must give the library's matrix formulas".
        Assert.True(Result(cell, "dW1: largest difference") < 1e-12);
        Assert.True(Result(cell, "dW2: largest difference") < 1e-12);
        Assert.True(Result(cell, "dW1: largest |dW1|") > 1e-4 && Result(cell, "dW2: largest |dW2|") > 1e-4);   // gradients, not zeros
    }

    [Fact]
    public async Task Notebook_06_dz2_is_n_times_the_derivative_of_the_batch_loss()
    {
        var cell = (await RunAsync("06-backpropagation.ipynb")).Cell("double LossWithScore(int s, int k, double by)");
        // "It changes n = 100 times less than dz2[0, 3] says"; "dz2 is n·∂L/∂z2".
        double numeric = Result(cell, "∂L/∂z2[0, 3] by finite differences"), dz2 = Result(cell, "dz2[0, 3] = a2[0, 3] − Y[0, 3]");
        Assert.Equal(dz2, Result(cell, "n · ∂L/∂z2[0, 3]"), Math.Abs(dz2) * 1e-3);
        Assert.Equal(dz2 / 100, numeric, Math.Abs(dz2) * 1e-5);
        Assert.Contains(">One score nudged (n = 100)<", string.Concat(cell.Data("text/html")));
    }

    [Fact]
    public async Task Notebook_06_gradient_check_errors_are_within_the_stated_bounds_and_the_planted_bug_shows()
    {
        var result = await RunAsync("06-backpropagation.ipynb");
        // "a correct gradient agrees to well below 10⁻⁶ (in the table below, between 10⁻⁹ and about 5×10⁻⁸)";
        // "the absolute errors in the table are all below 10⁻¹⁰".
        var check = result.Cell("var check = GradientCheck.Run(small, Xs, Ys);");
        double relative = Result(check, "largest relative error");
        Assert.True(relative < 1e-6);
        Assert.InRange(relative, 1e-9, 1e-7);
        Assert.True(Result(check, "largest absolute error") < 1e-10);

        // "The output layer (W2, b2) is still right; the hidden layer's gradients are wrong" and "a bug gives errors near 1".
        var bug = result.Cell("var buggyCheck = GradientCheck.Run(small, Xs, Ys, buggy);");
        Assert.True(Result(bug, "W1") > 0.5 && Result(bug, "b1") > 0.5, $"W1 {Result(bug, "W1")}, b1 {Result(bug, "b1")}");
        Assert.True(Result(bug, "W2") < 1e-6 && Result(bug, "b2") < 1e-6, $"W2 {Result(bug, "W2")}, b2 {Result(bug, "b2")}");
    }

    [Fact]
    public async Task Notebook_06_shows_the_computational_graph_as_inline_SVG_without_scripts()
    {
        var cell = (await RunAsync("06-backpropagation.ipynb")).Cell("ComputationalGraph.Show(net, train, index: 0)");
        string html = Assert.Single(cell.Data("text/html"));
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        foreach (var node in new[] { "z1 = x·W1 + b1", "a1 = σ(z1)", "z2 = a1·W2 + b2", "a2 = softmax(z2)", "∂L/∂z2 = a2 − y", "∂L/∂a1 = ∂L/∂z2 · W2ᵀ" })
            Assert.Contains(System.Net.WebUtility.HtmlEncode(node), html);
    }

    /// <summary>The figure's numbers are the library's: for a batch of one, ∂L/∂z2 = a2 − y exactly, and the gradient of W2 is a1ᵀ·(a2 − y).</summary>
    [Fact]
    public void The_computational_graph_shows_the_librarys_numbers()
    {
        var net = Network<double>.Create(6, 4, 3, seed: 7);
        var data = new Dataset<double>(Matrix<double>.FromRows([[0.9, 0.1, 0.0, 0.6, 0.3, 0.8]]), [2], 3, "tiny");
        string html = ComputationalGraph.Html(net, data, 0);
        var f = Maths.ForwardPass(data.X, net);
        string N(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Assert.Contains($"[2] {N(f.a2[0, 2] - 1)}", html);            // ∂L/∂z2 for the true digit
        Assert.Contains(N(-Math.Log(f.a2[0, 2])), html);                // the loss
        Assert.Contains($"= {N(f.a1[0, 0] * (f.a2[0, 2] - 1))}", html); // ∂L/∂W2[0, 2] = a1[0]·(a2[2] − 1)
    }
}
