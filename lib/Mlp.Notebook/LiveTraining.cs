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
    /// <summary>
    /// Runs <see cref="Trainer{T}.Fit"/> on <paramref name="trainer"/> with the live display and returns its history.
    /// <paramref name="onEpoch"/> (if given) is called after each epoch, after the display is redrawn, for example to
    /// record a <see cref="TrainingReplay"/>; <paramref name="validation"/> is measured after each epoch. When training diverges
    /// the chart is redrawn with the loss up to that point, the progress line says why, and the exception is rethrown.
    /// </summary>
    public static TrainingHistory Fit<T>(Trainer<T> trainer, Dataset<T> train, Dataset<T>? test = null,
        Action<EpochStats>? onEpoch = null, Dataset<T>? validation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var context = KernelInvocationContext.Current;
        var token = context?.CancellationToken ?? CancellationToken.None;
        var history = trainer.History;
        int firstEpoch = history.Count + 1, lastEpoch = history.Count + trainer.Options.Epochs;
        var clock = Stopwatch.StartNew();

        var progress = context is null ? null : KernelInvocationContextExtensions.Display(context,
            $"Training {trainer.Network} on {train.Name} ({trainer.Options.Describe()}): epoch {firstEpoch} of {lastEpoch} running…", "text/plain");
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
            }, token, validation);
        }
        catch (TrainingDivergedException e)
        {
            chart?.Update(Charts.TrainingCurves(e.History)); // the loss up to the point of divergence, even within the first epoch
            progress?.Update($"Stopped (Diverged): {e.Message}");
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
