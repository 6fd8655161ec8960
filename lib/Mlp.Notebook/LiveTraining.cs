using System.Diagnostics;
using System.Numerics;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>
/// Training with a live display: the loss curves and a progress line are redrawn in place as epochs finish, at most
/// every <see cref="RedrawInterval"/>, and always at the end. Interrupting the cell (the ■ button) stops training within
/// one batch; the trainer keeps the network and the history of the epochs completed, so later cells can still use them.
/// </summary>
public static class LiveTraining
{
    /// <summary>The least time between two redraws while training runs: fast epochs are drawn a few times a second, not
    /// one by one, so that drawing never takes longer than training. The state at the end (finished, stopped or diverged)
    /// is always drawn.</summary>
    public static TimeSpan RedrawInterval { get; } = TimeSpan.FromSeconds(0.25);

    private static string? _noticeShown; // the trainer's notice (an edited step of the lesson) this kernel has shown

    /// <summary>
    /// Runs <see cref="Trainer{T}.Fit"/> on <paramref name="trainer"/> with the live display and returns its history.
    /// <paramref name="onEpoch"/> (if given) is called after each epoch, after the display is updated, for example to
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

        if (context is not null && trainer.Notice is { } notice && notice != _noticeShown) // an edited step of the lesson: said once per kernel
            KernelInvocationContextExtensions.Display(context, _noticeShown = notice, "text/plain");
        var progress = context is null ? null : KernelInvocationContextExtensions.Display(context,
            $"Training {trainer.Network} on {train.Name} ({trainer.Options.Describe()}): epoch {firstEpoch} of {lastEpoch} running…", "text/plain");
        var chart = context is null ? null : KernelInvocationContextExtensions.Display(context, Charts.TrainingCurves(history));
        var sinceDrawn = Stopwatch.StartNew();
        void Draw(TrainingHistory shown, string line)
        {
            progress?.Update(line);
            chart?.Update(Charts.TrainingCurves(shown));
            sinceDrawn.Restart();
        }

        try
        {
            history = trainer.Fit(train, test, epoch =>
            {
                int done = epoch.Epoch - firstEpoch + 1, left = lastEpoch - epoch.Epoch;
                if (left > 0 && sinceDrawn.Elapsed >= RedrawInterval)
                    Draw(history, EpochLine.Format(epoch, lastEpoch, clock.Elapsed.TotalSeconds / done * left));
                onEpoch?.Invoke(epoch);
            }, token, validation);
        }
        catch (TrainingDivergedException e)
        {
            Draw(e.History, $"Stopped (Diverged): {e.Message}"); // the loss up to the point of divergence, even within the first epoch
            throw;
        }

        Draw(history, history.StopReason != StopReason.Completed
            ? $"Stopped ({history.StopReason}): {history.StopMessage}"
            : $"Finished {history.Count} epochs in {clock.Elapsed.TotalSeconds:F1} s. " + (history.Last is { } final ? ProgressLine(final, lastEpoch) : ""));
        return history;
    }

    /// <summary>One line about an epoch: loss, accuracies and time (the line every display uses, <see cref="EpochLine"/>).</summary>
    public static string ProgressLine(EpochStats e, int lastEpoch) => EpochLine.Format(e, lastEpoch);
}
