using System.Globalization;
using System.Text.Json;
using Mlp.Data;

namespace Mlp.Cli;

/// <summary>`train`: checks the --save path, loads the data, trains, saves (to a fallback if the path fails), and ends with the JSON summary.</summary>
internal sealed class TrainCommand(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
{
    public int Run(TrainingOptions options, int? threads, int validationCount, string? save, DataChoice data)
    {
        var info = data.Info;
        if (save is not null)
            CheckSavePath(save, options, info);   // before a long run, not after it
        if (threads is int n) Kernels.MaxThreads = n;   // otherwise the engine's own default
        var (train, test) = data.Load(stderr, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();   // Ctrl+C before training: nothing to keep
        if (validationCount >= train.Count)
            throw new UsageException(Localized.Format(Strings.ValidationTooLarge, validationCount, train.Name, train.Count));
        Dataset<float>? validation = null;
        if (validationCount > 0)
            (train, validation) = train.HoldOut(validationCount, options.Seed);
        if (!options.FullBatch && options.BatchSize >= train.Count)
        {
            stderr.WriteLine(Localized.Format(Strings.BatchIsFull, options.BatchSize, train.Count));
            options = options with { BatchSize = train.Count };   // what it means, and what memory must hold
        }

        // In the UI language (UiLanguage.cs); numbers in the invariant culture, with a decimal point, in every language.
        stderr.WriteLine(Localized.Format(Strings.Training, train.Features, options.Hidden, train.Classes, train.Name, train.Count,
            validation is null ? "" : Localized.Format(Strings.HeldOut, validation.Count),
            options.FullBatch ? Strings.FullBatch : Localized.Format(Strings.Batch, Math.Min(options.BatchSize, train.Count)), options.LearningRate, options.Seed));
        stderr.WriteLine(Localized.Format(Strings.Engine, Kernels.PathDescription));
        var trainer = Trainer<float>.Create(options, train.Features, train.Classes);
        if (trainer.Notice is { } notice) stderr.WriteLine(Localized.Format(Strings.Note, notice));   // an edited step of the lesson: said once
        int exit = CommandLine.Ok;
        try
        {
            trainer.Fit(train, test, e => stdout.WriteLine(ProgressLine(e, options.Epochs, trainer.History)), cancellationToken, validation);
            if (trainer.History.StopReason == StopReason.Cancelled)
            {
                stderr.WriteLine(trainer.History.StopMessage);
                exit = CommandLine.Cancelled;
            }
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine(Localized.Format(Strings.Error, e.Message));
            var losses = DivergedEpochLosses(trainer.History);
            if (losses.Length > 0)
                stderr.WriteLine(Localized.Format(Strings.DivergedLosses, string.Join(", ", Spread(losses, 12).Select(p => $"{p.Epoch:F2}: {p.Loss:G3}"))));
            exit = CommandLine.Diverged;
        }

        string? savedTo = null;
        if (save is not null && exit == CommandLine.Diverged)
            stderr.WriteLine(Localized.Format(Strings.NotSavedDiverged, Path.GetFullPath(save)));
        else if (save is not null)
        {
            (savedTo, bool asked) = SaveOrFallBack(trainer.Network, save, info.Name);
            if (!asked && exit == CommandLine.Ok) exit = CommandLine.DataProblem;
        }
        stdout.WriteLine(Summary(trainer, train, test, validation, info, savedTo));
        return exit;
    }

    private static void CheckSavePath(string save, TrainingOptions options, DatasetInfo info)
    {
        try
        {
            ModelFile.CheckCanSave(save, ModelFile.SizeOf(info.Rows * info.Cols, options.Hidden, 10, sizeof(float), info.Name));
        }
        catch (ModelSaveException e)
        {
            throw new ModelSaveException(e.FilePath, e.Problem + ". Nothing was trained; choose another --save path (a folder you can write to)", e);
        }
    }

    /// <summary>Saves to <paramref name="save"/>; if that fails, to a file in the working folder, else in the temporary folder. Returns where, and whether it was the path asked for.</summary>
    private (string? Path, bool Asked) SaveOrFallBack(Network<float> net, string save, string dataset)
    {
        try
        {
            ModelFile.Save(net, save, dataset);
            stderr.WriteLine(Localized.Format(Strings.Saved, Path.GetFullPath(save)));
            return (Path.GetFullPath(save), true);
        }
        catch (ModelSaveException e)
        {
            string name = $"mlp-model-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.mlp";
            foreach (string folder in new[] { Environment.CurrentDirectory, Path.GetTempPath() })
            {
                string fallback = Path.Combine(folder, name);
                try
                {
                    ModelFile.Save(net, fallback, dataset);
                    stderr.WriteLine(Localized.Format(Strings.SavedFallback, e.Message, fallback));
                    return (fallback, false);
                }
                catch (ModelSaveException) { }
            }
            stderr.WriteLine(Localized.Format(Strings.SaveLost, e.Message, Environment.CurrentDirectory, Path.GetTempPath()));
            return (null, false);
        }
    }

    /// <summary>A message of Strings.resx in the UI language, its numbers in the invariant culture.</summary>

    /// <summary>The loss samples of the epoch that diverged (those after the last complete epoch).</summary>
    private static LossSample[] DivergedEpochLosses(TrainingHistory h) =>
        h.StopReason == StopReason.Diverged ? h.LossSamples.Where(p => p.Epoch > h.Count).ToArray() : [];

    /// <summary>At most <paramref name="count"/> of the points, evenly spread, always with the last.</summary>
    private static IEnumerable<LossSample> Spread(LossSample[] points, int count) =>
        points.Length <= count ? points
            : Enumerable.Range(0, count).Select(i => points[(int)Math.Round((double)i * (points.Length - 1) / (count - 1))]);

    private static string ProgressLine(EpochStats e, int epochs, TrainingHistory history)
    {
        double left = history.MedianSecondsPerEpoch * (epochs - e.Epoch);
        int width = 20, done = (int)Math.Round(width * (double)e.Epoch / epochs);
        return $"[{new string('#', done)}{new string('.', width - done)}] " + EpochLine.Format(e, epochs, e.Epoch < epochs ? left : null);
    }

    private static string Summary(Trainer<float> trainer, Dataset<float> train, Dataset<float> test, Dataset<float>? validation, DatasetInfo info, string? savedTo)
    {
        var h = trainer.History;
        var o = trainer.Options;
        var summary = new Dictionary<string, object?>
        {
            ["status"] = h.StopReason.ToString().ToLowerInvariant(),
            ["epochs"] = h.Count,
            ["seconds_per_epoch_median"] = Round(h.MedianSecondsPerEpoch),
            ["train_loss"] = Round(h.Last?.TrainLoss),
            ["train_accuracy"] = Round(h.Last?.TrainAccuracy),
            ["test_accuracy"] = Round(h.Count > 0 ? h.Last!.TestAccuracy : Evaluation.Accuracy(trainer.Network, test)),
        };
        if (validation is not null)
        {
            summary["validation_images"] = validation.Count;
            summary["validation_loss"] = Round(h.Last?.ValidationLoss);
            summary["validation_accuracy"] = Round(h.Last?.ValidationAccuracy);
        }
        if (DivergedEpochLosses(h) is { Length: > 0 } losses)
            summary["losses_before_divergence"] = losses.Select(p => new[] { Round(p.Epoch), Round(p.Loss) }).ToArray();   // [epoch, mean loss] pairs
        summary["dataset"] = info.Name;
        summary["hidden"] = o.Hidden;
        summary["lr"] = o.LearningRate;
        summary["batch"] = o.FullBatch ? train.Count : Math.Min(o.BatchSize, train.Count);
        summary["full_batch"] = o.FullBatch || o.BatchSize >= train.Count;
        summary["seed"] = o.Seed;
        summary["saved_to"] = savedTo;
        return JsonSerializer.Serialize(summary);
    }

    /// <summary>Six decimals; null for a figure that was not measured or is not a number (JSON has no NaN).</summary>
    private static double? Round(double? v) => v is double d && double.IsFinite(d) ? Math.Round(d, 6) : null;
}
