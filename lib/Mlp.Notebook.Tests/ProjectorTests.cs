using Mlp.Runner;
using PuppeteerSharp;

namespace Mlp.Notebook.Tests;

/// <summary>
/// The HTML pages in projector mode (on by default) as a 1280×720 projector shows them, measured in the local headless
/// Chromium: chart text, thumbnails, 06's graph and code lines. Screenshots go to notebooks/out/screenshots/.
/// </summary>
public class ProjectorTests : IAsyncLifetime
{
    const int MinText = 14, MinThumbnail = 120;
    IBrowser? _browser;

    public async Task InitializeAsync() { if (BrowserFactAttribute.Available) _browser = await Chromium.LaunchAsync(); }
    public async Task DisposeAsync() { if (_browser is not null) await _browser.DisposeAsync(); }

    async Task<IPage> OpenAsync(string notebook)
    {
        var result = await CourseNotebooks.RunSucceededAsync(notebook);
        string file = Path.Combine(Path.GetTempPath(), $"mlp-projector-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, HtmlPage.Render(result));
        var page = await _browser!.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 720 });
        await page.GoToAsync(new Uri(file).AbsoluteUri, new NavigationOptions { Timeout = 120_000, WaitUntil = [WaitUntilNavigation.Load] });
        await page.WaitForFunctionAsync("() => Array.from(document.querySelectorAll('.mlp-chart')).every(c => c.querySelector('.main-svg'))",
                                        new WaitForFunctionOptions { Timeout = 60_000 });
        File.Delete(file);
        return page;
    }

    [BrowserFact]
    public Task Notebook_00_chart_text_is_at_least_14_px_and_thumbnails_at_least_120_px() => ChartTextAndThumbnails("00-data.ipynb");

    [BrowserFact]
    public async Task Notebook_07_chart_text_is_at_least_14_px_and_thumbnails_at_least_120_px()
    {
        await ChartTextAndThumbnails("07-training.ipynb");

        // The loss on a log axis, error rates per digit, and a confusion matrix whose colours span the mistakes only.
        var page = await OpenAsync("07-training.ipynb");
        var axes = await page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('.mlp-chart')].map(c => { const y = c.layout.yaxis || {}; return ((y.title || {}).text || '') + ' | ' + (y.type || ''); })");
        Assert.Contains("cross-entropy loss (log scale) | log", axes);
        Assert.Contains("error rate (%) | ", axes.Select(a => a.Split('|')[0] + "| ").ToArray());
        var confusion = await page.EvaluateExpressionAsync<double[]>("""
            (() => { const c = [...document.querySelectorAll('.mlp-chart')].find(c => c.data.length === 2 && c.data.every(t => t.type === 'heatmap'));
                     const [mistakes, correct] = c.data, n = correct.z.length;
                     const diagonal = [...Array(n).keys()].map(i => correct.z[i][i]);
                     return [mistakes.zmax, Math.min(...diagonal), mistakes.z.flat().filter(v => v !== null).length, n]; })()
            """);
        Assert.True(confusion[0] < confusion[1], $"the colour scale reaches {confusion[0]}, the diagonal starts at {confusion[1]}");
        Assert.Equal(confusion[3] * (confusion[3] - 1), confusion[2]);   // every off-diagonal cell, and no diagonal one, on the scale
    }

    [Fact]
    public void A_loss_is_drawn_on_a_log_axis_when_it_spans_a_decade()
    {
        Assert.True(Charts.SpansDecades([2.3, 0.9, 0.2]));
        Assert.False(Charts.SpansDecades([0.5, 0.3, 0.06]));
        Assert.False(Charts.SpansDecades([double.NaN, 0, -1, 0.4]));
    }

    async Task ChartTextAndThumbnails(string notebook)
    {
        var page = await OpenAsync(notebook);
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.body.classList.contains('projector')"), "projector mode is not on");

        // Every text of every chart (ticks, titles, legends, captions, the counts in a confusion matrix).
        var small = await page.EvaluateExpressionAsync<string[]>($$"""
            Array.from(document.querySelectorAll('.mlp-chart .main-svg text'))
              .filter(t => t.textContent.trim() && t.getBoundingClientRect().height > 0 && parseFloat(getComputedStyle(t).fontSize) < {{MinText}})
              .map(t => getComputedStyle(t).fontSize + ' "' + t.textContent + '"')
            """);
        Assert.Empty(small);
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.mlp-chart .main-svg text').length") > 20);

        // Thumbnails: the images of image grids (plotly heatmaps), digit PNGs, the replay's canvases, as drawn on the page.
        var sizes = await page.EvaluateExpressionAsync<double[]>("""
            [...document.querySelectorAll('.mlp-chart .heatmaplayer image, .out img, .mlp-replay canvas:not(.curves)')]
              .map(e => Math.min(e.getBoundingClientRect().width, e.getBoundingClientRect().height))
            """);
        Assert.NotEmpty(sizes);
        Assert.All(sizes, s => Assert.True(s >= MinThumbnail, $"a thumbnail of {s:F0} px"));

        // Printed text and code at 16 px, wrapped: no line runs past its box.
        var overflowing = await page.EvaluateExpressionAsync<int>(
            "[...document.querySelectorAll('pre')].filter(p => p.scrollWidth > p.clientWidth + 1).length");
        Assert.Equal(0, overflowing);
        Assert.Equal(16, await page.EvaluateExpressionAsync<double>(
            "Math.min(...[...document.querySelectorAll('pre.source, pre.out')].map(p => parseFloat(getComputedStyle(p).fontSize)))"));
        await page.ScreenshotAsync(ClassroomTests.Page07.Screenshot($"projector-{Path.GetFileNameWithoutExtension(notebook)}.png"));
    }

    [BrowserFact]
    public async Task The_computational_graph_is_drawn_with_text_of_at_least_14_px()
    {
        var page = await OpenAsync("06-backpropagation.ipynb");
        var sizes = await page.EvaluateExpressionAsync<double[]>("""
            (() => { const svg = document.querySelector('.mlp-graph svg'), scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                     return [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale); })()
            """);
        Assert.True(sizes.Length > 30);
        Assert.True(sizes.Min() >= MinText, $"the graph's smallest text is {sizes.Min():F1} px");
        // No text runs out of the drawing.
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("""
            (() => { const r = document.querySelector('.mlp-graph svg').getBoundingClientRect();
                     return [...document.querySelectorAll('.mlp-graph svg text')].filter(t => { const b = t.getBoundingClientRect();
                       return b.left < r.left - 1 || b.right > r.right + 1; }).length; })()
            """));
        var graph = await page.QuerySelectorAsync(".mlp-graph");
        await graph.ScreenshotAsync(ClassroomTests.Page07.Screenshot("projector-06-graph.png"));
    }

    [BrowserFact]
    public async Task The_try_it_chart_cell_of_08_draws_with_Plotly_NET_and_with_XPlot_offline()
    {
        var result = await CourseNotebooks.RunSucceededAsync("08-experiments.ipynb");
        var cell = result.Cell("XPlot.Plotly.Chart.Plot");
        var html = cell.Data("text/html").Where(h => h.Contains("newPlot")).ToArray();
        Assert.Equal(2, html.Length);
        Assert.Contains("class=\"mlp-chart\"", html[0]);                      // Charts.Line: Plotly.NET in the course library
        Assert.DoesNotContain("mlp-chart", html[1]);                             // XPlot.Plotly's own markup
        Assert.All(html, h => Assert.DoesNotContain("cdn.plot.ly", h));

        var page = await OpenAsync("08-experiments.ipynb");
        var marks = await page.EvaluateExpressionAsync<int[]>("""
            [...document.querySelectorAll('.js-plotly-plot')].slice(-2).map(c => c.querySelectorAll('.cartesianlayer .plot path').length)
            """);
        Assert.Equal(2, marks.Length);
        Assert.All(marks, m => Assert.True(m > 0, "a chart of the try-it cell was not drawn"));
    }
}
