using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Mlp.Beyond;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// What the prose of the optional notebooks 09–12 says, asserted on the values their cells show (each notebook runs once in
/// the real kernel, shared with the other notebook tests). The cells show their results with <see cref="Results"/>: a value is
/// read by the English name the code gives it, never from the wording around it, so these tests hold for either edition's
/// page and a reworded sentence cannot fail them. Each test quotes its sentence.
/// </summary>
public class Claims09to12Tests
{
    const string CrossEntropy = "09-why-cross-entropy.ipynb", Overfitting = "10-overfitting.ipynb", Deeper = "11-deeper.ipynb", Published = "12-published-table.ipynb";
    static readonly string[] Notebooks = [CrossEntropy, Overfitting, Deeper, Published];

    static Task<NotebookResult> RunAsync(string name) => CourseNotebooks.RunSucceededAsync(name);

    static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Each results table the cell shows, in order, as its named values (exact, as text).</summary>
    static List<Dictionary<string, string>> Tables(CellResult cell) =>
        cell.Data("text/html").Where(h => h.Contains("mlp-results")).Select(h => Results.Read([h])).ToList();

    /// <summary>All named values of the cell's results tables.</summary>
    static Dictionary<string, string> Values(CellResult cell) => Results.Read(cell.Data("text/html"));

    static string Text(Dictionary<string, string> values, string name, CellResult cell)
    {
        Assert.True(values.TryGetValue(name, out var v), $"no value \"{name}\" in the cell's results ({string.Join(", ", values.Keys)}):\n{cell.Source}");
        return v!;
    }

    static double Value(Dictionary<string, string> values, string name, CellResult cell) => Number(Text(values, name, cell));
    static double Value(CellResult cell, string name) => Value(Values(cell), name, cell);

    /// <summary>"79.8 %  85.0 %  87.8 %": the accuracies of a run, per epoch, as fractions.</summary>
    static double[] Percents(string s) => Regex.Matches(s, @"([\d.]+) ?%").Select(m => Number(m.Groups[1].Value) / 100).ToArray();

    // ── 09 ───────────────────────────────────────────────────────────────────────────────────────

