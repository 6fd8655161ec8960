using System.Text.Json;
using Mlp.Beyond;
using Mlp.Cli;

namespace Mlp.Tests.Cli;

/// <summary>
/// Notebook 12's full-length runs, as the notebook shows them (`published --row … --test`), against the figures the
/// notebook's table prints (<see cref="PublishedTable.Recorded"/>). Long: several minutes each on 2 cores
/// (filter them out of a quick run with <c>--filter "Category!=Long"</c>).
/// </summary>
[Collection("MNIST")]
public class PublishedTableTests
{
    /// <summary>The 300-unit row: one run on 50,000 images, its validation and test error.</summary>
    [Fact, Trait("Category", "Long")]
    public void The_recorded_300_unit_MSE_run_is_what_the_command_gives()
    {
        var recorded = PublishedTable.Recorded.Single(r => r.Recipe == PublishedTable.LeCun300Mse);
        var r = Published(recorded.Recipe, "--row", "300-mse", "--test");
        // The same seed gives the same numbers on one computer; another CPU may round a little differently.
        Assert.Equal(recorded.ValidationError, r.GetProperty("validation_error").GetDouble(), 0.0015);
        Assert.Equal(recorded.TestError, r.GetProperty("test_error").GetDouble(), 0.0015);
    }

    /// <summary>
    /// The 800-unit row: the chosen recipe's run on 50,000 images gives its validation error; its final run on all 60,000
    /// its test error. Notebook 12's live cell runs the recipe's first epochs "exactly as the full run starts them".
    /// </summary>
    [Fact, Trait("Category", "Long")]
    public void The_recorded_800_unit_runs_are_what_the_command_gives()
    {
        var recorded = PublishedTable.Recorded.Single(r => r.Recipe == PublishedTable.Final(PublishedTable.Simard800));
        var chosen = Published(PublishedTable.Simard800, out var lines, "--row", "800-ce");
        Assert.Equal(recorded.ValidationError, chosen.GetProperty("validation_error").GetDouble(), 0.0015);
        Assert.Equal(JsonValueKind.Null, chosen.GetProperty("test_error").ValueKind);
        var start = PublishedTable.Run(PublishedTable.Simard800 with { Schedule = Schedule.Parse($"{PublishedTable.Simard800.Schedule.RateAt(1)}:2") },
            Mlp.Data.DataLoader.Load().Train.ToDataset<float>());
        for (int e = 0; e < 2; e++)
            Assert.Contains(FormattableString.Invariant($"val error {100 * start.Epochs[e].ValidationError:F2}%"), lines[e]);

        var final = Published(recorded.Recipe, "--row", "800-ce", "--validation", "0", "--test");
        Assert.Equal(0, final.GetProperty("validation_images").GetInt32());
        Assert.Equal(recorded.TestError, final.GetProperty("test_error").GetDouble(), 0.0015);
    }

    static JsonElement Published(Recipe recipe, params string[] args) => Published(recipe, out _, args);

    /// <summary>Runs `published` with <paramref name="args"/>: every epoch a line, then (with --test) the test error, then the JSON summary.</summary>
    static JsonElement Published(Recipe recipe, out string[] lines, params string[] args)
    {
        var (exit, output, err) = CliTrainingTests.Run(["published", .. args, "--offline"]);
        Assert.True(exit == CommandLine.Ok, err);
        bool test = args.Contains("--test");
        Assert.Equal(recipe.Schedule.TotalEpochs + (test ? 2 : 1), output.Length);
        if (test) Assert.StartsWith("test error, measured once: ", output[^2]);
        lines = output;
        var summary = JsonDocument.Parse(output[^1]).RootElement.Clone();
        Assert.Equal(recipe.Schedule.TotalEpochs, summary.GetProperty("epochs").GetInt32());
        return summary;
    }

    [Fact]
    public void Without_test_the_test_set_is_not_measured_and_a_bad_schedule_is_a_usage_error()
    {
        var (exit, lines, err) = CliTrainingTests.Run("published", "--row", "800-ce", "--hidden", "8", "--batch", "100", "--schedule", "0.5:1", "--offline");
        Assert.True(exit == CommandLine.Ok, err);
        Assert.DoesNotContain(lines, l => l.Contains("test error"));
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("test_error").ValueKind);
        Assert.InRange(json.RootElement.GetProperty("validation_error").GetDouble(), 0.0, 0.2);

        var (badExit, _, badErr) = CliTrainingTests.Run("published", "--schedule", "0.5;3", "--offline");
        Assert.Equal(CommandLine.BadUsage, badExit);
        Assert.Contains("--schedule: The schedule part '0.5;3' is not η:epochs", badErr);
    }

    [Fact]
    public void With_validation_0_the_run_trains_on_all_60000_images_and_reports_no_validation_figures()
    {
        var (exit, lines, err) = CliTrainingTests.Run("published", "--hidden", "8", "--batch", "100", "--schedule", "0.5:1", "--validation", "0", "--offline");
        Assert.True(exit == CommandLine.Ok, err);
        Assert.Contains("on all 60,000 training images (no validation)", err);
        Assert.DoesNotContain("val", lines[0]);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(0, json.RootElement.GetProperty("validation_images").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("validation_error").ValueKind);

        var (badExit, _, badErr) = CliTrainingTests.Run("published", "--validation", "60000", "--offline");
        Assert.Equal(CommandLine.BadUsage, badExit);
        Assert.Contains("--validation must be between 0 and 59999, not 60000.", badErr);
    }
}
