using System.CommandLine;
using Mlp.Data;

namespace Mlp.Cli;

/// <summary>The commands and their options. Defaults and ranges of hyperparameters come from <see cref="TrainingOptions"/>.</summary>
internal static class Commands
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var defaults = new TrainingOptions();
        var hidden = Int("--hidden", "Hidden units", defaults.Hidden, TrainingOptions.HiddenLimits);
        var lr = new Option<double>("--lr")
        {
            Description = $"Learning rate η, {TrainingOptions.LearningRateLimits} (written with a decimal point)",
            DefaultValueFactory = _ => defaults.LearningRate,
            CustomParser = r => CommandLine.ParseDouble(r, "--lr", TrainingOptions.LearningRateLimits),
            HelpName = "η",
        };
        var batch = Int("--batch", "Images per gradient step (minibatch SGD); a batch as large as the training set is full batch", defaults.BatchSize, TrainingOptions.BatchSizeLimits);
        var epochs = Int("--epochs", "Passes over the training set", defaults.Epochs, TrainingOptions.EpochsLimits);
        var seed = Int("--seed", "Seeds the initial weights, the shuffle and the validation split: the same seed gives the same numbers", defaults.Seed, new Limits<int>(int.MinValue, int.MaxValue));
        var fullBatch = new Option<bool>("--full-batch") { Description = "One gradient step per epoch on all the training images, as the lesson does" };
        var threads = new Option<int?>("--threads")
        {
            Description = $"Threads the large matrix products may use ({ThreadLimits}; default: the engine's choice); the numbers trained are the same for any N, only the speed differs",
            CustomParser = r => CommandLine.ParseInt(r, "--threads", ThreadLimits),
            HelpName = "N",
        };
        var validation = Int("--validation", "Images held out of the training set (stratified by class) to measure validation loss and accuracy after each epoch; 0 trains on all of it, as the lesson does", 0, new Limits<int>(0, int.MaxValue));
        var save = new Option<string?>("--save") { Description = "Save the trained network to this file (checked before training starts)", HelpName = "FILE" };

        var train = new Command("train", "Trains the 784→hidden→10 network by minibatch SGD (or, with --full-batch, one gradient step per epoch, as the lesson does), " +
                                         "prints one line per epoch and, as the last line, a JSON summary. Ctrl+C stops after the current batch and keeps (and saves) what was learned.")
        {
            hidden, lr, batch, epochs, seed, fullBatch, threads, validation, save,
        };
        var trainData = AddDataOptions(train, offline: true);
        train.SetAction(p => new TrainCommand(stdout, stderr, cancellationToken).Run(
            defaults with   // every other setting keeps the library's default
            {
                Hidden = p.GetValue(hidden),
                LearningRate = p.GetValue(lr),
                BatchSize = p.GetValue(batch),
                Epochs = p.GetValue(epochs),
                Seed = p.GetValue(seed),
                FullBatch = p.GetValue(fullBatch),
            },
            p.GetValue(threads), p.GetValue(validation), p.GetValue(save), trainData.Read(p)));

        var model = new Option<string>("--model") { Description = "The saved network to evaluate", Required = true, HelpName = "FILE" };
        var evaluate = new Command("evaluate", "Loads a saved network and prints its test accuracy, per-class accuracy and a JSON summary. " +
                                               "Without --dataset it uses the data set the model file records.") { model };
        var evaluateData = AddDataOptions(evaluate, offline: true, datasetDefault: null);
        evaluate.SetAction(p => EvaluateCommand.Run(p.GetValue(model)!, evaluateData.Read(p), stdout, stderr));

        var download = new Command("download", "Fetches and verifies the data set now (say, before a class). " +
                                               $"Mirrors listed in the environment variable {DataLoaderOptions.MirrorsVariable} (space-separated URLs) are tried first. " +
                                               $"It downloads even with {DataLoaderOptions.OfflineVariable}=1: it is the request to fetch.");
        var downloadData = AddDataOptions(download, offline: false);
        download.SetAction(p => DownloadCommand.Run(downloadData.Read(p), stdout, stderr));

        var published = PublishedCommand.Build(stdout, stderr, cancellationToken, c => AddDataOptions(c, offline: true));   // notebook 12's long run

        return new RootCommand("Trains and evaluates the course's multilayer perceptron on MNIST or Fashion-MNIST.\n" +
                               "Exit codes: 0 done; 2 a bad command line; 3 a data file, a model file or the --save path cannot be used " +
                               "(a model trained but not saved where asked is saved to a fallback file the message names); 4 training diverged; " +
                               "130 stopped by Ctrl+C (what was learned is kept, and saved with --save).")
        {
            train, evaluate, download, published,
        };
    }

    public static Limits<int> ThreadLimits { get; } = new(1, 1024);

    private static Option<int> Int(string name, string description, int defaultValue, Limits<int> limits) => new(name)
    {
        Description = limits.Max == int.MaxValue ? description : $"{description} ({limits})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => CommandLine.ParseInt(r, name, limits),
        HelpName = "N",
    };

    /// <summary>--data, --dataset and (for commands that read data) --offline.</summary>
    private static DataOptions AddDataOptions(Command command, bool offline, DatasetName? datasetDefault = DatasetName.Mnist)
    {
        var folder = new Option<string?>("--data")
        {
            Description = "Folder holding the four IDX files (default: data/mnist or data/fashion in the repository; missing files are downloaded there" +
                          (offline ? ", unless --offline or MLP_OFFLINE=1)" : ")"),
            HelpName = "DIR",
        };
        var dataset = new Option<string?>("--dataset")
        {
            Description = "mnist or fashion" + (datasetDefault is null ? " (default: the one the model file records, else mnist)" : ""),
            HelpName = "mnist|fashion",
        };
        dataset.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !DatasetNames.ContainsKey(r.Tokens[0].Value))
                r.AddError($"--dataset must be mnist or fashion, not '{r.Tokens[0].Value}'.");
        });
        if (datasetDefault is DatasetName d) dataset.DefaultValueFactory = _ => DatasetNames.First(kv => kv.Value == d).Key;
        command.Add(folder);
        command.Add(dataset);
        Option<bool>? offlineOption = null;
        if (offline)
        {
            offlineOption = new Option<bool>("--offline") { Description = $"Never download: use only the files already there (also {DataLoaderOptions.OfflineVariable}=1)" };
            command.Add(offlineOption);
        }
        return new DataOptions(folder, dataset, offlineOption);
    }

    /// <summary>The names --dataset accepts.</summary>
    private static readonly Dictionary<string, DatasetName> DatasetNames = new() { ["mnist"] = DatasetName.Mnist, ["fashion"] = DatasetName.FashionMnist };

    internal sealed record DataOptions(Option<string?> Folder, Option<string?> Dataset, Option<bool>? Offline)
    {
        public DataChoice Read(ParseResult p) =>
            new(p.GetValue(Dataset) is string name ? DatasetNames[name] : null, p.GetValue(Folder), Offline is not null && p.GetValue(Offline));
    }
}

/// <summary>Which data set, from which folder, and whether downloading is forbidden (--offline; MLP_OFFLINE=1 forbids it too).</summary>
internal sealed record DataChoice(DatasetName? Kind, string? Folder, bool Offline)
{
    public DatasetInfo Info => DatasetInfo.For(Kind ?? DatasetName.Mnist);

    /// <summary>The loader's options: offline when --offline is given, otherwise the library's default (which honours MLP_OFFLINE).</summary>
    public DataLoaderOptions LoaderOptions(TextWriter log)
    {
        var options = new DataLoaderOptions { Log = log.WriteLine };
        return Offline ? options with { AllowDownload = false } : options;
    }

    /// <summary>Loads (downloading if allowed); Ctrl+C during a download stops it, leaving nothing partial.</summary>
    public (Dataset<float> Train, Dataset<float> Test) Load(TextWriter log, CancellationToken cancellationToken = default)
    {
        var split = DataLoader.LoadAsync(Info, Folder, LoaderOptions(log), cancellationToken).GetAwaiter().GetResult();
        return (split.Train.ToDataset<float>(), split.Test.ToDataset<float>());
    }
}