    /// <summary>"At ŷ = 0.5 MSE's error is a quarter of cross-entropy's; at ŷ = 0.001 it is a thousandth." (A table of rows ŷ, CE, MSE, ratio.)</summary>
    [Fact]
    public async Task Notebook09_mse_error_is_a_quarter_at_one_half_and_a_thousandth_at_0_001()
    {
        var cell = (await RunAsync(CrossEntropy)).Cell("ratio = r.mse / r.ce");
        string html = Assert.Single(cell.Data("text/html"), h => h.Contains("<table"));
        var header = Regex.Matches(html, "<th(?: [^>]*)?>(.*?)</th>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(["ŷ", "CE", "MSE", "ratio"], header);
        var rows = Regex.Matches(html, "<tr>(.*?)</tr>").Select(r => Regex.Matches(r.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(c => c.Groups[1].Value).ToArray())
            .Where(r => r.Length == 4).ToDictionary(r => Number(r[0]), r => (Ce: Number(r[1]), Mse: Number(r[2]), Ratio: Number(r[3])));
        Assert.Equal(5, rows.Count);
        Assert.Equal(0.25, rows[0.5].Ratio, 4);
        Assert.Equal(0.001, rows[0.001].Ratio, 3);
        Assert.All(rows, r => Assert.Equal(r.Value.Mse / r.Value.Ce, r.Value.Ratio, 4));
        Assert.All(rows, r => Assert.Equal(r.Key - 1, r.Value.Ce, 9));
    }

    /// <summary>The sweep's runs: (loss, η) → validation accuracy after each epoch.</summary>
    static Dictionary<(string Loss, double Rate), double[]> Sweep(CellResult cell) =>
        Values(cell).Select(kv => (kv, m: Regex.Match(kv.Key, @"^(softmax \+ CE|sigmoid \+ MSE), η = ([\d.]+)$"))).Where(x => x.m.Success)
            .ToDictionary(x => (x.m.Groups[1].Value, Number(x.m.Groups[2].Value)), x => Percents(x.kv.Value));

    /// <summary>"At its best rate, softmax + cross-entropy is ahead of sigmoid + MSE after every epoch, and ends ahead."</summary>
    [Fact]
    public async Task Notebook09_cross_entropy_at_its_best_rate_leads_after_every_epoch()
    {
        var cell = (await RunAsync(CrossEntropy)).Cell("TrainRun(Output output");
        var runs = Sweep(cell);
        Assert.Equal(6, runs.Count);
        Assert.All(runs.Values, a => Assert.Equal(5, a.Length));
        var ce = runs[("softmax + CE", Value(cell, "softmax + CE: best η"))];
        var mse = runs[("sigmoid + MSE", Value(cell, "sigmoid + MSE: best η"))];
        Assert.Equal(ce[^1], runs.Where(r => r.Key.Loss == "softmax + CE").Max(r => r.Value[^1]));
        Assert.Equal(mse[^1], runs.Where(r => r.Key.Loss == "sigmoid + MSE").Max(r => r.Value[^1]));
        Assert.Equal(ce[^1], Value(cell, "softmax + CE: validation accuracy"), 3);
        Assert.Equal(mse[^1], Value(cell, "sigmoid + MSE: validation accuracy"), 3);
        Assert.All(ce.Zip(mse), p => Assert.True(p.First > p.Second, $"CE {p.First} vs MSE {p.Second}"));
    }

    /// <summary>"η = 8 fails for both … Cross-entropy's steps overshoot: its accuracy jumps about far below the others. MSE gets stuck:
    /// its validation accuracy is the same in every epoch, the share of one digit … the printed mean of ŷ(1 − ŷ) for η = 8 is far below the other rates'."</summary>
    [Fact]
    public async Task Notebook09_at_eta_8_cross_entropy_overshoots_and_mse_is_stuck_saturated()
    {
        var cell = (await RunAsync(CrossEntropy)).Cell("TrainRun(Output output");
        var runs = Sweep(cell);
        var ce8 = runs[("softmax + CE", 8)];
        Assert.True(ce8.Zip(ce8.Skip(1)).Any(p => p.Second < p.First), "CE at η = 8 should go down somewhere");
        Assert.True(ce8.Max() < 0.6 && ce8.Max() < runs[("softmax + CE", 0.5)][^1] - 0.2);
        var mse8 = runs[("sigmoid + MSE", 8)];
        Assert.All(mse8, a => Assert.Equal(mse8[0], a));
        var labels = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().HoldOut(5_000, seed: 1).Validation.Labels;
        Assert.Contains(Enumerable.Range(0, 10), d => Math.Abs(labels.Count(l => l == d) / 5000.0 - mse8[0]) < 0.0006);
        var slopes = Tables(cell).Single(t => t.ContainsKey("η = 8"));
        Assert.True(Value(slopes, "η = 8", cell) < 0.2 * Math.Min(Value(slopes, "η = 0.5", cell), Value(slopes, "η = 2", cell)), string.Join(", ", slopes));
    }

    /// <summary>"At the very first step MSE's output gradient is the larger (the rows for step 1). Every sigmoid output starts near
    /// σ(0) = ½ (the printed ŷ(1 − ŷ) before training is close to its ceiling of ¼) … Within a few steps … MSE's gradient becomes the
    /// smaller, at every step from the printed step on. Averaged over steps 1–10 cross-entropy's is already about twice MSE's, and by
    /// steps 51–100 the ratio has grown … the factor shrinks (the value after the first two epochs)"; summary: "the smaller at the very
    /// first step, about twice MSE's averaged over the first ten steps, and several times larger after two epochs".</summary>
    [Fact]
    public async Task Notebook09_mse_gradient_is_larger_at_step_one_then_smaller_and_the_ratio_grows()
    {
        var cell = (await RunAsync(CrossEntropy)).Cell("double commonRate");
        Assert.True(Value(cell, "step 1: sigmoid + MSE") > Value(cell, "step 1: softmax + CE"), "MSE's ‖dW2‖ should be the larger at step 1");
        Assert.InRange(Value(cell, "MSE's ‖dW2‖ is the smaller at every step from step"), 2, 5);   // "within a few steps"
        double first = Value(cell, "steps 1–10: ratio CE/MSE"), later = Value(cell, "steps 51–100: ratio CE/MSE");
        Assert.Equal(Value(cell, "steps 1–10: softmax + CE") / Value(cell, "steps 1–10: sigmoid + MSE"), first, 6);
        Assert.InRange(first, 1.5, 2.6);
        Assert.True(later >= 3 && later > first, $"{first} then {later}");
        Assert.Equal(2, Value(cell, "epochs"));
        Assert.InRange(Value(cell, "before training"), 0.24, 0.25);
        Assert.True(Value(cell, "after the first epochs") < 0.2);
    }

    // ── 10 ───────────────────────────────────────────────────────────────────────────────────────

    /// <summary>"the training accuracy reaches 100% … The validation loss falls until the epoch with the lowest validation loss … After it,
    /// the validation loss stops falling and drifts slightly up … while the training loss keeps falling … its validation accuracy after
    /// the last epoch is within a point of the one at that epoch"; cell 0 and the summary say the same.</summary>
    [Fact]
    public async Task Notebook10_one_thousand_images_are_learned_perfectly_while_validation_loss_stops_improving()
    {
        var cell = (await RunAsync(Overfitting)).Cell("var plain = DeepTrainer.Fit");
        var v = Values(cell);
        Assert.Equal(1.0, Value(v, "training accuracy after the last epoch", cell));
        Assert.True(Value(v, "epoch with the lowest validation loss", cell) < Value(v, "last epoch", cell));
        double lowest = Value(v, "lowest validation loss", cell), last = Value(v, "validation loss after the last epoch", cell);
        Assert.True(last > lowest, $"{lowest} then {last}");            // "drifts … up"
        Assert.True(last - lowest < 0.1 * lowest, $"{lowest} then {last}");   // "slightly"
        Assert.True(Value(v, "training loss after the last epoch", cell) < Value(v, "training loss at that epoch", cell));
        Assert.True(Value(v, "training loss after the last epoch", cell) < 0.1);
        Assert.True(Math.Abs(Value(v, "validation accuracy after the last epoch", cell) - Value(v, "validation accuracy at that epoch", cell)) < 0.01);
        Assert.Equal(Value(v, "validation loss after the last epoch", cell) - Value(v, "training loss after the last epoch", cell),
                     Value(v, "gap: validation loss − training loss after the last epoch", cell), 9);
    }

    /// <summary>"Three values of λ … and λ = 0, which is the run without decay above … Without λ = 0, the smallest λ would win, at the
    /// edge of its grid"; "With the λ chosen on validation, the gap … is smaller than without decay, and the validation loss after the
    /// last epoch is a little lower … The best λ is inside the grid: both of its neighbours, λ = 0 among them, end with a higher
    /// validation loss … The largest λ is too strong: … its training loss is the highest of the four"; summary: "the gap narrowed and
    /// the validation loss ended a little lower".</summary>
    [Fact]
    public async Task Notebook10_weight_decay_narrows_the_gap_at_a_lambda_inside_its_grid_and_too_much_underfits()
    {
        var result = await RunAsync(Overfitting);
        var sweep = result.Cell("double[] lambdas");
        var values = Values(sweep);
        var lambdas = values.Keys.Select(k => Regex.Match(k, @"^λ = ([\d.]+): training loss$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(4, lambdas.Length);
        var runs = lambdas.ToDictionary(Number, l => (Train: Value(values, $"λ = {l}: training loss", sweep), Validation: Value(values, $"λ = {l}: validation loss", sweep)));
        double best = Value(values, "best λ on validation", sweep);
        Assert.Equal(runs.MinBy(l => l.Value.Validation).Key, best);
        Assert.Equal(0, runs.Keys.Min());
        Assert.True(best > 0 && best < runs.Keys.Max(), $"best λ {best} at the edge of its grid");
        Assert.Equal(runs.Keys.Where(l => l > 0).Min(), best);   // without λ = 0 it would be at the edge
        Assert.Equal(runs.Keys.Max(), runs.MaxBy(l => l.Value.Train).Key);
        var compare = result.Cell("var decayEnd");
        var c = Values(compare);
        Assert.Equal(best, Value(c, "λ", compare));
        double noDecay = Value(c, "no decay: validation loss", compare), withDecay = Value(c, "with decay: validation loss", compare);
        Assert.Equal(noDecay, runs[0].Validation, 4);   // λ = 0 is the run without decay
        double gapNo = Value(c, "no decay: gap", compare), gapWith = Value(c, "with decay: gap", compare);
        Assert.True(gapWith < gapNo && gapWith > 0.25 * gapNo, $"{gapNo} then {gapWith}");   // "narrowed", not closed
        Assert.True(withDecay < noDecay && noDecay - withDecay < 0.1 * noDecay, $"{noDecay} then {withDecay}");   // "a little lower"
    }

    /// <summary>"Early stopping kept the network of the epoch with the lowest validation loss, the same epoch as in the first run … and
    /// stopped `patience` epochs later".</summary>
    [Fact]
    public async Task Notebook10_early_stopping_keeps_the_lowest_epoch_and_stops_patience_epochs_later()
    {
        var result = await RunAsync(Overfitting);
        var first = result.Cell("var plain = DeepTrainer.Fit");
        var early = result.Cell("int patience");
        Assert.Equal(Value(first, "epoch with the lowest validation loss"), Value(early, "kept the network of epoch"));
        Assert.Equal(Value(early, "kept the network of epoch") + 5, Value(early, "stopped after epoch"));
        Assert.True(Value(early, "stopped after epoch") < Value(early, "epochs allowed"));
        Assert.Equal(Value(first, "lowest validation loss"), Value(early, "its validation loss"), 4);
    }

    /// <summary>"Twice the data, no decay: a smaller gap after the same epochs."</summary>
    [Fact]
    public async Task Notebook10_twice_the_images_give_a_smaller_gap()
    {
        var cell = (await RunAsync(Overfitting)).Cell("int tryImages");
        Assert.Contains("2,000 images, λ = 0,", Assert.Single(cell.Data("text/html"), h => h.Contains("mlp-results")));   // the default settings: twice the data, no decay
        double twice = Value(cell, "gap"), once = Value(cell, "1,000 images, no decay: gap");
        Assert.True(twice < once, $"{twice} vs {once}");
    }

    // ── 11 ───────────────────────────────────────────────────────────────────────────────────────

    /// <summary>"Every layer's largest relative error is below 10⁻⁵, most far below, for all three activations".</summary>
    [Fact]
    public async Task Notebook11_every_layer_passes_its_gradient_check()
    {
        var cell = (await RunAsync(Deeper)).Cell("DeepGradientCheck.Run");
        var tables = Tables(cell);
        Assert.Equal(3, tables.Count);   // sigmoid, tanh, ReLU
        var errors = tables.SelectMany(t => new[] { "W1", "b1", "W2", "b2", "W3", "b3" }.Select(p => Value(t, p, cell))).ToArray();
        Assert.Equal(18, errors.Length);   // W and b of three layers, for three activations
        Assert.All(errors, e => Assert.True(e < 1e-5, $"{e}"));
        Assert.True(errors.Count(e => e < 1e-6) >= 15);
    }

    /// <summary>"With the sigmoid … the gradient shrinks at every layer on the way down: ‖dW_1‖ is more than ten times smaller than ‖dW_4‖ …
    /// With tanh … and with ReLU … the four hidden layers' gradients stay within a factor of 4 of each other, and layer 1 … gets the largest."</summary>
    [Fact]
    public async Task Notebook11_sigmoid_gradients_vanish_towards_the_input_and_tanh_and_relu_stay_level()
    {
        var cell = (await RunAsync(Deeper)).Cell("int[] deepSizes");
        var values = Values(cell);
        double[] Norms(string f) => Text(values, f, cell).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray();
        var sigmoid = Norms("Sigmoid, Lesson");
        Assert.Equal(5, sigmoid.Length);
        Assert.All(sigmoid.Zip(sigmoid.Skip(1)), p => Assert.True(p.First < p.Second));
        Assert.True(sigmoid[0] < sigmoid[3] / 10);
        Assert.True(Value(values, "Sigmoid, Lesson: ‖dW_1‖ / ‖dW_4‖", cell) < 0.1);
        foreach (var f in new[] { "Tanh, Glorot", "ReLU, He" })
        {
            var hidden = Norms(f)[..4];
            Assert.True(hidden.Max() < 4 * hidden.Min(), f);
            Assert.Equal(hidden.Max(), hidden[0]);
        }
    }

    /// <summary>"each at its best learning rate on validation: the rates tried are 0.1, 0.5 and 2, and, by notebook 08's rule, while the
    /// best is the largest rate tried, one step (×4) beyond it is tried too": so each best rate is inside the rates tried.</summary>
    [Fact]
    public async Task Notebook11_each_activation_best_rate_is_inside_the_rates_tried()
    {
        var cell = (await RunAsync(Deeper)).Cell("double[] rates");
        var values = Values(cell);
        foreach (var f in new[] { "Sigmoid, Lesson", "Tanh, Glorot", "ReLU, He" })
        {
            double[] tried = Text(values, $"{f}: rates tried", cell).Split(',', StringSplitOptions.TrimEntries).Select(Number).ToArray();
            Assert.Equal([0.1, 0.5, 2], tried[..3]);
            Assert.All(tried.Skip(3).Zip(tried.Skip(2)), p => Assert.Equal(4 * p.Second, p.First, 9));
            double best = Value(values, $"{f}: best η", cell);
            Assert.Contains(best, tried);
            Assert.True(best > tried.Min() && best < tried.Max(), $"{f}: best η {best} at the edge of {string.Join(", ", tried)}");
        }
    }

    /// <summary>"After 3 epochs tanh and ReLU are both ahead of the sigmoid, which starts slowest: after the first epoch it is far behind both."</summary>
    [Fact]
    public async Task Notebook11_tanh_and_relu_learn_faster_than_sigmoid_with_two_hidden_layers()
    {
        var cell = (await RunAsync(Deeper)).Cell("double[] rates");
        var values = Values(cell);
        double[] Run(string f) => Percents(Text(values, $"{f}: validation accuracy per epoch", cell));
        var sigmoid = Run("Sigmoid, Lesson");
        Assert.Equal(3, sigmoid.Length);
        foreach (var f in new[] { "Tanh, Glorot", "ReLU, He" })
        {
            Assert.True(sigmoid[^1] < Run(f)[^1], f);
            Assert.True(sigmoid[0] < Run(f)[0] - 0.1, f);
        }
    }

    /// <summary>"Softmax regression reaches about 92% with 7,850 parameters. One hidden layer of 64 units does better, and takes away about a
    /// third of the linear classifier's errors … with 6.5 times the parameters."</summary>
    [Fact]
    public async Task Notebook11_softmax_regression_gets_about_92_percent_and_the_hidden_layer_removes_a_third_of_its_errors()
    {
        var cell = (await RunAsync(Deeper)).Cell("int baselineEpochs");
        var v = Values(cell);
        double linear = Value(v, "softmax regression: validation accuracy", cell), hidden = Value(v, "one hidden layer: validation accuracy", cell);
        double removed = Value(v, "share of the linear classifier's errors the hidden layer removes", cell);
        Assert.InRange(linear, 0.91, 0.93);
        Assert.True(hidden > linear);
        Assert.InRange(removed, 0.25, 0.45);
        Assert.Equal(1 - (1 - hidden) / (1 - linear), removed, 9);
        double linearParameters = Value(v, "softmax regression (784 → 10): parameters", cell), hiddenParameters = Value(v, "one hidden layer (784 → 64 → 10): parameters", cell);
        Assert.Equal(7_850, linearParameters);
        Assert.Equal(6.5, hiddenParameters / linearParameters, 1);
    }

    // ── 12 ───────────────────────────────────────────────────────────────────────────────────────

    /// <summary>The tables' rows: LeCun's 4.7%, 4.5% and 1.6%, and ours beside them (PublishedTableTests in lib/Mlp.Tests reproduces ours):
    /// "close to Simard et al.'s 1.6%, but not there"; the MSE network "a little behind LeCun et al.'s 300-unit MSE row"; the 800-unit
    /// row's recipe is the chosen one's final run on all 60,000 images.</summary>
    [Fact]
    public async Task Notebook12_shows_our_rows_beside_LeCuns_and_says_where_we_stand()
    {
        var result = await RunAsync(Published);
        var cell = result.Cell("foreach (var row in PublishedTable.LeCunRows)");
        var tables = Tables(cell);
        Assert.Equal(3, tables.Count);   // 300 MSE, 1000 MSE, 800 cross-entropy, in LeCun's order
        Assert.All(new[] { 0.047, 0.045, 0.016 }.Zip(tables), p => Assert.Equal(p.First, Value(p.Second, "LeCun's table: test error", cell), 9));
        var (mse, notRun, ce) = (tables[0], tables[1], tables[2]);
        Assert.Equal(PublishedTable.Recorded[0].TestError, Value(ce, "ours: test error", cell));
        Assert.InRange(Value(ce, "ours: test error", cell), 0.016, 0.020);   // "close to … 1.6%, but not there"
        Assert.Equal(PublishedTable.Final(PublishedTable.Simard800).Describe(), Text(ce, "ours: recipe", cell));
        Assert.Contains("batch 10", Text(ce, "ours: recipe", cell));         // "the recipe of its row (batches of 10, a step schedule)"
        Assert.Contains("on all the training images", Text(ce, "ours: recipe", cell));
        // "ours: validation error (the recipe on 50,000 images)": the chosen recipe's run, not the final one (which has none).
        Assert.Equal(PublishedTable.Recorded[0].ValidationError, Value(ce, "ours: validation error (the recipe on 50,000 images)", cell));
        Assert.InRange(Value(mse, "ours: test error", cell), 0.047, 0.055);  // "a little behind"
        Assert.Equal(PublishedTable.LeCun300Mse.Describe(), Text(mse, "ours: recipe", cell));
        Assert.True(notRun.ContainsKey("ours: not run"));
        Assert.False(notRun.ContainsKey("ours: test error"));
    }

    /// <summary>What the search on validation found, as 12 tells it: batches of 100 "well behind" batches of 20; with batches of
    /// 20, 70 epochs "the same validation error" as 40, and starting at η = 1 "behind the second run" (stopped); batches of 10
    /// better; batches of 5 "the same validation error as batches of 10"; a first phase twice as long "the lowest error of all,
    /// but by two images of 10,000", so "we kept the shorter recipe", whose error is the 800-unit row's validation error.</summary>
    [Fact]
    public async Task Notebook12_tells_the_search_on_validation_as_its_rows_show_it()
    {
        var result = await RunAsync(Published);
        var runs = Values(result.Cell("PublishedTable.TuningRuns")).Where(kv => kv.Key.StartsWith("800 hidden"))
            .ToDictionary(kv => kv.Key, kv => Number(kv.Value));
        double Run(string start) => Assert.Single(runs, kv => kv.Key.StartsWith(start, StringComparison.Ordinal)).Value;
        double constant100 = Run("800 hidden, batch 100, η = 1 constant");
        // "The first tuning run (the `train` command) printed the test accuracy after each of its 30 epochs".
        Assert.Contains(runs.Keys, k => k == "800 hidden, batch 100, η = 1 constant; epochs run: 30");
        double second = Run("800 hidden, batch 20, η = 0.5 for 20 epochs");
        double longer20 = Run("800 hidden, batch 20, η = 0.5 for 30 epochs");
        double[] fromOne = [.. runs.Where(kv => kv.Key.StartsWith("800 hidden, batch 20, η = 1 ")).Select(kv => kv.Value)];
        double batch10 = Run("800 hidden, batch 10, η = 0.25 for 20 epochs");
        double batch5 = Run("800 hidden, batch 5, η = 0.125 for 20 epochs");
        double longer10 = Run("800 hidden, batch 10, η = 0.25 for 40 epochs");
        Assert.True(constant100 > second + 0.002, $"{constant100} against {second}");   // "well behind"
        Assert.Equal(second, longer20, 4);                                               // "the same validation error"
        Assert.Equal(2, fromOne.Length);
        Assert.All(fromOne, e => Assert.True(e > second, $"{e} against {second}"));       // "behind the second run"
        Assert.All(fromOne, e => Assert.Contains("stopped", runs.Single(kv => kv.Value == e).Key));
        Assert.True(batch10 < second, $"{batch10} against {second}");                     // "Batches of 10 … did"
        Assert.Equal(batch10, batch5, 4);                                                 // "the same validation error as batches of 10"
        Assert.Equal(runs.Values.Min(), longer10);                                        // "the lowest error of all"
        Assert.Equal(0.0002, batch10 - longer10, 6);                                      // "by two images of 10,000"
        Assert.Equal(PublishedTable.Recorded[0].ValidationError, batch10);                // "we kept the shorter recipe"
        var kept = PublishedTable.Simard800;                                                // "…: PublishedTable.Simard800"
        Assert.Equal($"800 hidden, batch {kept.BatchSize}, {kept.Schedule.Describe()}",
                     runs.Keys.Single(k => k.StartsWith("800 hidden, batch 10, η = 0.25 for 20 epochs")).Split(";")[0]);
    }
}

/// <summary>Issue 20: what the library composes into the pages of 09–12 (a recipe, its schedule, a network's layers) is in the
/// reader's language, numbers with a decimal point; the English is unchanged.</summary>
public class Descriptions09to12Tests
{
    static T In<T>(string culture, Func<T> f)
    {
        var previous = CultureInfo.CurrentUICulture;
        try { CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture); return f(); }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    [Fact]
    public void A_recipe_and_a_network_describe_themselves_in_the_readers_language()
    {
        var net = DeepNetwork<float>.Create([784, 64, 10], Activation.Sigmoid, Output.SoftmaxCrossEntropy, Init.Lesson, seed: 1);
        Assert.Equal("784 → 800 sigmoid → 10 softmax, cross-entropy, batch 10, η = 0.25 for 20 epochs, then 0.05 for 10, then 0.01 for 10 (40 epochs), seed 1",
            In("en", () => PublishedTable.Simard800.Describe()));
        Assert.EndsWith("(40 epochs), seed 1, on all the training images", In("en", () => PublishedTable.Final(PublishedTable.Simard800).Describe()));
        Assert.EndsWith("共 40 個訓練週期，種子 1，以全部訓練影像訓練", In("zh-TW", () => PublishedTable.Final(PublishedTable.Simard800).Describe()));
        Assert.Equal("784 → 64 sigmoid → 10 softmax (cross-entropy)", In("en", () => net.ToString()));
        Assert.Equal("784 → 800 sigmoid → 10 softmax，交叉熵，批次 10，η = 0.25（20 個訓練週期），接著 0.05（10 個），接著 0.01（10 個），共 40 個訓練週期，種子 1",
            In("zh-TW", () => PublishedTable.Simard800.Describe()));
        Assert.Equal("η = 0.5（1 個訓練週期）", In("zh-TW", () => Schedule.Parse("0.5:1").Describe()));
        Assert.Equal("η = 0.5 for 1 epoch", In("en", () => Schedule.Parse("0.5:1").Describe()));
        Assert.Equal("784 → 64 sigmoid → 10 softmax（交叉熵）", In("zh-TW", () => net.ToString()));
    }

    /// <summary>The derivation exercises of 09–11 check, hint and title in the reader's language (a wrong answer: dz2 = a2 − Y, softmax's error).</summary>
    [Fact]
    public void The_exercises_of_09_to_11_speak_the_readers_language()
    {
        Matrix<double> SoftmaxError(Matrix<double> a2, Matrix<double> Y) => LinearAlgebra.Subtract(a2, Y);
        var zh = In("zh-TW", () => Mlp.Exercises.SigmoidMseOutputExercise.Check(SoftmaxError));
        var en = In("en", () => Mlp.Exercises.SigmoidMseOutputExercise.Check(SoftmaxError));
        Assert.False(zh.Passed);
        Assert.Equal("練習 09.1 · sigmoid + MSE 的輸出誤差", zh.Title);
        Assert.Contains("連鎖律還要經過 σ", zh.Message);
        Assert.Equal("Exercise 09.1 · the output error of sigmoid + MSE", en.Title);
        Assert.Contains("the chain rule goes through σ too", en.Message);
        Assert.Equal("練習 10.1 · dW 中的 L2 項", In("zh-TW", () => Mlp.Exercises.WeightDecayExercise.Title));
        Assert.Equal("練習 11.1 · tanh 層的反向傳播", In("zh-TW", () => Mlp.Exercises.TanhLayerExercise.Title));
    }
}
