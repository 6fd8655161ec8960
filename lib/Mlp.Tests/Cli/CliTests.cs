using System.Text.Json;
using Mlp.Cli;

namespace Mlp.Tests.Cli;

/// <summary>The command line, run in-process with captured output.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CommandLine.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    [Fact]
    public void No_arguments_prints_usage_and_fails()
    {
        var (exit, stdout, _) = Run();
        Assert.Equal(CommandLine.BadUsage, exit);
        Assert.Contains("Usage:", stdout);
    }

    [Theory]
    [InlineData("--hidden", "-5", "--hidden must be between 1 and")]
    [InlineData("--hidden", "0", "--hidden must be between 1 and")]
    [InlineData("--lr", "0", "--lr must be greater than 0")]
    [InlineData("--epochs", "-1", "--epochs must be between 1 and")]
    [InlineData("--batch", "0", "--batch must be between 1 and")]
    [InlineData("--threads", "0", "--threads must be between 1 and")]
    [InlineData("--validation", "-1", "--validation must be at least 0, not -1")]
    public void A_value_out_of_range_exits_non_zero_with_the_range_and_the_usage(string name, string value, string message) =>
        RequireUsageError(message, "train", name, value);

    [Theory]
    [InlineData("--lr", "abc", "--lr must be a number, not 'abc'")]
    [InlineData("--lr", "0,5", "--lr must be a number, not '0,5'")] // a decimal comma (another locale) is not a number here
    [InlineData("--threads", "two", "--threads must be a whole number, not 'two'")]
    [InlineData("--dataset", "cifar", "--dataset must be mnist or fashion")]
    [InlineData("--bogus", "3", "Unrecognized command or argument '--bogus'")]
    public void A_value_of_the_wrong_kind_or_an_unknown_option_exits_non_zero_with_what_was_expected(string name, string value, string message) =>
        RequireUsageError(message, "train", name, value);

    private static void RequireUsageError(string message, params string[] args)
    {
        var (exit, _, stderr) = Run([.. args, "--data", Path.GetTempPath()]);
        Assert.Equal(CommandLine.BadUsage, exit);
        Assert.Contains(message, stderr);
        Assert.Contains("Usage:", stderr);
    }

    [Fact]
    public void Unknown_command_and_missing_value_are_usage_errors()
    {
        Assert.Equal(CommandLine.BadUsage, Run("fly").Exit);
        Assert.Contains("Required argument missing for option: '--epochs'", Run("train", "--epochs").Err);
        Assert.Contains("Option '--model' is required", Run("evaluate").Err);
    }

    [Fact]
    public void A_damaged_data_file_names_the_file_and_exits_non_zero()
    {
        var dir = Directory.CreateTempSubdirectory("mlp-cli-").FullName;
        try
        {
            foreach (var f in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
                File.WriteAllText(Path.Combine(dir, f), "<html>captive portal</html>");
            var (exit, _, stderr) = Run("train", "--epochs", "1", "--data", dir, "--offline");
            Assert.Equal(CommandLine.DataProblem, exit);
            Assert.Contains("train-images-idx3-ubyte", stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

[Collection("MNIST")]
public class CliTrainingTests
{
    /// <summary>Runs the CLI in this process: its exit code, its output lines and its error text.</summary>
    internal static (int Exit, string[] Lines, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CommandLine.Run(args, o, e);
        return (exit, o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), e.ToString());
    }

    [Fact]
    public void The_issues_acceptance_run_reaches_97_3_percent_and_ends_with_a_json_summary()
    {
        var (exit, lines, err) = Run("train", "--hidden", "64", "--lr", "0.5", "--batch", "100", "--epochs", "20", "--seed", "1", "--offline");
        Assert.True(exit == 0, err);
        Assert.Equal(21, lines.Length);                        // one line per epoch, then the summary
        Assert.Contains(" 20/20 ", lines[19]);
        using var json = JsonDocument.Parse(lines[^1]);
        var r = json.RootElement;
        Assert.Equal(20, r.GetProperty("epochs").GetInt32());
        Assert.True(r.GetProperty("test_accuracy").GetDouble() >= 0.973, lines[^1]);
        Assert.True(r.GetProperty("seconds_per_epoch_median").GetDouble() > 0);
        foreach (var key in new[] { "train_loss", "hidden", "lr", "batch", "seed" }) Assert.True(r.TryGetProperty(key, out _), key);
    }

    [Fact]
    public void A_learning_rate_that_blows_up_exits_non_zero_and_suggests_a_smaller_one()
    {
        var (exit, lines, err) = Run("train", "--lr", "100", "--epochs", "2", "--offline");
        Assert.Equal(CommandLine.Diverged, exit);
        Assert.Contains("try 10 or smaller", err);
        Assert.Contains("\"status\":\"diverged\"", lines[^1]);
    }

    /// <summary>Cancels a token the moment a line containing <paramref name="trigger"/> is written.</summary>
    private sealed class CancelOnLine(string trigger, CancellationTokenSource cts) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger) == true) cts.Cancel();
        }
    }

    [Fact]
    public void Ctrl_C_stops_after_the_current_batch_keeps_and_saves_what_was_learned()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlp-{Guid.NewGuid():N}.mlp");
        try
        {
            using var cts = new CancellationTokenSource();
            var stdout = new CancelOnLine("  1/20 ", cts);   // what Console.CancelKeyPress does, after the first epoch
            var stderr = new StringWriter();
            int exit = CommandLine.Run(["train", "--epochs", "20", "--hidden", "16", "--save", path, "--offline"], stdout, stderr, cts.Token);
            Assert.Equal(CommandLine.Cancelled, exit);
            Assert.Contains("cancelled in epoch 2 after 0 of 600 batches", stderr.ToString());
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("\"status\":\"cancelled\"", lines[^1]);
            Assert.Contains("\"epochs\":1", lines[^1]);
            var saved = ModelFile.Load<float>(path, 784, 16, 10);   // the weights after one epoch were saved
            Assert.NotEqual(Network<float>.Create(784, 16, 10, seed: 1).W1.Data, saved.W1.Data);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Ctrl_C_before_training_starts_saves_nothing_and_exits_130()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlp-{Guid.NewGuid():N}.mlp");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CommandLine.Run(["train", "--epochs", "1", "--save", path, "--offline"], o, e, cts.Token);
        Assert.Equal(CommandLine.Cancelled, exit);
        Assert.Contains("before training started: nothing was trained or saved", e.ToString());
        Assert.Equal("", o.ToString());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_saved_network_can_be_evaluated()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlp-{Guid.NewGuid():N}.mlp");
        try
        {
            var (exit, _, err) = Run("train", "--epochs", "1", "--hidden", "16", "--save", path, "--offline");
            Assert.True(exit == 0, err);
            var (exit2, lines, err2) = Run("evaluate", "--model", path, "--offline");
            Assert.True(exit2 == 0, err2);
            Assert.Contains("class 9:", string.Join('\n', lines));
            Assert.Contains("test_accuracy", lines[^1]);
        }
        finally { File.Delete(path); }
    }
}
