using System.Text.Json;
using Mlp.Data;

namespace Mlp.Cli;

/// <summary>The `mlp` command line: train a network on MNIST, or evaluate a saved one.</summary>
public static class CommandLine
{
    public const int Ok = 0, BadUsage = 2, DataProblem = 3, Diverged = 4, Cancelled = 130;

    public const string Usage = """
        Usage:
          train     [--hidden 64] [--lr 0.5] [--batch 100] [--epochs 20] [--seed 1] [--full-batch]
                    [--threads N] [--data DIR] [--dataset mnist|fashion] [--save FILE] [--offline]
          evaluate  --model FILE [--data DIR] [--dataset mnist|fashion] [--offline]
          download  [--data DIR] [--dataset mnist|fashion]

        train     trains the 784→hidden→10 network by minibatch SGD (or, with --full-batch, one
                  gradient step per epoch on all 60,000 images, as the lesson does), prints one line
                  per epoch and, as the last line, a JSON summary.
        evaluate  loads a saved network and prints its test accuracy and per-class accuracy.
        download  fetches and verifies the data set now (say, before a class). Mirrors listed in the
                  environment variable MLP_MIRRORS (space-separated URLs) are tried first.

        --threads N  threads the large matrix products may use (default: all processors); the
                     numbers trained are the same for any N, only the speed differs.
        --data DIR   folder holding the four IDX files (default: data/mnist or data/fashion in the
                     repository; missing files are downloaded there, unless --offline).
        Ctrl+C stops training after the current batch and keeps (and saves) what was learned.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? BadUsage : Ok;
            }
            return args[0] switch
            {
                "train" => Train(new Arguments(args[1..], new HashSet<string> { "full-batch", "offline" }), stdout, stderr, cancellationToken),
                "evaluate" => Evaluate(new Arguments(args[1..], new HashSet<string> { "offline" }), stdout),
                "download" => Download(new Arguments(args[1..], new HashSet<string>()), stdout, stderr),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine();
            stderr.WriteLine(Usage);
            return BadUsage;
        }
        catch (Exception e) when (e is DataFormatException or DataUnavailableException or ModelFormatException or FileNotFoundException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return DataProblem;
        }
        catch (Exception e) when (e is ArgumentException or InsufficientMemoryException)
        {
            stderr.WriteLine($"error: {e.Message}");   // e.g. a malformed MLP_MIRRORS, or a network too large for memory
            return BadUsage;
        }
    }

    private static int Train(Arguments a, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = new TrainingOptions
        {
            Hidden = a.Int("hidden", 64, 1, TrainingOptions.MaxHidden),
            LearningRate = a.Double("lr", 0.5, 0, TrainingOptions.MaxLearningRate),
            BatchSize = a.Int("batch", 100, 1, 1_000_000),
            Epochs = a.Int("epochs", 20, 1, 100_000),
            Seed = a.Int("seed", 1, int.MinValue, int.MaxValue),
            FullBatch = a.Flag("full-batch"),
        };
        string? save = a.String("save");
        int threads = a.Int("threads", Environment.ProcessorCount, 1, 1024);
        var data = DataChoice(a);
        a.RejectUnknown();
        Kernels.MaxThreads = threads;
        var (train, test) = LoadData(data, stderr);

        stderr.WriteLine($"Training {train.Features}→{options.Hidden}→{train.Classes} on {train.Name} ({train.Count:N0} images), " +
            (options.FullBatch ? "full batch" : $"batch {options.BatchSize}") + $", lr {options.LearningRate}, seed {options.Seed}.");
        var trainer = Trainer<float>.Create(options, train.Features, train.Classes);
        int exit = Ok;
        try
        {
            trainer.Fit(train, test, e => stdout.WriteLine(ProgressLine(e, options.Epochs, trainer.History)), cancellationToken);
            if (trainer.History.StopReason == StopReason.Cancelled)
            {
                stderr.WriteLine(trainer.History.StopMessage);
                exit = Cancelled;
            }
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            exit = Diverged;
        }

        if (save is not null && exit != Diverged)
        {
            ModelFile.Save(trainer.Network, save);
            stderr.WriteLine($"Saved the network to {Path.GetFullPath(save)}.");
        }
        stdout.WriteLine(Summary(trainer, train, test));
        return exit;
    }

    private static int Evaluate(Arguments a, TextWriter stdout)
    {
        string model = a.String("model") ?? throw new UsageException("evaluate needs --model FILE.");
        var data = DataChoice(a);
        a.RejectUnknown();
        var (_, test) = LoadData(data, TextWriter.Null);
        var net = ModelFile.Load<float>(model, inputSize: test.Features, outputSize: test.Classes);
        var report = Evaluation.Evaluate(net, test);
        stdout.WriteLine(report);
        for (int c = 0; c < report.PerClassAccuracy.Length; c++)
            stdout.WriteLine($"  class {c}: {100 * report.PerClassAccuracy[c]:F2}%");
        stdout.WriteLine(JsonSerializer.Serialize(new { test_accuracy = report.Accuracy, misclassified = report.Misclassified.Length, hidden = net.HiddenSize }));
        return Ok;
    }

    private sealed record DataArguments(Data.DatasetName Kind, string? Folder, bool Offline);

    private static DataArguments DataChoice(Arguments a)
    {
        var kind = a.String("dataset") switch
        {
            null or "mnist" => Data.DatasetName.Mnist,
            "fashion" => Data.DatasetName.FashionMnist,
            var other => throw new UsageException($"--dataset must be mnist or fashion, not '{other}'."),
        };
        return new DataArguments(kind, a.String("data"), a.Flag("offline"));
    }

    private static int Download(Arguments a, TextWriter stdout, TextWriter stderr)
    {
        var data = DataChoice(a);
        a.RejectUnknown();
        var info = DatasetInfo.For(data.Kind);
        string folder = DataDirectory.Resolve(info, data.Folder);
        var split = DataLoader.Load(info, data.Folder, new DataLoaderOptions { Log = stderr.WriteLine });
        stdout.WriteLine($"{info.Name} is ready in {folder}: {split.Train.Count:N0} training and {split.Test.Count:N0} test images, checksums verified.");
        return Ok;
    }

    private static (Dataset<float> Train, Dataset<float> Test) LoadData(DataArguments d, TextWriter log)
    {
        var split = DataLoader.Load(d.Kind, d.Folder, new DataLoaderOptions { Log = log.WriteLine, AllowDownload = !d.Offline });
        return (split.Train.ToDataset<float>(), split.Test.ToDataset<float>());
    }

    private static string ProgressLine(EpochStats e, int epochs, TrainingHistory history)
    {
        double left = history.MedianSecondsPerEpoch * (epochs - e.Epoch);
        int width = 20, done = (int)Math.Round(width * (double)e.Epoch / epochs);
        return $"[{new string('#', done)}{new string('.', width - done)}] {e.Epoch,3}/{epochs}  loss {e.TrainLoss:F4}  " +
               $"test acc {100 * e.TestAccuracy:F2}%  {e.Seconds:F2} s  (about {left:F0} s left)";
    }

    private static string Summary(Trainer<float> trainer, Dataset<float> train, Dataset<float> test)
    {
        var h = trainer.History;
        var o = trainer.Options;
        return JsonSerializer.Serialize(new
        {
            status = h.StopReason.ToString().ToLowerInvariant(),
            epochs = h.Count,
            seconds_per_epoch_median = Round(h.MedianSecondsPerEpoch),
            train_loss = Round(h.Last?.TrainLoss ?? double.NaN),
            train_accuracy = Round(h.Last?.TrainAccuracy ?? double.NaN),
            test_accuracy = Round(h.Count > 0 ? h.Last!.TestAccuracy : Evaluation.Accuracy(trainer.Network, test)),
            hidden = o.Hidden,
            lr = o.LearningRate,
            batch = o.FullBatch ? train.Count : o.BatchSize,
            full_batch = o.FullBatch,
            seed = o.Seed,
        }, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
    }

    private static double Round(double v) => double.IsFinite(v) ? Math.Round(v, 6) : v;
}
