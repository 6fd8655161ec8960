using System.Globalization;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>One training run of a sweep: the value tried, its options, and what came of it.</summary>
public sealed record SweepRun<TValue>(TValue Value, TrainingOptions Options, TrainingHistory History, Network<float> Network)
{
    public bool Diverged => History.StopReason == StopReason.Diverged;

    /// <summary>Validation accuracy after the last epoch (NaN for a run that diverged).</summary>
    public double ValidationAccuracy => Diverged ? double.NaN : History.Last?.ValidationAccuracy ?? double.NaN;

    /// <summary>Validation loss after the last epoch (NaN for a run that diverged).</summary>
    public double ValidationLoss => Diverged ? double.NaN : History.Last?.ValidationLoss ?? double.NaN;
}

/// <summary>The runs of a sweep, in the order tried, and the best of them on the validation set.</summary>
public sealed record SweepResult<TValue>(string Name, IReadOnlyList<SweepRun<TValue>> Runs)
{
    /// <summary>The run with the highest final validation accuracy (the lower validation loss breaks a tie); runs that diverged never win.</summary>
    public SweepRun<TValue> Best => Runs.Where(r => !r.Diverged && r.History.Count > 0)
        .OrderByDescending(r => r.ValidationAccuracy).ThenBy(r => r.ValidationLoss).First();

    public SweepRun<TValue> this[TValue value] => Runs.First(r => EqualityComparer<TValue>.Default.Equals(r.Value, value));
}

