using System.Diagnostics;
using System.Text.RegularExpressions;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>One kernel, started as VS Code starts it (in notebooks/), shared by the tests of this class.</summary>
public sealed class KernelFixture : IAsyncLifetime
{
    public KernelSession Kernel { get; private set; } = null!;

    /// <summary>The setup cell, as the first code cell of the first notebook has it.</summary>
    public static string SetupCell =>
        CourseNotebooks.Load(CourseNotebooks.FileNames[0]).Cells.First(c => c.IsCode).Source;

    public async Task InitializeAsync()
    {
        Repository.RestoreTools(CourseNotebooks.Repository);
        Kernel = await KernelSession.StartAsync(CourseNotebooks.Folder, TimeSpan.FromMinutes(2));
        await Run(SetupCell);
    }

    public async Task DisposeAsync() => await Kernel.DisposeAsync();

    /// <summary>Runs code as a cell and returns its events; fails the test on a cell error.</summary>
    public async Task<IReadOnlyList<KernelEvent>> Run(string code, Action<KernelEvent>? onEvent = null)
    {
        var events = await Kernel.SubmitAsync(code, "csharp", TimeSpan.FromMinutes(3), onEvent);
        var failed = events.FirstOrDefault(e => e.Type is "CommandFailed" or "ErrorProduced");
        Assert.True(failed is null, $"{code}\n---\n{failed?.Payload["message"]}");
        return events;
    }
}

public class KernelFeatureTests(KernelFixture fixture) : IClassFixture<KernelFixture>
{
    static IEnumerable<string> Values(IEnumerable<KernelEvent> events, string mimeType) =>
        events.Where(e => e.Type is "DisplayedValueProduced" or "DisplayedValueUpdated" or "ReturnValueProduced" or "StandardOutputValueProduced")
              .SelectMany(e => e.Payload["formattedValues"]!.AsArray())
              .Where(v => v!["mimeType"]!.GetValue<string>() == mimeType)
              .Select(v => v!["value"]!.GetValue<string>());

    [Fact]
    public void Every_notebook_starts_with_the_same_setup_cell()
    {
        foreach (var name in CourseNotebooks.FileNames)
            Assert.Equal(KernelFixture.SetupCell, CourseNotebooks.Load(name).Cells.First(c => c.IsCode).Source);
    }

    [Fact]
    public async Task Running_the_setup_cell_again_is_harmless()
    {
        var events = await fixture.Run(KernelFixture.SetupCell);
        Assert.Contains(Values(events, "text/plain"), v => v.StartsWith("Course library loaded"));
        await fixture.Run("Charts.Sigmoid()");
    }

    [Fact]
    public async Task A_cell_run_before_the_cells_it_needs_says_what_to_run_first()
    {
        // As when a student runs a cell out of order, or again after restarting the kernel and its setup cell.
        var events = await fixture.Kernel.SubmitAsync("Console.WriteLine(trainingSetNeverDefined.Count);", "csharp", TimeSpan.FromMinutes(1));
        Assert.Contains(events, e => e.Type == "CommandFailed");
        var hint = Assert.Single(Values(events, "text/html"), h => h.Contains("not defined yet"));
        Assert.Contains("<code>trainingSetNeverDefined</code>", hint);
        Assert.Contains("Run the cells above this one first, from the setup cell", hint);

        var fine = await fixture.Run("var definedNow = 1;");   // an ordinary cell gets no hint
        Assert.DoesNotContain(Values(fine, "text/html"), h => h.Contains("not defined yet"));
    }

