using System.Globalization;
using System.Text.Json;
using Mlp.Cli;
using Mlp.Data;

namespace Mlp.Tests.Cli;

/// <summary>Options, defaults and the summary: one fact in one place, invariant culture, clear words for odd requests.</summary>
public class CliOptionsTests
{
    [Fact]
    public void The_help_shows_the_defaults_and_ranges_of_TrainingOptions()
    {
        var d = new TrainingOptions();
        string help = CommandLine.Usage("train");
        string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(I($"--hidden <N>"), help);
        Assert.Contains(I($"({TrainingOptions.HiddenLimits}) [default: {d.Hidden}]"), help);
        Assert.Contains(I($"{TrainingOptions.LearningRateLimits} (written with a decimal point) [default: {d.LearningRate}]"), help);
        Assert.Contains(I($"({TrainingOptions.BatchSizeLimits}) [default: {d.BatchSize}]"), help);
        Assert.Contains(I($"({TrainingOptions.EpochsLimits}) [default: {d.Epochs}]"), help);
        Assert.Contains(I($"[default: {d.Seed}]"), help);
    }

    [Fact]
    public void A_range_error_reads_the_range_from_TrainingOptions()
    {
        var e = new StringWriter();
        int exit = CommandLine.Run(["train", "--epochs", (TrainingOptions.EpochsLimits.Max + 1).ToString(CultureInfo.InvariantCulture)], new StringWriter(), e);
        Assert.Equal(CommandLine.BadUsage, exit);
        Assert.Contains($"--epochs must be {TrainingOptions.EpochsLimits}, not {TrainingOptions.EpochsLimits.Max + 1}.", e.ToString());
    }

    /// <summary>A culture that writes decimals with a comma, as de_DE does (built by hand: the project runs in invariant-globalization mode).</summary>
    internal static CultureInfo CommaCulture()
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = ",";
        c.NumberFormat.NumberGroupSeparator = ".";
        c.NumberFormat.PercentDecimalSeparator = ",";
        return c;
    }

    [Fact]
    public void Under_a_comma_culture_a_comma_is_not_a_decimal_point()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CommaCulture();
        try
        {
            var e = new StringWriter();
            Assert.Equal(CommandLine.BadUsage, CommandLine.Run(["train", "--lr", "0,5"], new StringWriter(), e));
            Assert.Contains("--lr must be a number, not '0,5'", e.ToString());
            Assert.Same(CultureInfo.CurrentCulture, CultureInfo.CurrentCulture);
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void TrainingOptions_range_errors_use_the_same_limits_and_a_decimal_point()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CommaCulture();
        try
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LearningRate = 1500.5 }.Validate());
            Assert.Contains($"LearningRate = 1500.5 is out of range: it must be a number {TrainingOptions.LearningRateLimits}", e.Message);
            Assert.Equal("greater than 0 and at most 1000", TrainingOptions.LearningRateLimits.ToString());
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void The_epoch_line_is_the_same_under_any_culture()
    {
        var e = new EpochStats(3, 0.123456, 0.965, 0.962, 0.18);
        string invariant = EpochLine.Format(e, 20, 4);
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CommaCulture();
        try { Assert.Equal(invariant, EpochLine.Format(e, 20, 4)); }
        finally { CultureInfo.CurrentCulture = before; }
        Assert.Equal("epoch  3/20 · loss 0.1235 · train acc 96.50% · test acc 96.20% · 0.18 s · about 4 s left", invariant);
        Assert.Equal("epoch 3 · loss 0.1235 · train acc 96.50% · 0.18 s", new EpochStats(3, 0.123456, 0.965, double.NaN, 0.18).ToString());
        Assert.Equal("epoch 3 · loss 0.1235 · train acc 96.50% · val loss 0.1301 · val acc 96.10% · test acc 96.20% · 0.18 s",
            (e with { ValidationLoss = 0.1301, ValidationAccuracy = 0.961 }).ToString());
    }
}

