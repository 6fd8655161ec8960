using System.Text.Json;
using System.Text.RegularExpressions;
using Mlp.Runner;
using PuppeteerSharp;

namespace Mlp.Notebook.Tests;

/// <summary>
/// The reveal.js deck of an executed notebook (<c>mlp-notebooks --slides</c>), opened in the local headless Chromium at a
/// projector's 1280×720 and stepped through with the keyboard, as a teacher would. Screenshots go to notebooks/out/screenshots/.
/// </summary>
public class SlideDeckTests : IClassFixture<SlideDeckTests.Deck07>
{
    readonly Deck07 _deck;
    public SlideDeckTests(Deck07 deck) => _deck = deck;

    sealed record ChartState(bool Drawn, int Marks, double Width, double Height, double SmallestText, bool OnScreen);
    sealed record Step(int H, int V, ChartState[] Charts, bool Pad);

    [BrowserFact]
    public async Task Stepping_through_the_deck_shows_every_chart_drawn_on_its_slide_with_readable_text()
    {
        var page = await _deck.OpenAsync();
        int chartsInDeck = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.slides .mlp-chart').length");
        Assert.Equal(Regex.Matches(_deck.Html, "class=\"mlp-chart\"").Count, chartsInDeck);
        Assert.True(chartsInDeck >= 5, $"07's deck has only {chartsInDeck} charts");

        var steps = new List<Step>();
        for (int i = 0; i < 400; i++)
        {
            steps.Add(await Current(page));
            if (await page.EvaluateExpressionAsync<bool>("Reveal.isLastSlide()")) break;
            await page.Keyboard.PressAsync("Space");                 // next slide, down the stacks, then right
        }
        Assert.True(await page.EvaluateExpressionAsync<bool>("Reveal.isLastSlide()"), "the last slide was not reached in 400 steps");

        var seen = steps.SelectMany(s => s.Charts).ToList();
        Assert.Equal(chartsInDeck, seen.Count);                      // every chart was on some slide the teacher stepped to
        foreach (var (step, chart) in steps.SelectMany(s => s.Charts.Select(c => (s, c))))
        {
            string where = $"slide {step.H}/{step.V}";
            Assert.True(chart.Drawn, $"{where}: the chart was not drawn");
            Assert.True(chart.Marks > 0, $"{where}: the chart has no lines, bars or images");
            Assert.True(chart.OnScreen, $"{where}: the chart is not on the screen");
            Assert.True(chart.SmallestText >= 14, $"{where}: chart text of {chart.SmallestText:F1} px on a 1280×720 screen");
        }
        Assert.Contains(steps, s => s.Pad);                           // the drawing pad is on a slide of its own

        // One horizontal slide per Markdown heading of the notebook.
        int headings = _deck.Notebook.Cells.Where(c => c.Type == "markdown")
            .Sum(c => Regex.Matches(c.Source, @"^#{1,6} ", RegexOptions.Multiline).Count);
        Assert.Equal(headings, steps.Select(s => s.H).Distinct().Count());

        await page.EvaluateExpressionAsync("Reveal.slide(0, 0)");
        await page.ScreenshotAsync(Deck07.Screenshot("slides-07-title.png"));
        var firstChart = steps.First(s => s.Charts.Length > 0);
        await page.EvaluateExpressionAsync($"Reveal.slide({firstChart.H}, {firstChart.V})");
        await ClassroomTests.Frames(page);
        await page.ScreenshotAsync(Deck07.Screenshot("slides-07-chart.png"));
    }

    [BrowserFact]
    public async Task The_drawing_pad_works_on_its_slide()
    {
        var page = await _deck.OpenAsync();
        await page.EvaluateExpressionAsync(
            "(() => { const i = Reveal.getIndices(document.querySelector('.mlp-draw-digit').closest('section')); Reveal.slide(i.h, i.v); })()");
        await ClassroomTests.Frames(page);
        var box = await (await page.QuerySelectorAsync(".mlp-draw-digit canvas.pad")).BoundingBoxAsync();
        Assert.True(box.Y + box.Height <= 720 && box.Width >= 200, $"the pad is at {box.Y}..{box.Y + box.Height}, {box.Width} px wide");
        Assert.Null(await ClassroomTests.Shown(page));
        string slide = await page.EvaluateExpressionAsync<string>("JSON.stringify(Reveal.getIndices())");
        decimal X(decimal f) => box.X + f * box.Width;
        decimal Y(decimal f) => box.Y + f * box.Height;
        await ClassroomTests.Stroke(page, (X(0.25m), Y(0.2m)), (X(0.75m), Y(0.2m)));
        await ClassroomTests.Stroke(page, (X(0.75m), Y(0.2m)), (X(0.45m), Y(0.85m)));
        var p = await ClassroomTests.Shown(page);
        Assert.NotNull(p);
        Assert.Equal(1, p.Sum(), 6);
        Assert.Equal(7, Array.IndexOf(p, p.Max()));                  // a 7 drawn on the slide is read as a 7
        Assert.Equal(slide, await page.EvaluateExpressionAsync<string>("JSON.stringify(Reveal.getIndices())")); // drawing did not change slides
        await page.ScreenshotAsync(Deck07.Screenshot("slides-07-draw-digit.png"));
    }

