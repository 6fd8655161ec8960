using System.Globalization;
using System.Text.RegularExpressions;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>Every notebook of the course runs in the stock kernel without a cell error, and shows what people rely on.</summary>
public class NotebookExecutionTests
{
    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public async Task Notebook_runs_without_cell_errors_in_the_stock_kernel(string name)
    {
        var result = await CourseNotebooks.RunSucceededAsync(name);
        Assert.Equal(result.Notebook.Cells.Count(c => c.IsCode), result.Cells.Count);
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public async Task Every_chart_cell_shows_a_chart_and_every_digit_cell_an_image(string name)
    {
        var result = await CourseNotebooks.RunAsync(name);
        var missing = new List<string>();   // optional data sets that could not be had: the cells guarded by them draw nothing
        foreach (var cell in result.Cells)
        {
            string code = string.Join('\n', cell.Source.Split('\n').Where(l => !l.TrimStart().StartsWith("//")));
            if (Regex.Match(code, @"var (\w+) = OptionalData\.LoadOrSay\(") is { Success: true } optional && cell.StandardOutput.Contains("is not available"))
                missing.Add(optional.Groups[1].Value);
            if (missing.Any(m => code.Contains($"if ({m} is not null)")))
                continue;
            if (code.Contains("Charts.") || code.Contains("LiveTraining.Fit"))
                Assert.True(cell.Data("text/html").Any(h => h.Contains("class=\"mlp-chart\"") && h.Contains("Plotly.newPlot")),
                    $"{name}, cell {cell.Number} shows no chart:\n{cell.Source}");
            if (code.Contains("DigitImage."))
                Assert.True(cell.Data("image/png").Any(png => Convert.FromBase64String(png).AsSpan(1, 3).SequenceEqual("PNG"u8)),
                    $"{name}, cell {cell.Number} shows no PNG image:\n{cell.Source}");
        }
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks.Names), MemberType = typeof(CourseNotebooks))]
    public async Task Plotly_js_comes_once_from_the_setup_cell_and_never_from_a_CDN(string name)
    {
        var result = await CourseNotebooks.RunAsync(name);
        var html = result.Cells.SelectMany(c => c.Data("text/html").Select(h => (Cell: c, Html: h))).ToList();
        var loaders = html.Where(x => x.Html.Contains(PlotlyJs.LoaderMarker)).ToList();
        Assert.Equal(1, Assert.Single(loaders).Cell.Number);
        Assert.Contains("plotly.js v2", loaders[0].Html);
        foreach (var (cell, output) in html.Except(loaders))
        {
            Assert.DoesNotContain("cdn.plot.ly", output);
            Assert.DoesNotContain("src=\"http", output);
            Assert.True(output.Length < 300_000, $"cell {cell.Number}: {output.Length:N0} characters of HTML");
        }
    }

    [Fact]
    public async Task Training_notebook_reaches_97_percent_validation_accuracy_with_a_live_display()
    {
        var result = await CourseNotebooks.RunSucceededAsync("07-training.ipynb");

        var evaluation = result.Cell("var report = Evaluation.Evaluate(trainer.Network, validation);");
        var accuracy = double.Parse(Results.Read(evaluation.Data("text/html"))["validation accuracy"], CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 0.97, 1.0);

        // The live display was updated in place: one progress line, one chart, both showing the last epoch.
        var training = result.Cell("LiveTraining.Fit(trainer, train, validation: validation");
        var progress = Assert.Single(training.Data("text/plain"), t => t.Contains("epoch"));
        Assert.StartsWith("Finished 20 epochs", progress);
        var chart = Assert.Single(training.Data("text/html"));
        Assert.Contains("\"x\":[" + string.Join(",", Enumerable.Range(1, 20).Select(e => $"{e}.0")) + "]", chart);
    }

    /// <summary>
    /// The target is under 60 s per notebook on a quiet 2-core machine (measured with the main-job command, which prints
    /// each notebook's time: 5–8 s for 00–06, about 12 s for 07 and 14–19 s for 08 on 2026-12-01). A wall-clock assertion at 60 s would be flaky here, because
    /// `dotnet test lib` runs the core tests (which train on MNIST too) on the same two cores at the same time, so this
    /// test only catches gross regressions, such as training moved into cells or far more epochs by default.
    /// </summary>
    [Fact]
    public async Task Each_notebook_stays_far_below_a_generous_time_ceiling()
    {
        foreach (var name in CourseNotebooks.FileNames)
        {
            var result = await CourseNotebooks.RunAsync(name);
            var time = result.Cells.Skip(1).Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Duration);
            var slowest = result.Cells.MaxBy(c => c.Duration)!;
            // 07 runs the lesson's recipe at length (1,000 full-batch epochs, about 55 s alone on a quiet machine): a higher ceiling.
            var ceiling = TimeSpan.FromSeconds(name.StartsWith("07-", StringComparison.Ordinal) ? 360 : 180);
            Assert.True(time < ceiling,
                $"{name} took {time.TotalSeconds:F0} s after its setup cell; slowest: cell {slowest.Number}, {slowest.Duration.TotalSeconds:F0} s");
        }
    }

    /// <summary>
    /// Proves the harness is no more permissive than VS Code: loading Plotly.NET 6.0.0 directly fails there
    /// (FSharp.Core 10.1 against the kernel's 10.0), so it must fail here, through the main-job command itself.
    /// </summary>
    [Fact]
    public async Task Canary_Plotly_NET_loaded_directly_fails_as_it_does_in_VS_Code()
    {
        string canary = Path.Combine(AppContext.BaseDirectory, "notebooks", "canary-plotly-direct.ipynb");
        string output = Directory.CreateTempSubdirectory("mlp-canary").FullName;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlp-notebooks.dll"), canary, "--out", output])
        { WorkingDirectory = CourseNotebooks.Repository, RedirectStandardOutput = true, RedirectStandardError = true };
        using var runner = System.Diagnostics.Process.Start(start)!;
        var stdout = runner.StandardOutput.ReadToEndAsync();
        var stderr = runner.StandardError.ReadToEndAsync();
        await runner.WaitForExitAsync();

        Assert.Equal(1, runner.ExitCode);
        Assert.Contains("FAILED canary-plotly-direct.ipynb, code cell 2 (using Plotly.NET;)", await stderr);
        Assert.Contains("FSharp.Core, Version=10.1.0.0", await stderr);
        Assert.Contains("cell 1/2 #r \"nuget: Plotly.NET, 6.0.0\" … ok", await stdout);
        var executed = Runner.Notebook.Load(Path.Combine(output, "canary-plotly-direct.ipynb"));
        Assert.Equal("error", executed.Cells[2].Outputs.Last()!["output_type"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(output, "canary-plotly-direct.html")));
        Directory.Delete(output, recursive: true);
    }
}