/// <summary>`train` options that need the real MNIST: culture, a batch larger than the training set, the validation split, divergence.</summary>
[Collection("MNIST")]
public class CliTrainingOptionsTests
{
    private static (int Exit, string[] Lines, string Err) Run(params string[] args) => CliTrainingTests.Run(args);

    [Fact]
    public void Under_a_comma_culture_lr_0_5_is_one_half_and_the_output_uses_points()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CliOptionsTests.CommaCulture();
        try
        {
            var (exit, lines, err) = Run("train", "--lr", "0.5", "--epochs", "1", "--hidden", "8", "--offline");
            Assert.True(exit == 0, err);
            using var json = JsonDocument.Parse(lines[^1]);
            Assert.Equal(0.5, json.RootElement.GetProperty("lr").GetDouble());
            Assert.Matches(@"loss \d\.\d{4} · train acc \d+\.\d\d%", lines[0]);
            Assert.Contains("(60,000 images)", err);
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void A_batch_larger_than_the_training_set_is_said_to_be_full_batch()
    {
        var (exit, lines, err) = Run("train", "--batch", "1000000", "--epochs", "1", "--hidden", "8", "--offline");
        Assert.True(exit == 0, err);
        Assert.Contains("--batch 1000000 is not smaller than the 60,000 training images", err);
        Assert.Contains("full batch", err);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(60_000, json.RootElement.GetProperty("batch").GetInt32());
        Assert.True(json.RootElement.GetProperty("full_batch").GetBoolean());
    }

    [Fact]
    public void Validation_holds_out_stratified_images_and_the_summary_reports_them()
    {
        var (exit, lines, err) = Run("train", "--validation", "10000", "--epochs", "1", "--hidden", "16", "--offline");
        Assert.True(exit == 0, err);
        Assert.Contains("(50,000 images, 10,000 held out for validation)", err);
        using var json = JsonDocument.Parse(lines[^1]);
        var r = json.RootElement;
        Assert.Equal(10_000, r.GetProperty("validation_images").GetInt32());
        double accuracy = r.GetProperty("validation_accuracy").GetDouble(), loss = r.GetProperty("validation_loss").GetDouble();
        Assert.InRange(accuracy, 0.85, 1.0);
        Assert.InRange(loss, 0.0, 0.6);
        Assert.InRange(Math.Abs(accuracy - r.GetProperty("test_accuracy").GetDouble()), 0, 0.03);   // held-out images behave like test images
    }

    [Fact]
    public void Validation_as_large_as_the_training_set_is_refused()
    {
        var (exit, _, err) = Run("train", "--validation", "60000", "--epochs", "1", "--offline");
        Assert.Equal(CommandLine.BadUsage, exit);
        Assert.Contains("--validation 60000 leaves nothing to train on", err);
    }

    [Fact]
    public void Without_validation_the_summary_has_no_validation_figures()
    {
        var (exit, lines, err) = Run("train", "--epochs", "1", "--hidden", "8", "--offline");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("validation", lines[^1]);
    }

    [Fact]
    public void The_diverged_summary_is_valid_json_without_NaN()
    {
        var (exit, lines, err) = Run("train", "--lr", "100", "--epochs", "2", "--offline");
        Assert.Equal(CommandLine.Diverged, exit);
        Assert.DoesNotContain("NaN", lines[^1]);
        using var json = JsonDocument.Parse(lines[^1]);
        var r = json.RootElement;
        Assert.Equal("diverged", r.GetProperty("status").GetString());
        foreach (var key in new[] { "train_loss", "train_accuracy", "seconds_per_epoch_median", "test_accuracy" })
            Assert.True(r.GetProperty(key).ValueKind is JsonValueKind.Null or JsonValueKind.Number, key);
        // The losses up to the divergence point, in the summary and in the message.
        var losses = r.GetProperty("losses_before_divergence").EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToArray();
        Assert.NotEmpty(losses);
        Assert.All(losses, p => Assert.InRange(p.Item1, 0, 1));               // diverged in epoch 1: points inside it
        Assert.True(losses.Max(p => p.Item2) > 10, "the loss rose far above ln 10");
        Assert.Contains("The training loss in that epoch, up to the divergence", err);
    }
}
