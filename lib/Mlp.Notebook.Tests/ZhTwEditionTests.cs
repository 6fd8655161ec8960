using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Mlp.Runner;
using PuppeteerSharp;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 20: every notebook of the 繁體中文 edition (notebooks/zh-TW/) runs in the real kernel, speaks Chinese where the
/// library speaks, prints the same numbers as its English notebook (same code: the English claims tests then hold for
/// it, and GlossaryTests checks that its prose quotes the same numbers), and its page renders Chinese with real glyphs.
/// </summary>
public class ZhTwEditionTests
{
    static readonly ConcurrentDictionary<string, Lazy<Task<NotebookResult>>> Runs = new();

    static string Folder => Editions.Folder(CourseNotebooks.Repository, "zh-TW");

    /// <summary>Runs notebooks/zh-TW/<paramref name="name"/> (once per test run); fails the test, naming the cell, unless every cell ran.</summary>
    static async Task<NotebookResult> RunAsync(string name)
    {
        Mlp.Runner.Repository.RestoreTools(CourseNotebooks.Repository);
        var result = await Runs.GetOrAdd(name, n => new Lazy<Task<NotebookResult>>(() => NotebookRunner.RunAsync(Path.Combine(Folder, n)))).Value;
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    public static TheoryData<string> Names() => CourseNotebooks.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_zh_TW_notebook_runs_and_its_setup_cell_speaks_Chinese(string name)
    {
        var result = await RunAsync(name);
        Assert.Contains(result.Cells[0].Outputs, o => o["data"]?["text/plain"]?.GetValue<string>().StartsWith("課程函式庫已載入") == true);
    }

    /// <summary>The code is the English code, so what it computes is the same: every number a cell prints (its timings
    /// aside) equals the English notebook's, whatever language the labels around it are in.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_zh_TW_notebook_prints_the_numbers_its_English_notebook_prints(string name)
    {
        var (english, chinese) = (await CourseNotebooks.RunSucceededAsync(name), await RunAsync(name));
        Assert.Equal(english.Cells.Count, chinese.Cells.Count);
        static string[] Numbers(string text) => Regex.Matches(text, @"-?\d[\d,]*(?:\.\d+)?(?:E[+-]?\d+)?").Select(m => m.Value).ToArray();
        int compared = 0;
        foreach (var (en, zh) in english.Cells.Zip(chinese.Cells))
        {
            // Its results tables, row by row: the same names (the English of the code, kept in data-name; a name the code composes
            // from a localized description keeps its numbers) with the same values (a text's numbers: a value may be a description
            // in the reader's language), timings aside.
            static string[] Values(string v) => Numbers(v).Select(n => n.TrimEnd(',')).ToArray();   // "100," in English, "100，" in Chinese
            var (enRows, zhRows) = (Results.Read(en.Data("text/html")).ToList(), Results.Read(zh.Data("text/html")).ToList());
            Assert.Equal(enRows.Count, zhRows.Count);
            foreach (var ((key, value), (zhKey, zhValue)) in enRows.Zip(zhRows))
            {
                Assert.True(key == zhKey || Values(key).SequenceEqual(Values(zhKey)), $"{name}, code cell {en.Number}: \"{key}\" in English, \"{zhKey}\" in 繁體中文");
                if (Regex.IsMatch(key, @"time|seconds|milliseconds")) continue;
                Assert.True(Values(value).SequenceEqual(Values(zhValue)),
                    $"{name}, code cell {en.Number}: \"{key}\" is {value} in English, {zhValue} in 繁體中文");
                compared++;
            }
            string text = en.StandardOutput;
            if (text.Length == 0 || Regex.IsMatch(text, @"\d\s?(s|ms|seconds?)\b|s/epoch|per epoch|time|µs", RegexOptions.IgnoreCase)) continue; // timings differ between runs
            Assert.True(Numbers(text).SequenceEqual(Numbers(zh.StandardOutput)),
                $"{name}, code cell {en.Number}: the English printed\n{text}\nthe 繁體中文 edition\n{zh.StandardOutput}");
            compared++;
        }
        Assert.True(compared > 0 || english.Cells.All(c => c.StandardOutput.Length == 0), $"{name}: no cell's numbers compared");
    }

    /// <summary>Every notebook: the labels of all of them are translated (Labels.zh-TW.resx).</summary>
    public static TheoryData<string> LabelledNames() => CourseNotebooks.Names();

    /// <summary>English a 繁體中文 page may show, kept short: names (MNIST, Fashion-MNIST, LeCun, Glorot, Simard, Plotly, XPlot, .NET),
    /// terms the glossary keeps in English (softmax, sigmoid, one-hot, SGD, ReLU, tanh) and the abbreviation MSE (as CE, too short to
    /// count), the notation of the formulas the prose writes in LaTeX too (std, log, NaN), and C#'s number types, which the prose names in code font (double, float). A code
    /// identifier written in CamelCase (GradientCheck.RelativeError, MyNumericalDerivative) is code, and stays as the code names it.</summary>
    static readonly HashSet<string> KeptInEnglish = new(
        ["MNIST", "Fashion-MNIST", "LeCun", "Glorot", "Simard", "Plotly", "XPlot", "NET", "softmax", "sigmoid", "one-hot", "SGD", "ReLU", "tanh",
         "MSE", "std", "log", "NaN", "double", "float"], StringComparer.OrdinalIgnoreCase);

    static readonly Regex EnglishWord = new(@"(?<![A-Za-z])[A-Za-z]{3,}(?:-[A-Za-z]+)*(?![A-Za-z])");
    static readonly Regex CamelCase = new(@"^[A-Z]?[a-z]+(?:[A-Z][a-z0-9]+)+$");

    /// <summary>The lesson's own progress line, <c>print(f'Epoch {epoch}, Loss: {loss}')</c>, which 07 prints verbatim as the lesson does.</summary>
    static readonly Regex LessonLine = new(@"^Epoch \d+, Loss: [\d.E-]+$");

    /// <summary>The English words of <paramref name="text"/> that are not kept in English.</summary>
    internal static string[] EnglishWords(string text) =>
        EnglishWord.Matches(text).Select(m => m.Value).Where(w => !KeptInEnglish.Contains(w) && !CamelCase.IsMatch(w)).ToArray();

    /// <summary>Issue 20: "every printed label, chart title … a student sees is in Chinese". Every label the code of a zh-TW
    /// notebook shows (the captions and names of its results tables, its tables' captions, columns and text cells, its charts'
    /// titles, axis titles, legends, categories and annotations) and every line it prints has no English word but the few
    /// <see cref="KeptInEnglish"/>. A label without its entry in Labels.zh-TW.resx, or a library text not in Strings.zh-TW.resx, fails here.</summary>
    [Theory]
    [MemberData(nameof(LabelledNames))]
    public async Task Every_label_and_printed_line_of_a_zh_TW_page_is_Chinese(string name)
    {
        var result = await RunAsync(name);
        var english = new List<string>();
        foreach (var cell in result.Cells.Skip(1))   // the setup cell: Every_zh_TW_notebook_runs_and_its_setup_cell_speaks_Chinese
        {
            var shown = CellOutputs.Labels(cell).Concat(cell.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => !LessonLine.IsMatch(l)).Select(l => ("printed line", l)));
            foreach (var (where, text) in shown)
                if (EnglishWords(text) is { Length: > 0 } words)
                    english.Add($"cell {cell.Number}, {where}: \"{text}\" ({string.Join(", ", words)})");
        }
        Assert.True(english.Count == 0, $"{name}: English on the 繁體中文 page (add its entry to lib/Mlp.Notebook/Labels.zh-TW.resx, named by the English " +
            $"with its numbers as {{0}}, {{1}}…):\n{string.Join("\n", english.Distinct())}");
    }

