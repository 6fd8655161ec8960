using System.Diagnostics;
using System.Numerics;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>
/// Training with a live display: the loss curves and a progress line are redrawn in place after every epoch.
/// Interrupting the cell (the ■ button) stops training within one batch; the trainer keeps the network and
/// the history of the epochs completed, so later cells can still use them.
/// </summary>
public static class LiveTraining
{
    /// <summary>Runs <see cref="Trainer{T}.Fit"/> on <paramref name="trainer"/> with the live display and returns its history;
    /// <paramref name="onEpoch"/> (if given) is called after each epoch too, for example to record a <see cref="TrainingReplay"/>.</summary>
    public static TrainingHistory Fit<T>(Trainer<T> trainer, Dataset<T> train, Dataset<T>? test = null, Action<EpochStats>? onEpoch = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var context = KernelInvocationContext.Current;
        var token = context?.CancellationToken ?? CancellationToken.None;
        var history = trainer.History;
        int firstEpoch = history.Count + 1, lastEpoch = history.Count + trainer.Options.Epochs;
        var clock = Stopwatch.StartNew();

        var progress = context is null ? null : KernelInvocationContextExtensions.Display(context, $"Training {trainer.Network} on {train.Name}: epoch {firstEpoch} of {lastEpoch} running…", "text/plain");
        var chart = context is null ? null : KernelInvocationContextExtensions.Display(context, Charts.TrainingCurves(history));

        try
        {
            history = trainer.Fit(train, test, epoch =>
            {
                int done = epoch.Epoch - firstEpoch + 1, left = lastEpoch - epoch.Epoch;
                var secondsLeft = clock.Elapsed.TotalSeconds / done * left;
                progress?.Update(left > 0 ? EpochLine.Format(epoch, lastEpoch, secondsLeft) : ProgressLine(epoch, lastEpoch) + " · done");
                chart?.Update(Charts.TrainingCurves(history));
                onEpoch?.Invoke(epoch);
            }, token);
        }
        catch (TrainingDivergedException e)
        {
            progress?.Update($"Stopped (Diverged): {e.Message}"); // the curve keeps the epochs before it; the cell shows the error
            throw;
        }

        if (history.StopReason != StopReason.Completed)
            progress?.Update($"Stopped ({history.StopReason}): {history.StopMessage}");
        else
            progress?.Update($"Finished {history.Count} epochs in {clock.Elapsed.TotalSeconds:F1} s. " +
                             (history.Last is { } e ? ProgressLine(e, lastEpoch) : ""));
        return history;
    }

    /// <summary>One line about an epoch: loss, accuracies and time (the line every display uses, <see cref="EpochLine"/>).</summary>
    public static string ProgressLine(EpochStats e, int lastEpoch) => EpochLine.Format(e, lastEpoch);
}