    [Fact]
    public async Task Interrupting_training_stops_within_a_batch_and_keeps_the_partial_history_and_model()
    {
        await fixture.Run("""
            var small = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().Take(6000);
            var trainer = Trainer<float>.Create(new TrainingOptions { Hidden = 32, Epochs = 1000, BatchSize = 50 });
            """);
        // Interrupt as VS Code's stop button does, once the live display shows the first epoch.
        var sinceCancel = new Stopwatch();
        var events = await fixture.Kernel.SubmitAsync("LiveTraining.Fit(trainer, small);", "csharp", TimeSpan.FromMinutes(3), e =>
        {
            if (e.Type == "DisplayedValueUpdated" && !sinceCancel.IsRunning) { sinceCancel.Start(); fixture.Kernel.Cancel(); }
        });
        Assert.True(sinceCancel.IsRunning, "training never reported an epoch");
        Assert.True(sinceCancel.Elapsed < TimeSpan.FromSeconds(5), $"training took {sinceCancel.Elapsed.TotalSeconds:F1} s to stop");
        Assert.Contains(events, e => e.Type == "CommandFailed"); // VS Code shows the cell as cancelled

        var after = await fixture.Run("""Console.WriteLine($"{trainer.History.StopReason} {trainer.History.Count} {Evaluation.Accuracy(trainer.Network, small):F2}");""");
        var words = string.Concat(Values(after, "text/plain")).Trim().Split(' ');
        Assert.Equal("Cancelled", words[0]);
        Assert.InRange(int.Parse(words[1]), 1, 999);
        Assert.True(double.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture) > 0.5, "the partly trained model was not kept");
    }

    [Fact]
    public async Task Fast_epochs_are_redrawn_a_few_times_a_second_and_the_final_chart_shows_them_all()
    {
        await fixture.Run("""
            var tiny = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().Take(1000);
            var fast = Trainer<float>.Create(new TrainingOptions { Hidden = 16, Epochs = 200 });
            """);
        var events = await fixture.Run("""
            var fastClock = System.Diagnostics.Stopwatch.StartNew();
            LiveTraining.Fit(fast, tiny);
            Console.WriteLine($"{fastClock.Elapsed.TotalSeconds / LiveTraining.RedrawInterval.TotalSeconds:F3}");
            """);
        var redraws = events.Where(e => e.Type == "DisplayedValueUpdated").ToList();
        var charts = Values(redraws, "text/html").ToList();
        double intervals = double.Parse(Values(events, "text/plain").Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(charts.Count, 1, Math.Floor(intervals) + 1);   // one redraw per interval at most, and the final one
        Assert.True(charts.Count < 100, $"{charts.Count} redraws of 200 epochs");
        Assert.Contains("\"x\":[" + string.Join(",", Enumerable.Range(1, 200).Select(e => $"{e}.0")) + "]", charts[^1]);
        Assert.StartsWith("Finished 200 epochs", Values(redraws, "text/plain").Last(t => !t.StartsWith("Chart: ")));
    }

    [Fact]
    public async Task A_training_history_shows_the_validation_columns_when_validation_was_measured()
    {
        var events = await fixture.Run("""
            var (historyTrain, historyValidation) = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().Take(1200).HoldOut(200);
            var withValidation = Trainer<float>.Create(new TrainingOptions { Hidden = 16, Epochs = 2 }).Fit(historyTrain, validation: historyValidation);
            var without = Trainer<float>.Create(new TrainingOptions { Hidden = 16, Epochs = 2 }).Fit(historyTrain);
            Console.WriteLine(string.Join("\n@@\n", Formatters.HistoryHtml(withValidation), Formatters.HistoryHtml(without),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<td>{withValidation.Last!.ValidationLoss:F4}</td><td>{withValidation.Last.ValidationAccuracy:P2}</td>")));
            """);
        var printed = string.Concat(Values(events, "text/plain")).Split("\n@@\n");
        string Table(string html) => Regex.Match(html, "<table.*?</table>", RegexOptions.Singleline).Value;
        string measured = Table(printed[0]), notMeasured = Table(printed[1]), lastValidation = printed[2].Trim();
        Assert.Contains("<th>validation loss</th><th>validation accuracy</th>", measured);
        Assert.Contains("<tr><td>2</td><td>", measured);
        Assert.Contains(lastValidation + "<td>", measured);   // epoch 2's validation loss and accuracy, then the seconds
        Assert.DoesNotContain("validation", notMeasured);
    }

    [Fact]
    public async Task A_matrix_shows_its_shape_and_a_corner()
    {
        var events = await fixture.Run("Matrix<float>.FromRows(Enumerable.Range(0, 10).Select(r => Enumerable.Range(0, 20).Select(c => (float)(r * 100 + c)).ToArray()).ToArray())");
        var html = Assert.Single(Values(events, "text/html"));
        Assert.Contains("(10×20)", html);
        Assert.Contains(">507<", html);       // rows 0-5 and columns 0-7 are shown,
        Assert.DoesNotContain(">607<", html); // the rows below as "⋮",
        Assert.DoesNotContain(">508<", html); // the columns to the right as "…"
        Assert.Contains("⋮", html);
        Assert.Contains("…", html);
    }

    [Fact]
    public async Task An_evaluation_report_shows_its_summary_and_the_accuracy_per_class()
    {
        var events = await fixture.Run("Evaluation.Evaluate(Network<float>.Create(4, 3, 2, seed: 1), new Dataset<float>(new Matrix<float>(2, 4), [0, 1], classes: 2, name: \"two\"))");
        var html = Assert.Single(Values(events, "text/html"));
        Assert.Contains("two: accuracy 50", html);
        Assert.Contains("<th>0</th><th>1</th></tr>", html);
    }

    [Fact]
    public async Task XPlot_charts_show_inline_with_the_offline_plotly_js()
    {
        var events = await fixture.Run("""
            #r "nuget: XPlot.Plotly, 4.1.0"
            XPlot.Plotly.Chart.Plot(new XPlot.Plotly.Scatter { x = new[] { 1, 2, 3 }, y = new[] { 2, 1, 3 } })
            """);
        var html = Assert.Single(Values(events, "text/html"), h => h.Contains("Plotly.newPlot"));
        Assert.Contains("window.Plotly", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
        Assert.DoesNotContain("<script>", html.Replace("<script type=\"text/javascript\">", ""));
    }

    [BrowserFact]
    public async Task A_chart_saves_as_PNG_and_SVG_for_slides()
    {
        string folder = Directory.CreateTempSubdirectory("mlp-images").FullName;
        string png = Path.Combine(folder, "sigmoid.png"), svg = Path.Combine(folder, "sigmoid.svg");
        await fixture.Run($"""
            var sigmoidChart = Charts.Sigmoid();
            sigmoidChart.SaveImage(@"{png}");
            Charts.SaveImage(sigmoidChart, @"{svg}", width: 400, height: 300);
            """);
        Assert.True(File.ReadAllBytes(png).AsSpan(1, 3).SequenceEqual("PNG"u8));
        Assert.Contains("<svg", File.ReadAllText(svg));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Saving_an_image_without_a_browser_says_what_to_install()
    {
        var events = await fixture.Kernel.SubmitAsync("""
            Environment.SetEnvironmentVariable("MLP_BROWSER", "/nonexistent/chromium");
            try { Charts.Sigmoid().SaveImage("never.png"); }
            finally { Environment.SetEnvironmentVariable("MLP_BROWSER", null); }
            """, "csharp", TimeSpan.FromMinutes(1));
        var failed = Assert.Single(events, e => e.Type == "CommandFailed");
        // The advice of each OS without MLP_BROWSER (where to install one) is tested in Mlp.Tests' BrowserTests.
        Assert.Contains("Saving a chart as an image needs Chrome, Edge, Brave or Chromium, and MLP_BROWSER names /nonexistent/chromium, which does not exist",
            failed.Payload["message"]!.GetValue<string>());
    }
}