    [BrowserFact]
    public async Task Formulas_are_typeset_and_long_prose_is_in_the_speaker_notes()
    {
        var page = await _deck.OpenAsync();
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('.slides section:not(aside) .katex').length") > 0);
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>(
            "Array.from(document.querySelectorAll('.slides .math')).filter(m => !m.querySelector('.katex')).length"));
        var onSlides = await page.EvaluateExpressionAsync<int[]>(
            "Array.from(document.querySelectorAll('.slides .mlp-main > .md > p'), p => { const c = p.cloneNode(true); " +
            "c.querySelectorAll('.katex-mathml').forEach(m => m.remove()); return c.textContent.length; })");   // a formula counts as what it shows
        Assert.All(onSlides, n => Assert.True(n <= SlideDeck.ShortText, $"a paragraph of {n} characters on a slide"));
        int notes = await page.EvaluateExpressionAsync<int>(
            "Array.from(document.querySelectorAll('.slides aside.notes'), a => a.textContent.length).reduce((a, b) => a + b, 0)");
        Assert.True(notes > 5 * onSlides.Sum(), $"notes hold {notes} characters, the slides' paragraphs {onSlides.Sum()}");
    }

    [Fact]
    public void The_deck_writer_takes_headings_prose_and_language_from_the_notebook()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("mlp-deck").FullName, "zh-TW");
        Directory.CreateDirectory(folder);
        string longProse = string.Concat(Enumerable.Repeat("反向傳播把損失的梯度一層一層往回傳。", 20));
        var cells = new object[]
        {
            Markdown("# 06 · 反向傳播\n\n短的說明。"),
            Markdown($"## 鏈鎖律\n\n{longProse}\n\n$$\n\\frac{{\\partial L}}{{\\partial z}} = a - y\n$$"),
            new { cell_type = "code", execution_count = 1, metadata = new { }, source = "Console.WriteLine(42);",
                  outputs = new object[] { new { output_type = "stream", name = "stdout", text = "42\n" } } },
        };
        string path = Path.Combine(folder, "06-zh.ipynb");
        File.WriteAllText(path, JsonSerializer.Serialize(new { cells, metadata = new { }, nbformat = 4, nbformat_minor = 5 }));

        string deck = SlideDeck.Render(Runner.Notebook.Load(path));
        Assert.Contains("<html lang=\"zh-TW\">", deck);
        Assert.Equal("en", SlideDeck.LanguageOf(Path.Combine(CourseNotebooks.Folder, "06-backpropagation.ipynb")));
        Assert.Matches("<section class=\"mlp-main\"><h1[^>]*>06 · 反向傳播</h1>\\s*<div class=\"md\"><p>短的說明。</p>", deck);
        Assert.Matches("<section class=\"mlp-main\"><h2[^>]*>鏈鎖律</h2>\\s*<div class=\"md\"><div class=\"math\">", deck);
        Assert.Matches("<aside class=\"notes\"><div class=\"md\"><p>" + longProse, deck);
        Assert.Matches("<section class=\"mlp-output\"><div class=\"mlp-subtitle\">鏈鎖律</div><div class=\"mlp-slide-output\" data-prevent-swipe><pre class=\"out stdout\">42\n</pre>", deck);
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);

        static object Markdown(string text) => new { cell_type = "markdown", metadata = new { }, source = text };
    }

    static async Task<Step> Current(IPage page)
    {
        // Charts draw as soon as plotly.js has loaded; wait until those on this slide have.
        await page.WaitForFunctionAsync(
            "() => Array.from(Reveal.getCurrentSlide().querySelectorAll('.mlp-chart')).every(c => c.querySelector('.main-svg'))",
            new WaitForFunctionOptions { Timeout = 20_000 });
        await ClassroomTests.Frames(page);
        return await page.EvaluateFunctionAsync<Step>("""
            () => {
              const slide = Reveal.getCurrentSlide(), at = Reveal.getIndices();
              const charts = Array.from(slide.querySelectorAll('.mlp-chart'), c => {
                const r = c.getBoundingClientRect();
                const texts = Array.from(c.querySelectorAll('.main-svg text'))
                  .filter(t => t.textContent.trim().length > 0 && t.getBoundingClientRect().height > 0)
                  .map(t => parseFloat(getComputedStyle(t).fontSize) * (r.width / c.offsetWidth));
                return { drawn: !!c.querySelector('.main-svg'),
                         marks: c.querySelectorAll('.cartesianlayer .plot path, .cartesianlayer .plot image').length,
                         width: r.width, height: r.height, smallestText: texts.length ? Math.min(...texts) : 0,
                         onScreen: r.width > 0 && r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.top < innerHeight };
              });
              return { h: at.h, v: at.v || 0, charts, pad: !!slide.querySelector('.mlp-draw-digit canvas.pad') };
            }
            """);
    }

    /// <summary>Notebook 07 run once (shared with the other tests), its deck written as --slides writes it, and one headless Chromium.</summary>
    public sealed class Deck07 : IAsyncLifetime
    {
        Infrastructure.PageInChromium? _page;

        public string Html { get; private set; } = "";
        public Runner.Notebook Notebook { get; private set; } = null!;

        public static string Screenshot(string name) => ClassroomTests.Page07.Screenshot(name);

        public async Task InitializeAsync()
        {
            var result = await CourseNotebooks.RunAsync("07-training.ipynb");
            Assert.True(result.Succeeded, result.Describe());
            Notebook = result.Notebook;
            Html = SlideDeck.Render(result.Notebook);
            _page = await Infrastructure.PageInChromium.StartAsync(Html, "07.slides.html");
        }

        /// <summary>A fresh tab at a projector's 1280×720 with the deck loaded and reveal.js ready.</summary>
        public async Task<IPage> OpenAsync()
        {
            var page = await _page!.OpenAsync(1280, 720);
            await page.WaitForFunctionAsync("() => window.Reveal && Reveal.isReady()", new WaitForFunctionOptions { Timeout = 30_000 });
            return page;
        }

        public async Task DisposeAsync()
        {
            if (_page is not null) await _page.DisposeAsync();
        }
    }
}