    /// <summary>The check above can fail: it finds English where a page shows it, and passes Chinese and the terms kept in English.</summary>
    [Fact]
    public void The_English_label_check_finds_English_words_and_passes_the_kept_terms()
    {
        Assert.Equal(["Training", "images", "per", "class"], EnglishWords("Training images per class"));
        Assert.Equal(["validation"], EnglishWords("MNIST validation：準確率 97.5%"));
        Assert.Empty(EnglishWords("每個類別的訓練影像（MNIST、Fashion-MNIST、softmax、one-hot）"));
        Assert.Empty(EnglishWords("σ(0)、W1、η = 0.1、std(z)、GradientCheck.RelativeError(a, b)"));
        Assert.Matches(LessonLine, "Epoch 100, Loss: 0.5123");
    }

    /// <summary>A record's column (GradientCheck's Shape) and an anonymous object's (shape) share one entry, since resource
    /// names ignore case; an English reader sees each column as its code names it.</summary>
    [Fact]
    public void A_tables_columns_are_translated_whatever_their_case_and_unchanged_in_English()
    {
        var rows = new[] { new { Shape = "(1×8)", shape = 3.0 } };
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-TW");
            Assert.Equal(2, Regex.Matches(Table.Html(rows), ">形狀</th>").Count);
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
            string english = Table.Html(rows);
            Assert.Contains(">Shape</th>", english);
            Assert.Contains(">shape</th>", english);
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
    }

