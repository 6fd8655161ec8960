using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mlp.Beyond;

namespace Mlp.Cli;

/// <summary>
/// `published`: one of our rows beside LeCun's table (notebook 12). Trains a recipe of <see cref="PublishedTable"/> (or one
/// changed by the options) on 50,000 images, prints each epoch's validation figures, measures the test set once at the
/// end, and ends with a JSON summary.
/// </summary>
internal static class PublishedCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, Func<Command, Commands.DataOptions> addData)
    {
        var row = new Option<string>("--row")
        {
            Description = Strings.HelpRow,
            DefaultValueFactory = _ => "800-ce",
        };
        row.AcceptOnlyFromAmong("800-ce", "300-mse");
        var schedule = new Option<string?>("--schedule") { Description = Strings.HelpSchedule, HelpName = "η:N,…" };
        var batch = new Option<int?>("--batch") { Description = Strings.HelpPublishedBatch, HelpName = "N" };
        var hidden = new Option<int?>("--hidden") { Description = Strings.HelpPublishedHidden, HelpName = "N" };
        var validationImages = new Option<int?>("--validation")
        {
            Description = Strings.HelpPublishedValidation,
            HelpName = "N",
        };
        var useTest = new Option<bool>("--test") { Description = Strings.HelpTest };
        var command = new Command("published", Strings.HelpPublished)
        {
            row, schedule, batch, hidden, validationImages, useTest,
        };
        var data = addData(command);
        command.SetAction(p =>
        {
            var recipe = p.GetValue(row) == "300-mse" ? PublishedTable.LeCun300Mse : PublishedTable.Simard800;
            try
            {
                if (p.GetValue(schedule) is string s) recipe = recipe with { Schedule = Schedule.Parse(s) };
            }
            catch (FormatException e) { throw new UsageException($"--schedule: {e.Message}"); }
            if (p.GetValue(batch) is int b) recipe = b >= 1 ? recipe with { BatchSize = b } : throw new UsageException(Localized.Format(Strings.ParseOutOfRange, "--batch", Localized.Format(Strings.ParseAtLeast, 1), b));
            if (p.GetValue(validationImages) is int v)
                recipe = v is >= 0 and < 60_000 ? recipe with { ValidationImages = v } : throw new UsageException(Localized.Format(Strings.ParseOutOfRange, "--validation", new Limits<int>(0, 59_999), v));
            if (p.GetValue(hidden) is int h) recipe = h >= 1 ? recipe with { Hidden = h } : throw new UsageException(Localized.Format(Strings.ParseOutOfRange, "--hidden", Localized.Format(Strings.ParseAtLeast, 1), h));
            return Run(recipe, p.GetValue(useTest), data.Read(p), stdout, stderr, cancellationToken);
        });
        return command;
    }


    static int Run(Recipe recipe, bool useTest, DataChoice data, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (train, test) = data.Load(stderr, cancellationToken);
        stderr.WriteLine(recipe.ValidationImages == 0
            ? Localized.Format(Strings.PublishedTrainingAll, recipe.Describe(), train.Count)
            : Localized.Format(Strings.PublishedTraining, recipe.Describe()));
        var result = PublishedTable.Run(recipe, train, useTest ? test : null, e => stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch}/{recipe.Schedule.TotalEpochs} · η {e.Rate} {(double.IsNaN(e.TrainLoss) ? "" : $"· loss {e.TrainLoss:F4} ")}{(double.IsNaN(e.ValidationLoss) ? "" : $"· val loss {e.ValidationLoss:F4} · val error {100 * e.ValidationError:F2}% ")}· {e.Seconds:F1} s")),
            cancellationToken);
        bool complete = result.Epochs.Count == recipe.Schedule.TotalEpochs;
        if (complete && useTest) stdout.WriteLine(Localized.Format(Strings.PublishedTestError, 100 * result.TestError));
        else if (!complete) stderr.WriteLine(Localized.Format(Strings.PublishedStopped, result.Epochs.Count, recipe.Schedule.TotalEpochs));
        stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["status"] = complete ? "completed" : "cancelled",
            ["recipe"] = recipe.Describe(),
            ["hidden"] = recipe.Hidden,
            ["loss"] = recipe.Output == Output.SoftmaxCrossEntropy ? "cross-entropy" : "mse",
            ["batch"] = recipe.BatchSize,
            ["schedule"] = recipe.Schedule.ToString(),
            ["epochs"] = result.Epochs.Count,
            ["validation_images"] = recipe.ValidationImages,
            ["validation_error"] = result.Epochs.Count > 0 && double.IsFinite(result.ValidationError) ? Math.Round(result.ValidationError, 6) : null,
            ["test_error"] = complete && useTest ? Math.Round(result.TestError, 6) : null,
            ["seconds"] = Math.Round(result.Seconds, 1),
        }));
        return complete ? CommandLine.Ok : CommandLine.Cancelled;
    }
}