/// <summary>
/// A hyperparameter sweep: trains the same network once per value of one hyperparameter, everything else
/// (the seed included) fixed, and compares the runs on the <b>validation</b> set, never the test set: the
/// test set is kept for one final measurement of the settings chosen here.
/// </summary>
public static class Sweep
{
    /// <summary>
    /// Trains once per value (a run that diverges is reported, and its loss up to the divergence drawn), prints
    /// one line per run and the best on validation, and shows the training loss within epochs, the validation
    /// loss and the validation accuracy per epoch, one line per value (and, with <paramref name="showTiming"/>,
    /// the seconds per epoch as bars).
    /// </summary>
    public static SweepResult<TValue> Run<TValue>(string name, IReadOnlyList<TValue> values, Func<TValue, TrainingOptions> optionsFor,
        Dataset<float> train, Dataset<float> validation, bool showTiming = false, CancellationToken cancellationToken = default)
    {
        string shown = Labels.Translate(name);   // the hyperparameter's name as the reader reads it; the result keeps the code's
        var runs = Train(name, values, optionsFor, train, validation, cancellationToken, v => $"{shown} = {Format(v)}");
        var result = new SweepResult<TValue>(name, runs);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Strings.NbSw01, shown, Format(result.Best.Value)));
        Show(result, r => $"{shown} = {Format(r.Value)}", showTiming, withinEpochs: true);
        return result;
    }

    /// <summary>
    /// A sweep of <paramref name="name"/> in which each value gets its own best learning rate: for each value every
    /// rate in <paramref name="learningRates"/> is tried, the one with the best validation accuracy is kept, and
    /// those best runs are compared as in <see cref="Run{TValue}"/>. When the best rate is at an edge of the grid
    /// (the largest or the smallest tried), the grid is widened on that side by the same factor as its last step,
    /// and the new rate tried, until the best is inside the grid (or <paramref name="maxWidenings"/> rates were added):
    /// a best value at the edge only says that the best may lie beyond it.
    /// </summary>
    public static SweepResult<TValue> RunTuned<TValue>(string name, IReadOnlyList<TValue> values, IReadOnlyList<double> learningRates,
        Func<TValue, double, TrainingOptions> optionsFor, Dataset<float> train, Dataset<float> validation, bool showTiming = false,
        CancellationToken cancellationToken = default, int maxWidenings = 4)
    {
        if (learningRates.Count < 2) throw new ArgumentException(Strings.NbSw02, nameof(learningRates));
        var best = new List<SweepRun<TValue>>();
        string shown = Labels.Translate(name);
        foreach (var value in values)
        {
            string Label(double lr) => string.Format(CultureInfo.InvariantCulture, Strings.NbSw03, shown, Format(value), Format(lr));
            var tried = Train(Strings.NbSw04, learningRates.Order().ToList(), lr => optionsFor(value, lr), train, validation, cancellationToken, Label);
            for (int widened = 0; widened < maxWidenings && !Token(cancellationToken).IsCancellationRequested; widened++)
            {
                tried = tried.OrderBy(r => r.Value).ToList();
                var chosenSoFar = new SweepResult<double>(Strings.NbSw05, tried).Best;
                double next;
                if (chosenSoFar == tried[^1]) next = tried[^1].Value * (tried[^1].Value / tried[^2].Value);
                else if (chosenSoFar == tried[0]) next = tried[0].Value / (tried[1].Value / tried[0].Value);
                else break;
                next = Math.Round(next, 6);
                if (!TrainingOptions.LearningRateLimits.Contains(next)) break;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Strings.NbSw06, shown, Format(value), Format(chosenSoFar.Value), Format(next)));
                tried.AddRange(Train(Strings.NbSw07, [next], lr => optionsFor(value, lr), train, validation, cancellationToken, Label));
            }
            var forValue = new SweepResult<double>(Strings.NbSw08, tried.OrderBy(r => r.Value).ToList());
            var chosen = forValue.Best;
            bool inside = chosen != forValue.Runs[0] && chosen != forValue.Runs[^1];
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Strings.NbSw09, shown, Format(value), Format(chosen.Value)) +
                              (inside ? Strings.NbSw10 : Strings.NbSw11));
            best.Add(new SweepRun<TValue>(value, chosen.Options, chosen.History, chosen.Network));
            if (Token(cancellationToken).IsCancellationRequested) break;
        }
        var result = new SweepResult<TValue>(name, best);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Strings.NbSw12, shown, Format(result.Best.Value), Format(result.Best.Options.LearningRate)));
        Show(result, r => $"{shown} = {Format(r.Value)} (η = {Format(r.Options.LearningRate)})", showTiming, withinEpochs: false);
        return result;
    }

    private static List<SweepRun<T>> Train<T>(string name, IReadOnlyList<T> values, Func<T, TrainingOptions> optionsFor,
        Dataset<float> train, Dataset<float> validation, CancellationToken cancellationToken, Func<T, string> label)
    {
        var token = Token(cancellationToken);
        var runs = new List<SweepRun<T>>();
        foreach (var value in values)
        {
            var options = optionsFor(value) with { EvaluateTestEachEpoch = false };
            var trainer = Trainer<float>.Create(options, train.Features, train.Classes);
            try
            {
                trainer.Fit(train, test: null, cancellationToken: token, validation: validation);
                var last = trainer.History.Last;
                var seconds = trainer.History.Seconds;
                Console.WriteLine(label(value).PadRight(40) + string.Format(CultureInfo.InvariantCulture, Strings.NbSw13, last?.ValidationAccuracy, last?.ValidationLoss, trainer.History.MedianSecondsPerEpoch, seconds.Length, seconds.Min(), seconds.Max()) +
                                  string.Join(" ", trainer.History.ValidationLosses.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))));
            }
            catch (TrainingDivergedException e)
            {
                Console.WriteLine(label(value).PadRight(40) + string.Format(CultureInfo.InvariantCulture, Strings.NbSwDiverged, e.Message));
            }
            runs.Add(new SweepRun<T>(value, options, trainer.History, trainer.Network));
            if (token.IsCancellationRequested) break;
        }
        return runs;
    }

    private static void Show<T>(SweepResult<T> result, Func<SweepRun<T>, string> label, bool showTiming, bool withinEpochs)
    {
        var context = KernelInvocationContext.Current;
        if (context is null) return;
        var runs = result.Runs;
        if (withinEpochs)
        {
            // Same batches for every run, so the loss samples fall at the same places; a run that diverged stops early.
            var longest = runs.Select(r => r.History.LossSamples).MaxBy(s => s.Count)!;
            var x = longest.Select(s => s.Epoch).ToArray();
            context.Display(Charts.Line(x, runs.Select(r => (label(r), r.History.LossSamples.Select(s => s.Loss).ToArray())).ToArray(),
                string.Format(CultureInfo.InvariantCulture, Strings.NbSw14, Labels.Translate(result.Name)), Strings.NbSweepEpoch, Strings.NbSw15));
        }
        var complete = runs.Where(r => r.History.Count > 0).ToList();
        var epochs = complete.Select(r => r.History).MaxBy(h => h.Count)?.Select(e => (double)e.Epoch).ToArray() ?? [];
        context.Display(Charts.Line(epochs, complete.Select(r => (label(r), r.History.ValidationLosses)).ToArray(),
            string.Format(CultureInfo.InvariantCulture, Strings.NbSw16, Labels.Translate(result.Name)), Strings.NbSweepEpoch, Strings.NbSw17));
        context.Display(Charts.Line(epochs, complete.Select(r => (label(r), r.History.ValidationAccuracies)).ToArray(),
            string.Format(CultureInfo.InvariantCulture, Strings.NbSw18, Labels.Translate(result.Name)), Strings.NbSweepEpoch, Strings.NbSw19));
        if (showTiming) // a table, not bars: the epochs of one run are its repeats, and their spread shows how far apart two runs must be to differ
            Table.Show(complete.Select(r => new
            {
                run = label(r),
                epochs = r.History.Count,
                medianSecondsPerEpoch = Math.Round(r.History.MedianSecondsPerEpoch, 3),
                fastest = Math.Round(r.History.Seconds.Min(), 3),
                slowest = Math.Round(r.History.Seconds.Max(), 3),
            }), string.Format(CultureInfo.InvariantCulture, Strings.NbSw20, Labels.Translate(result.Name)));
    }

    private static CancellationToken Token(CancellationToken given) =>
        given.CanBeCanceled ? given : KernelInvocationContext.Current?.CancellationToken ?? default;

    private static string Format<T>(T value) => value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
}
