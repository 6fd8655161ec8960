using System.CommandLine;
using Mlp.Data;

namespace Mlp.Cli;

/// <summary>The commands and their options. Defaults and ranges of hyperparameters come from <see cref="TrainingOptions"/>.</summary>
internal static class Commands
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var defaults = new TrainingOptions();
        // Every description is a text of Strings.resx, so --help is in the language LC_ALL / LC_MESSAGES / LANG name (the option
        // names stay English); the ranges come from TrainingOptions and say themselves in that language (Limits.ToString).
        var hidden = Int("--hidden", Strings.HelpHidden, defaults.Hidden, TrainingOptions.HiddenLimits);
        var lr = new Option<double>("--lr")
        {
            Description = Localized.Format(Strings.HelpLr, TrainingOptions.LearningRateLimits),
            DefaultValueFactory = _ => defaults.LearningRate,
            CustomParser = r => CommandLine.ParseDouble(r, "--lr", TrainingOptions.LearningRateLimits),
            HelpName = "η",
        };
        var batch = Int("--batch", Strings.HelpBatch, defaults.BatchSize, TrainingOptions.BatchSizeLimits);
        var epochs = Int("--epochs", Strings.HelpEpochs, defaults.Epochs, TrainingOptions.EpochsLimits);
        var seed = Int("--seed", Strings.HelpSeed, defaults.Seed, new Limits<int>(int.MinValue, int.MaxValue));
        var fullBatch = new Option<bool>("--full-batch") { Description = Strings.HelpFullBatch };
        var threads = new Option<int?>("--threads")
        {
            Description = Localized.Format(Strings.HelpThreads, ThreadLimits),
            CustomParser = r => CommandLine.ParseInt(r, "--threads", ThreadLimits),
            HelpName = "N",
        };
        var validation = Int("--validation", Strings.HelpValidation, 0, new Limits<int>(0, int.MaxValue));
        var save = new Option<string?>("--save") { Description = Strings.HelpSave, HelpName = "FILE" };

        var train = new Command("train", Strings.HelpTrain)
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

        var model = new Option<string>("--model") { Description = Strings.HelpModel, Required = true, HelpName = "FILE" };
        var evaluate = new Command("evaluate", Strings.HelpEvaluate) { model };
        var evaluateData = AddDataOptions(evaluate, offline: true, datasetDefault: null);
        evaluate.SetAction(p => EvaluateCommand.Run(p.GetValue(model)!, evaluateData.Read(p), stdout, stderr));

        var download = new Command("download", Localized.Format(Strings.HelpDownload, DataLoaderOptions.MirrorsVariable, DataLoaderOptions.OfflineVariable));
        var downloadData = AddDataOptions(download, offline: false);
        download.SetAction(p => DownloadCommand.Run(downloadData.Read(p), stdout, stderr));

        var published = PublishedCommand.Build(stdout, stderr, cancellationToken, c => AddDataOptions(c, offline: true));   // notebook 12's long run

        return new RootCommand(Strings.HelpRoot)
        {
            train, evaluate, download, published,
        };
    }

    public static Limits<int> ThreadLimits { get; } = new(1, 1024);


    private static Option<int> Int(string name, string description, int defaultValue, Limits<int> limits) => new(name)
    {
        Description = limits.Max == int.MaxValue ? description : Localized.Format(Strings.HelpWithRange, description, limits),
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => CommandLine.ParseInt(r, name, limits),
        HelpName = "N",
    };

    /// <summary>--data, --dataset and (for commands that read data) --offline.</summary>
    private static DataOptions AddDataOptions(Command command, bool offline, DatasetName? datasetDefault = DatasetName.Mnist)
    {
        var folder = new Option<string?>("--data")
        {
            Description = offline ? Strings.HelpDataOffline : Strings.HelpData,
            HelpName = "DIR",
        };
        var dataset = new Option<string?>("--dataset")
        {
            Description = datasetDefault is null ? Strings.HelpDatasetRecorded : Strings.HelpDataset,
            HelpName = "mnist|fashion",
        };
        dataset.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !DatasetNames.ContainsKey(r.Tokens[0].Value))
                r.AddError(Localized.Format(Strings.ParseDataset, r.Tokens[0].Value));
        });
        if (datasetDefault is DatasetName d) dataset.DefaultValueFactory = _ => DatasetNames.First(kv => kv.Value == d).Key;
        command.Add(folder);
        command.Add(dataset);
        Option<bool>? offlineOption = null;
        if (offline)
        {
            offlineOption = new Option<bool>("--offline") { Description = Localized.Format(Strings.HelpOffline, DataLoaderOptions.OfflineVariable) };
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