    /// <summary>07's page as a browser shows it: Chinese prose, chart titles, axes and legends, the drawing widget's labels,
    /// each Chinese character drawn with a real glyph (not the empty box of a missing one). Screenshot: notebooks/out/screenshots/zh-TW-07-training.png.</summary>
    [BrowserFact]
    public async Task The_zh_TW_page_of_07_shows_Chinese_prose_charts_and_widget_with_no_missing_glyphs()
    {
        var result = await RunAsync("07-training.ipynb");
        string file = Path.Combine(Path.GetTempPath(), $"mlp-zh-TW-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, HtmlPage.Render(result));
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await page.GoToAsync(new Uri(file).AbsoluteUri, new NavigationOptions { Timeout = 120_000, WaitUntil = [WaitUntilNavigation.Load] });
        await page.WaitForFunctionAsync("() => Array.from(document.querySelectorAll('.mlp-chart')).every(c => c.querySelector('.main-svg'))",
                                        new WaitForFunctionOptions { Timeout = 60_000 });
        File.Delete(file);
        string shots = Path.Combine(CourseNotebooks.Repository, "notebooks", "out", "screenshots");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(Path.Combine(shots, "zh-TW-07-training.png"), new ScreenshotOptions { FullPage = true });

        Assert.Equal("zh-Hant-TW", await page.EvaluateExpressionAsync<string>("document.documentElement.lang"));
        string prose = await page.EvaluateExpressionAsync<string>("Array.from(document.querySelectorAll('.md')).map(e => e.textContent).join('\\n')");
        string charts = await page.EvaluateExpressionAsync<string>("Array.from(document.querySelectorAll('.main-svg text')).map(e => e.textContent).join('\\n')");
        string widget = await page.EvaluateExpressionAsync<string>("Array.from(document.querySelectorAll('.mlp-draw-digit')).map(e => e.textContent).join('\\n')");
        Assert.Contains("小批次隨機梯度下降", prose);
        Assert.Contains("訓練週期", charts);                 // axis titles
        Assert.Contains("交叉熵損失", charts);
        Assert.Contains("驗證集", charts);                   // the legend
        Assert.Contains("畫一個數字", widget);
        Assert.Contains("網路看到的", widget);

        // Each distinct Chinese character of prose, charts and widget, drawn in the font its element uses, against the glyph a
        // font stack gives a character it has no glyph for (a private-use and an unassigned code point).
        var missing = await page.EvaluateFunctionAsync<string[]>("""
            () => {
              const canvas = document.createElement('canvas'); canvas.width = 40; canvas.height = 40;
              const g = canvas.getContext('2d', { willReadFrequently: true });
              function pixels(ch, font) { g.clearRect(0, 0, 40, 40); g.font = font; g.fillStyle = '#000'; g.fillText(ch, 4, 30); return g.getImageData(0, 0, 40, 40).data.join(','); }
              const seen = new Map();
              for (const el of document.querySelectorAll('.md, .main-svg text, .mlp-draw-digit, .mlp-exercise')) {
                const font = '28px ' + getComputedStyle(el).fontFamily;
                for (const ch of el.textContent) if (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) && !seen.has(ch)) seen.set(ch, font);
              }
              const boxes = {};
              const bad = [];
              for (const [ch, font] of seen) {
                boxes[font] ??= [pixels('\uE000', font), pixels('\u0378', font), pixels('\uFFFF', font)];
                if (boxes[font].includes(pixels(ch, font))) bad.push(ch + ' (' + font + ')');
              }
              return bad.length ? bad : ['checked ' + seen.size];
            }
            """);
        Assert.True(missing.Length == 1 && missing[0].StartsWith("checked ") && int.Parse(missing[0][8..]) > 300,
            "Characters drawn as the missing-glyph box (install a Traditional Chinese font, e.g. Debian's fonts-noto-cjk): " + string.Join(", ", missing));
    }
}
