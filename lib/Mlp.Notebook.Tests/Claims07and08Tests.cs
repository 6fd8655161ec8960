using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Data;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// What the prose of notebooks 07 and 08 says, asserted on what their cells print on the default settings (each
/// notebook runs once in the real kernel, shared with the other notebook tests). A change that makes a sentence false
/// fails here; each test quotes its sentence.
/// </summary>
public class Claims07and08Tests
{
    const string Training = "07-training.ipynb", Experiments = "08-experiments.ipynb";

    static Task<NotebookResult> RunAsync(string name) => CourseNotebooks.RunSucceededAsync(name);

    static double Number(string s) => double.Parse(s.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The groups of the first match of <paramref name="pattern"/> in the cell's output (a percentage group is read as a fraction by <see cref="Percent"/>).</summary>
    static GroupCollection Match(CellResult cell, string pattern)
    {
        var m = Regex.Match(cell.StandardOutput, pattern, RegexOptions.Multiline);
        Assert.True(m.Success, $"/{pattern}/ is not in the output of the cell:\n{cell.Source}\n---\n{cell.StandardOutput}");
        return m.Groups;
    }

    const string Pct = @"([\d.]+) ?%";
    static double Percent(Group g) => Number(g.Value) / 100;

    static Runner.Notebook Load(string name) => CourseNotebooks.Load(name);

    /// <summary>One line a sweep prints for a run.</summary>
    sealed record SweepLine(string Label, bool Diverged, double Accuracy, double Loss, double SecondsPerEpoch, double[] Losses, string Message);

    static readonly Regex RunLine = new(@"^(?<label>\S.*?)\s*: validation accuracy (?<acc>[\d.]+) ?%, validation loss (?<loss>[\d.]+), (?<sec>[\d.]+) s per epoch; validation loss per epoch: (?<losses>[\d. ]+)$");
    static readonly Regex DivergedLine = new(@"^(?<label>\S.*?)\s*: diverged\. (?<msg>.*)$");

    static Dictionary<string, SweepLine> Sweep(CellResult cell)
    {
        var runs = new Dictionary<string, SweepLine>();
        foreach (var line in cell.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (RunLine.Match(line) is { Success: true } m)
                runs[m.Groups["label"].Value] = new(m.Groups["label"].Value, false, Number(m.Groups["acc"].Value) / 100, Number(m.Groups["loss"].Value),
                    Number(m.Groups["sec"].Value), m.Groups["losses"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray(), "");
            else if (DivergedLine.Match(line) is { Success: true } d)
                runs[d.Groups["label"].Value] = new(d.Groups["label"].Value, true, double.NaN, double.NaN, double.NaN, [], d.Groups["msg"].Value);
        }
        Assert.True(runs.Count > 0, $"no sweep lines in:\n{cell.StandardOutput}");
        return runs;
    }

    static bool RisesSomewhere(double[] v) => v.Zip(v.Skip(1)).Any(p => p.Second > p.First);
    static bool FallsEveryEpoch(double[] v) => v.Zip(v.Skip(1)).All(p => p.Second < p.First);

    // ── 07 ───────────────────────────────────────────────────────────────────────────────────────

    /// <summary>"on 55,000 of the 60,000 training images … the other 5,000 (the validation set) … the 10,000 test images";
    /// "each digit keeps its share (stratified)".</summary>
    [Fact]
    public async Task Notebook07_splits_55000_and_5000_stratified_and_keeps_the_10000_test_images()
    {
        var cell = (await RunAsync(Training)).Cell(".HoldOut(5_000");
        Assert.Contains("MNIST train: 55,000 samples", cell.StandardOutput);
        Assert.Contains("MNIST validation: 5,000 samples", cell.StandardOutput);
        Assert.Contains("MNIST test: 10,000 samples", cell.StandardOutput);
        var all = DataLoader.Load().Train.Labels;
        var perDigit = Match(cell, @"validation images per digit: (.*)$").Cast<Group>().ElementAt(1).Value
            .Split(", ").Select(p => int.Parse(p.Split(": ")[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5000, perDigit.Sum());
        for (int d = 0; d < 10; d++)
            Assert.InRange(perDigit[d], Math.Floor(5000.0 * all.Count(l => l == d) / 60_000), Math.Ceiling(5000.0 * all.Count(l => l == d) / 60_000));
    }

    /// <summary>"it gives (almost) every image the same answer … every hidden activation a1 sits near σ(0) = 0.5, whatever the
    /// image … The accuracy of such a constant classifier is just the share of that digit … Its loss is close to ln 10".</summary>
    [Fact]
    public async Task Notebook07_the_untrained_network_is_a_constant_classifier()
    {
        var cell = (await RunAsync(Training)).Cell("var untrained = Network<float>.Create");
        var g = Match(cell, @"untrained: predicts (\d) for ([\d,]+) of ([\d,]+) validation images");
        Assert.True(Number(g[2].Value) / Number(g[3].Value) > 0.9, cell.StandardOutput);
        var acc = Match(cell, $@"untrained: validation accuracy {Pct}, the share of (\d)s among the validation images {Pct}");
        Assert.Equal(g[1].Value, acc[2].Value);
        Assert.InRange(Math.Abs(Percent(acc[1]) - Percent(acc[3])), 0, Number(g[3].Value) - Number(g[2].Value) + 1e-9); // equal when every image gets that answer
        var a1 = Match(cell, @"untrained: a1 has mean ([\d.]+); each unit varies from image to image by ([\d.]+) on average");
        Assert.InRange(Number(a1[1].Value), 0.45, 0.55);
        Assert.True(Number(a1[2].Value) < 0.1, cell.StandardOutput);
        var loss = Match(cell, @"untrained: validation loss ([\d.]+) \(ln 10");
        Assert.InRange(Number(loss[1].Value), Math.Log(10) - 0.1, Math.Log(10) + 0.1);
    }

    /// <summary>"The library's code for this step … Once your checks pass, compare": shown after the checks; TODOs say what, not how;
    /// the exercise cells are left for the student.</summary>
    [Fact]
    public async Task Notebook07_exercises_come_before_the_library_code_and_their_todos_give_no_code()
    {
        var result = await RunAsync(Training);
        int lastCheck = result.Cells.Last(c => Regex.IsMatch(c.Source, @"\w+Exercise\.Check\(")).Index;
        int library = result.Cells.First(c => c.Source.Contains("LibraryCode.Show(\"Lesson/07-Training.cs\"")).Index;
        Assert.True(library > lastCheck);
        foreach (var check in new[] { "UpdateWeightsExercise.Check(MyUpdateWeights)", "MinibatchLoopExercise.Check(MyMinibatchLoop)" })
            Assert.Contains("Not written yet", Assert.Single(result.Cell(check).Data("text/plain")));
        foreach (var exercise in new[] { "void MyUpdateWeights(", "void MyMinibatchLoop(" })
            foreach (var todo in result.Cell(exercise).Source.Split('\n').Where(l => l.TrimStart().StartsWith("//")))
                Assert.DoesNotMatch(@"-=|\+=|\.Data\[|Maths\.|\brng\.Next\(|for \(|=>", todo);
    }

    /// <summary>"every cell that trains builds a fresh network from `options`" and "run this cell again and then the cells below it".</summary>
    [Fact]
    public async Task Notebook07_every_training_cell_builds_its_network_from_the_options_it_shows()
    {
        var result = await RunAsync(Training);
        foreach (var cell in result.Cells.Where(c => c.Source.Contains("LiveTraining.Fit(") || c.Source.Contains("Trainer.Train(")))
            Assert.Matches(@"Trainer<float>\.Create\(options|Trainer\.Train\([^;]*options with", cell.Source);
        var nb = Load(Training);
        Assert.Contains(nb.Cells, c => !c.IsCode && c.Source.Contains("run this cell again and then the cells below it"));
        var training = result.Cell("LiveTraining.Fit(trainer, train, validation: validation, onEpoch:");
        Assert.Contains("var trainer = Trainer<float>.Create(options);", training.Source);
        Assert.StartsWith("Finished 20 epochs", Assert.Single(training.Data("text/plain"), t => t.Contains("epoch")));
    }

    /// <summary>"in the first epochs, the validation accuracy is above the training accuracy … Measured on the final network …
    /// the training accuracy is above the validation accuracy"; "the validation loss is nearly flat over the last epochs".</summary>
    [Fact]
    public async Task Notebook07_the_curves_read_as_the_prose_says()
    {
        var cell = (await RunAsync(Training)).Cell("var first = history[0];");
        var first = Match(cell, $@"epoch 1: training accuracy during the epoch {Pct}, validation accuracy after it {Pct}");
        Assert.True(Percent(first[2]) > Percent(first[1]), cell.StandardOutput);
        var above = Match(cell, @"epochs with validation above training accuracy: ([\d, ]+)$")[1].Value.Split(", ").Select(int.Parse).ToArray();
        Assert.Equal([1, 2, 3], above.Take(3));
        var gap = Match(cell, $@"after epoch 20: training accuracy of the final network {Pct}, validation accuracy {Pct}, a gap of ([\d.]+) points");
        Assert.True(Percent(gap[1]) > Percent(gap[2]), cell.StandardOutput);
        Assert.InRange(Math.Abs(100 * (Percent(gap[1]) - Percent(gap[2])) - Number(gap[3].Value)), 0, 0.011); // the printed gap is the difference, to rounding
        var best = Match(cell, @"lowest validation loss: ([\d.]+) at epoch (\d+); after epoch 20: ([\d.]+)");
        Assert.True(int.Parse(best[2].Value) >= 15, cell.StandardOutput);
        Assert.True(Number(best[3].Value) - Number(best[1].Value) < 0.005, cell.StandardOutput);
    }

    /// <summary>"Now, and only now, the test set … It should be close to the validation accuracy"; summary: "above 97% accuracy …
    /// on validation and on the test set alike".</summary>
    [Fact]
    public async Task Notebook07_touches_the_test_set_once_and_it_agrees_with_validation()
    {
        var result = await RunAsync(Training);
        var evaluation = result.Cell("var report = Evaluation.Evaluate(trainer.Network, test);");
        foreach (var cell in result.Cells.Where(c => c.Index < evaluation.Index))
            Assert.DoesNotMatch(@"(Fit|Train|Evaluate|Accuracy|LossAndAccuracy)\([^)]*\btest\b", cell.Source);
        var g = Match(evaluation, $@"test accuracy {Pct}; validation accuracy {Pct}; training accuracy {Pct}");
        Assert.True(Percent(g[1]) > 0.97 && Percent(g[2]) > 0.97, evaluation.StandardOutput);
        Assert.InRange(Math.Abs(Percent(g[1]) - Percent(g[2])), 0, 0.01);
    }

    /// <summary>"Even at its best learning rate (chosen on validation accuracy), full batch is far behind …: it took `compareEpochs`
    /// exact steps, minibatch SGD thousands of slightly noisy ones, and the printed validation accuracies differ by more than 20 points.
    /// The lesson's η = 0.1 is the slowest of all … at η = 3 the validation loss jumps up after the first step …, and its accuracy
    /// ends below η = 1's". Legends come from the options.</summary>
    [Fact]
    public async Task Notebook07_full_batch_at_its_best_rate_is_far_behind_minibatch_at_equal_epochs()
    {
        var cell = (await RunAsync(Training)).Cell("double[] fullBatchRates");
        int epochs = int.Parse(Regex.Match(cell.Source, @"int compareEpochs = (\d+);").Groups[1].Value);
        var runs = Regex.Matches(cell.StandardOutput, $@"^full batch, η = ([\d.]+)(?: \(the lesson's\))?: (\d+) updates, validation accuracy {Pct}, validation loss ([\d.]+); validation loss per epoch: ([\d. ]+)$", RegexOptions.Multiline)
            .ToDictionary(m => Number(m.Groups[1].Value), m => (Updates: int.Parse(m.Groups[2].Value), Accuracy: Percent(m.Groups[3]),
                                                              Losses: m.Groups[5].Value.Trim().Split(' ').Select(Number).ToArray()));
        Assert.Equal([0.1, 1, 3], runs.Keys.Order());
        Assert.All(runs.Values, r => Assert.Equal(epochs, r.Updates));
        double best = Number(Match(cell, @"best full batch on validation: η = ([\d.]+)")[1].Value);
        Assert.Equal(runs.MaxBy(r => r.Value.Accuracy).Key, best);
        Assert.NotEqual(0.1, best);
        Assert.Equal(0.1, runs.MinBy(r => r.Value.Accuracy).Key);
        Assert.True(runs[3].Accuracy < runs[1].Accuracy);
        Assert.True(runs[3].Losses[1] > runs[3].Losses[0], "η = 3: the validation loss should rise after the first step");
        var minibatchRun = Match(cell, $@"minibatch, batch 100, η = 0.5: ([\d,]+) updates, validation accuracy {Pct}");
        double updates = Number(minibatchRun[1].Value);
        Assert.Equal(epochs * 550, updates);
        Assert.True(updates >= 2000, $"\"minibatch SGD thousands of slightly noisy ones\": {updates} updates");
        double minibatch = Percent(minibatchRun[2]);
        Assert.True(minibatch - runs[best].Accuracy > 0.20, cell.StandardOutput);
        // Legends and titles come from the options: no learning rate is written into the chart's strings.
        string chart = cell.Source[cell.Source.IndexOf("Charts.Line(", StringComparison.Ordinal)..];
        Assert.Contains("options.Describe()", chart);
        Assert.DoesNotMatch("\"[^\"]*η =", chart);
    }

    /// <summary>"How much accuracy do 16 hidden units give, against the 64 above? Only `Hidden` changes … after the same epochs".</summary>
    [Fact]
    public async Task Notebook07_16_hidden_units_do_worse_than_64_at_equal_epochs()
    {
        var cell = (await RunAsync(Training)).Cell("int smallHidden = 16;");
        var g = Match(cell, $@"after \d+ epochs: 16 hidden units: validation accuracy {Pct}; 64 hidden units: validation accuracy {Pct}");
        Assert.True(Percent(g[1]) < Percent(g[2]), cell.StandardOutput);
    }

    /// <summary>07's description of the guard: "a running mean of the batch losses over 10,000 samples (and at least 32 batches) above 10".</summary>
    [Fact]
    public void Notebook07_describes_the_divergence_guard_as_configured()
    {
        var o = new TrainingOptions();
        Assert.Equal(10_000, o.DivergenceWindow);
        Assert.Equal(10, o.DivergenceLoss);
        var nb = Load(Training);
        Assert.Contains(nb.Cells, c => !c.IsCode && c.Source.Contains("10,000 samples (and at\nleast 32 batches) above 10"));
    }

    // ── 08 ───────────────────────────────────────────────────────────────────────────────────────

    /// <summary>"The learning rate η has four regimes, and the sweep picks a value in each" and the bullets after the sweep.</summary>
    [Fact]
    public async Task Notebook08_the_learning_rate_sweep_shows_all_four_regimes()
    {
        var cell = (await RunAsync(Experiments)).Cell("double[] learningRates");
        var runs = Sweep(cell);
        SweepLine Run(double lr) => runs[$"learning rate = {lr.ToString(CultureInfo.InvariantCulture)}"];
        var learning = new[] { 0.01, 0.1, 0.5, 2 }.Select(Run).ToArray();

        // Too small: falls every epoch, but ends the highest of the runs that learn.
        Assert.True(FallsEveryEpoch(Run(0.01).Losses));
        Assert.Equal(Run(0.01), learning.MaxBy(r => r.Loss));
        // Good: the best accuracy and the lowest loss; 0.1, 0.5 and 2 all pass 90%.
        Assert.Contains("best on validation: learning rate = 2", cell.StandardOutput);
        Assert.Equal(Run(2), runs.Values.Where(r => !r.Diverged).MinBy(r => r.Loss));
        Assert.All(new[] { 0.1, 0.5, 2 }, lr => Assert.True(Run(lr).Accuracy > 0.90, $"{lr}: {Run(lr).Accuracy}"));
        // Overshooting: the validation loss stays above ln 10, rises somewhere, and the accuracy stays near chance.
        Assert.False(Run(20).Diverged);
        Assert.All(Run(20).Losses, l => Assert.True(l > Math.Log(10), $"{l}"));
        Assert.True(RisesSomewhere(Run(20).Losses));
        Assert.True(Run(20).Accuracy < 0.2);
        // Divergent: stopped in the first epoch, with advice.
        Assert.True(Run(50).Diverged);
        Assert.Contains("diverged in epoch 1", Run(50).Message);
        Assert.Contains("try 5 or smaller", Run(50).Message);
        // "drawn up to the point where it stopped": the diverged run has its line in the chart of the training loss.
        Assert.Contains(cell.Data("text/html"), h => h.Contains("Training loss during training by learning rate") && h.Contains("learning rate = 50"));
        // "the best of them is within a factor of ten of a rate that overshoots"
        double Rate(string key) => double.Parse(key["learning rate = ".Length..], CultureInfo.InvariantCulture);
        double best = double.Parse(Regex.Match(cell.StandardOutput, @"best on validation: learning rate = ([\d.]+)").Groups[1].Value,
                                   CultureInfo.InvariantCulture);
        double firstOvershooting = runs.Where(kv => !kv.Value.Diverged && kv.Value.Accuracy < 0.2).Select(kv => Rate(kv.Key)).Min();
        Assert.True(firstOvershooting / best <= 10, $"best {best}, first overshooting rate {firstOvershooting}");
    }

    /// <summary>"16 units are clearly too few … Going from 64 to 256 units does not help within these few epochs …, while each epoch costs more".</summary>
    [Fact]
    public async Task Notebook08_hidden_size_64_is_enough_within_the_budget()
    {
        var result = await RunAsync(Experiments);
        var runs = Sweep(result.Cell("int[] hiddenSizes"));
        var (h16, h64, h256) = (runs["hidden units = 16"], runs["hidden units = 64"], runs["hidden units = 256"]);
        Assert.True(h64.Accuracy - h16.Accuracy > 0.01, $"{h16.Accuracy} vs {h64.Accuracy}");
        Assert.True(h256.Accuracy <= h64.Accuracy, $"{h256.Accuracy} vs {h64.Accuracy}");
        Assert.True(h256.SecondsPerEpoch > h64.SecondsPerEpoch, $"{h256.SecondsPerEpoch} vs {h64.SecondsPerEpoch} s per epoch");
        // The hidden sweep used the rate the learning-rate sweep chose.
        Assert.Contains("LearningRate = chosenRate", result.Cell("int[] hiddenSizes").Source);
    }

    /// <summary>"With each at its own best rate, and the same epochs, the smaller the batch the further it gets … batches of around 100
    /// learn nearly as much per epoch as batches of 10"; each batch size keeps the rate with the best validation accuracy.</summary>
    [Fact]
    public async Task Notebook08_with_a_rate_tuned_per_batch_size_smaller_batches_learn_more_per_epoch()
    {
        var cell = (await RunAsync(Experiments)).Cell("int[] batchSizes");
        var runs = Sweep(cell);
        int[] sizes = [10, 100, 1000, 55000];
        var best = sizes.Select(b =>
        {
            var tried = runs.Values.Where(r => r.Label.StartsWith($"batch size = {b},", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, tried.Length);
            var winner = tried.MaxBy(r => r.Accuracy)!;
            Assert.Contains($"best for batch size = {b}: learning rate = {winner.Label.Split("learning rate = ")[1]}", cell.StandardOutput);
            return winner.Accuracy;
        }).ToArray();
        for (int i = 1; i < best.Length; i++) Assert.True(best[i] < best[i - 1], string.Join(", ", best));
        Assert.True(best[0] - best[1] < 0.015, string.Join(", ", best));
    }

    /// <summary>"Now, and only now, we measure it on the test set … It should be close to its validation accuracy".</summary>
    [Fact]
    public async Task Notebook08_measures_the_chosen_settings_on_the_test_set_once()
    {
        var result = await RunAsync(Experiments);
        var final = result.Cell("var chosen = lrSweep.Best;");
        foreach (var cell in result.Cells.Where(c => c.Index != final.Index))
            Assert.DoesNotMatch(@"\btest\b[^A-Za-z]*[,)]", Regex.Replace(cell.Source, "//.*", ""));
        Assert.Contains("chosen on validation: 64 hidden, batch 100, η = 2, 3 epochs", final.StandardOutput);
        var g = Match(final, $@"chosen: validation accuracy {Pct}; test accuracy {Pct}");
        Assert.InRange(Math.Abs(Percent(g[1]) - Percent(g[2])), 0, 0.01);
    }

    /// <summary>"If it is not on this computer, the cell says so in one line, with how to get it"; otherwise "the same network … does
    /// markedly worse on clothes than on digits, and the hardest classes are the tops …, while trousers, bags and shoes are easy".</summary>
    [Fact]
    public async Task Notebook08_fashion_mnist_is_optional_and_what_it_shows_is_true()
    {
        var result = await RunAsync(Experiments);
        var load = result.Cell("OptionalData.LoadOrSay(DatasetName.FashionMnist)");
        var train = result.Cell("var fashionOptions = chosen.Options;");
        if (load.StandardOutput.Contains("is not available"))
        {
            Assert.Equal(OptionalData.Unavailable(DatasetInfo.FashionMnist), load.StandardOutput.Trim());
            Assert.Equal("", train.StandardOutput);
            return;
        }
        var g = Match(train, $@"Fashion-MNIST: validation accuracy {Pct} after 3 epochs .*; MNIST: {Pct} with the same settings");
        Assert.True(Percent(g[2]) - Percent(g[1]) > 0.05, train.StandardOutput);
        var classes = Match(train, @"hardest classes on validation: (.*); easiest: (.*)$");
        string[] Names(Group group) => group.Value.Split(", ").Select(p => Regex.Replace(p, @" \d+ ?%$", "")).ToArray();
        Assert.All(Names(classes[1]), c => Assert.Contains(c, new[] { "T-shirt/top", "Pullover", "Coat", "Shirt" }));
        Assert.All(Names(classes[2]), c => Assert.Contains(c, new[] { "Trouser", "Bag", "Sandal", "Sneaker", "Ankle boot" }));
    }

    /// <summary>The one line when Fashion-MNIST cannot be had, and that nothing is thrown (so the rest of 08 runs).</summary>
    [Fact]
    public void A_missing_optional_data_set_gives_one_line_with_how_to_get_it()
    {
        var nowhere = DatasetInfo.FashionMnist with { LocalSources = [], Mirrors = [] };
        string empty = Directory.CreateTempSubdirectory("mlp-no-fashion-").FullName;
        try
        {
            Assert.Null(OptionalData.LoadOrSay(nowhere, empty, new DataLoaderOptions { AllowDownload = false }));
        }
        finally { Directory.Delete(empty, true); }
        string line = OptionalData.Unavailable(DatasetInfo.FashionMnist);
        Assert.DoesNotContain("\n", line);
        Assert.Contains("Fashion-MNIST is not available", line);
        Assert.Contains("`apt-get install dataset-fashion-mnist`", line);
        Assert.Contains("download --dataset fashion", line);
    }
}
