using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>
/// A hyperparameter sweep: trains the same network once per value of one hyperparameter, everything
/// else (the seed included) fixed, and compares the runs on the test set.
/// </summary>
public static class Sweep
{
    /// <summary>
    /// Trains once per value (a run that diverges is reported and skipped), prints each run's final test
    /// accuracy and seconds per epoch, shows a bar chart of the seconds per epoch, and returns the chart
    /// of test accuracy per epoch, one line per value.
    /// </summary>
    public static PlotlyFigure Run<TValue>(string name, IReadOnlyList<TValue> values, Func<TValue, TrainingOptions> optionsFor,
        Dataset<float> train, Dataset<float> test, CancellationToken cancellationToken = default)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : KernelInvocationContext.Current?.CancellationToken ?? default;
        var accuracy = new List<(string, double[])>();
        var seconds = new List<double>();
        double[] epochs = [];
        foreach (var value in values)
        {
            try
            {
                var (_, history) = Trainer.Train(train, test, optionsFor(value), cancellationToken: token);
                if (history.Count > epochs.Length) epochs = history.Select(e => (double)e.Epoch).ToArray();
                accuracy.Add(($"{name} = {value}", history.TestAccuracies));
                seconds.Add(history.MedianSecondsPerEpoch);
                Console.WriteLine($"{name} = {value,-8}: test accuracy {history.Last?.TestAccuracy:P2}, {history.MedianSecondsPerEpoch:F3} s per epoch");
            }
            catch (TrainingDivergedException e)
            {
                Console.WriteLine($"{name} = {value,-8}: diverged. {e.Message}");
                seconds.Add(double.NaN);
            }
            if (token.IsCancellationRequested) break;
        }
        var labels = values.Take(seconds.Count).Select(v => v?.ToString() ?? "").ToArray();
        var timing = Charts.Bar(labels, seconds.ToArray(), $"Seconds per epoch by {name}", name, "seconds");
        KernelInvocationContext.Current?.Display(timing);
        return Charts.Line(epochs, accuracy.ToArray(), $"Test accuracy per epoch by {name}", "epoch", "test accuracy");
    }
}
