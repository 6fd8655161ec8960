using System.Globalization;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>Issue 11, case 7: the runner's own arguments.</summary>
public class RunnerArgumentsTests
{
    static async Task<(int Exit, string Output, string Error)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await RunnerCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("'abc' is not a number of seconds", "--cell-timeout", "abc")]
    [InlineData("out of range", "--cell-timeout", "-5")]
    [InlineData("out of range", "--cell-timeout", "0")]
    [InlineData("is not a number of seconds", "--cell-timeout", "1,5")]
    [InlineData("Required argument missing for option: '--out'", "--out")]
    [InlineData("Unknown option: --bogus", "--bogus")]
    [InlineData("Unknown option: --chek", "tidy", "--chek")]
    public async Task A_bad_argument_prints_what_was_wrong_and_the_usage_and_exits_with_2(string message, params string[] args)
    {
        var (exit, output, error) = await Invoke(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.Contains("Usage:", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.Equal("", output);
    }

    [Fact]
    public void Slides_are_asked_for_with_slides()
    {
        Assert.True(RunnerCommand.Request(RunnerCommand.Create().Parse(["--slides", "--out", "x"])).Slides);
        Assert.False(RunnerCommand.Request(RunnerCommand.Create().Parse(["--out", "x"])).Slides);
        Assert.Equal("07-training.slides.html", SlideDeck.FileName("07-training.ipynb"));
    }

    [Fact]
    public void Seconds_are_read_with_a_dot_whatever_the_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        // This process runs in invariant-globalization mode, so de-DE is made by hand: a comma for decimals.
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            var request = RunnerCommand.Request(RunnerCommand.Create().Parse(["--cell-timeout", "1.5", "--out", "x", "a.ipynb"]));
            Assert.Equal(TimeSpan.FromSeconds(1.5), request.CellTimeout);
            Assert.Equal("x", request.Out);
            Assert.Equal(["a.ipynb"], request.Inputs);
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    [Fact]
    public async Task Help_lists_the_options_and_the_tidy_command()
    {
        var (exit, output, _) = await Invoke("--help");
        Assert.Equal(0, exit);
        Assert.Contains("--out <FOLDER>", output);
        Assert.Contains("--cell-timeout <SECONDS>", output);
        Assert.Contains("tidy", output);
    }

    [Fact]
    public async Task An_unwritable_out_folder_is_refused_before_any_notebook_runs()
    {
        string file = Path.GetTempFileName(); // a file where a folder should be
        try
        {
            var (exit, output, error) = await Invoke(Path.Combine(CourseNotebooks.Folder, CourseNotebooks.FileNames[0]), "--out", file);
            Assert.Equal(2, exit);
            Assert.Contains($"Cannot write the executed notebooks to --out {file}: it is a file", error);
            Assert.DoesNotContain("[1/1]", output);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Without_MNIST_and_offline_the_data_error_is_printed_once_and_no_notebook_runs()
    {
        // Issue 11, case 8: not the same 10-line error once per notebook. (MLP_OFFLINE=1 is set for every test: Offline.cs.)
        string empty = Directory.CreateTempSubdirectory("mlp-no-data-").FullName, output = Path.Combine(empty, "out");
        string? previous = Environment.GetEnvironmentVariable(Mlp.Data.DataDirectory.EnvironmentVariable);
        Environment.SetEnvironmentVariable(Mlp.Data.DataDirectory.EnvironmentVariable, empty);
        try
        {
            var (exit, printed, error) = await Invoke("--out", output);
            Assert.Equal(3, exit);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(error, "MNIST is not available"));
            Assert.Contains("No notebook was run.", error);
            Assert.DoesNotContain("[1/", printed);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Mlp.Data.DataDirectory.EnvironmentVariable, previous);
            Directory.Delete(empty, recursive: true);
        }
    }
}
