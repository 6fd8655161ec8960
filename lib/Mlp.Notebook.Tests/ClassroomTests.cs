using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mlp.Runner;
using PuppeteerSharp;
using PuppeteerSharp.Input;

namespace Mlp.Notebook.Tests;

/// <summary>
/// The in-class widgets of notebook 07 in a real browser (the local Chromium, headless): "draw a digit" and
/// "replay the learning", on the HTML page the course runner writes for the executed notebook.
/// Screenshots go to notebooks/out/screenshots/.
/// </summary>
public class ClassroomTests : IClassFixture<ClassroomTests.Page07>
{
    readonly Page07 _page;
    public ClassroomTests(Page07 page) => _page = page;

    // ── draw a digit ────────────────────────────────────────────────────────────────────────────────

    [BrowserFact]
    public async Task Drawing_with_the_mouse_shows_probabilities_that_change_while_the_stroke_is_drawn()
    {
        var page = await _page.OpenAsync();
        var pad = await page.QuerySelectorAsync(".mlp-draw-digit canvas.pad");
        await pad.EvaluateFunctionAsync("c => c.scrollIntoView({ block: 'center' })");
        var box = await pad.BoundingBoxAsync();
        decimal X(decimal f) => box.X + f * box.Width;
        decimal Y(decimal f) => box.Y + f * box.Height;

        Assert.Null(await Shown(page));                              // nothing drawn yet: no bars

        // A 7: the bar across, then the stem, the probabilities read in the middle of the stem's stroke.
        await Stroke(page, (X(0.25m), Y(0.2m)), (X(0.75m), Y(0.2m)));
        var afterBar = await Shown(page);
        await page.Mouse.MoveAsync(X(0.75m), Y(0.2m));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(X(0.6m), Y(0.5m), new MoveOptions { Steps = 8 });
        await Frames(page);
        var midStroke = await Shown(page);
        await page.Mouse.MoveAsync(X(0.45m), Y(0.85m), new MoveOptions { Steps = 8 });
        await Frames(page);
        var endStroke = await Shown(page);
        await page.Mouse.UpAsync();
        await Frames(page);

        foreach (var p in new[] { afterBar, midStroke, endStroke })
        {
            Assert.NotNull(p);
            Assert.Equal(10, p.Length);
            Assert.All(p, v => Assert.InRange(v, 0, 1));
            Assert.Equal(1, p.Sum(), 6);
        }
        Assert.True(MaxDifference(afterBar!, midStroke!) > 0.01, "the probabilities did not change while the stem was drawn");
        Assert.True(MaxDifference(midStroke!, endStroke!) > 1e-4, "the probabilities did not change as the stroke went on");
        Assert.Equal(7, ArgMax(endStroke!));                         // a plain 7 is a 7

        // The drawing as the network sees it: in [0, 1], fitted into 20×20, centre of mass at the centre of 28×28.
        var x = await page.EvaluateFunctionAsync<double[]>("() => document.querySelector('.mlp-draw-digit').mlpDigit.input()");
        Assert.Equal(784, x.Length);
        Assert.All(x, v => Assert.InRange(v, 0, 1));
        Assert.Equal(1, x.Max(), 2);
        var ink = Enumerable.Range(0, 784).Where(i => x[i] > 0).ToArray();
        int width = ink.Max(i => i % 28) - ink.Min(i => i % 28) + 1, height = ink.Max(i => i / 28) - ink.Min(i => i / 28) + 1;
        Assert.Equal(20, Math.Max(width, height));
        double mass = x.Sum();
        double cx = Enumerable.Range(0, 784).Sum(i => (i % 28 + 0.5) * x[i]) / mass;
        double cy = Enumerable.Range(0, 784).Sum(i => (i / 28 + 0.5) * x[i]) / mass;
        Assert.InRange(cx, 13.5, 14.5);
        Assert.InRange(cy, 13.5, 14.5);

        var widget = await page.QuerySelectorAsync(".mlp-draw-digit");
        await widget.ScreenshotAsync(Page07.Screenshot("draw-digit.png"));

        // "clear" empties the pad and the bars.
        await (await page.QuerySelectorAsync(".mlp-draw-digit button.clear")).ClickAsync();
        Assert.Null(await Shown(page));

        // A small digit in a corner still reaches the network as a 20×20 digit in the middle.
        await Stroke(page, (X(0.1m), Y(0.05m)), (X(0.12m), Y(0.3m)));
        x = await page.EvaluateFunctionAsync<double[]>("() => document.querySelector('.mlp-draw-digit').mlpDigit.input()");
        ink = Enumerable.Range(0, 784).Where(i => x[i] > 0).ToArray();
        Assert.Equal(20, ink.Max(i => i / 28) - ink.Min(i => i / 28) + 1);
        mass = x.Sum();
        Assert.InRange(Enumerable.Range(0, 784).Sum(i => (i % 28 + 0.5) * x[i]) / mass, 13.5, 14.5);
        Assert.InRange(Enumerable.Range(0, 784).Sum(i => (i / 28 + 0.5) * x[i]) / mass, 13.5, 14.5);
        Assert.NotNull(await Shown(page));
    }

    [BrowserFact]
    public async Task Ten_test_digits_fed_through_the_page_get_the_probabilities_of_the_CSharp_forward_pass()
    {
        var page = await _page.OpenAsync();
        var net = DrawDigitNetwork(_page.Html);
        var test = Mlp.Data.DataLoader.Load().Test.ToDataset<float>().Take(10);
        var expected = Maths.ForwardPass(test.X, net).a2;

        for (int d = 0; d < test.Count; d++)
        {
            double[] pixels = test.X.Row(d).ToArray().Select(v => (double)v).ToArray();
            var inPage = await page.EvaluateFunctionAsync<double[]>("px => document.querySelector('.mlp-draw-digit').mlpDigit.predict(px)", pixels);
            var shown = await Shown(page);
            Assert.Equal(inPage, shown);                             // the bars show what predict returned
            for (int k = 0; k < 10; k++)
                Assert.True(Math.Abs(inPage[k] - expected[d, k]) <= 1e-5, $"digit {d}, class {k}: page {inPage[k]}, C# {expected[d, k]}");
            Assert.Equal(ArgMax(expected.Row(d).ToArray().Select(v => (double)v).ToArray()), ArgMax(inPage));
        }
        // And it is the trained network: it gets (nearly) all of these right.
        Assert.True(net.Predict(test.X).Zip(test.Labels).Count(p => p.First == p.Second) >= 9);
    }

    // ── replay ─────────────────────────────────────────────────────────────────────────────────────

    [BrowserFact]
    public async Task The_replay_slider_shows_the_first_and_the_last_snapshot_as_recorded()
    {
        var page = await _page.OpenAsync();
        var replay = ReplayData.From(_page.Html);
        var element = await page.WaitForSelectorAsync(".mlp-replay");
        await element.EvaluateFunctionAsync("e => e.scrollIntoView({ block: 'start' })");
        await page.WaitForFunctionAsync("() => document.querySelector('.mlp-replay').mlpReplay !== undefined");
        var slider = await page.QuerySelectorAsync(".mlp-replay input.slider");

        await slider.FocusAsync();
        await page.Keyboard.PressAsync("Home");                      // the slider's first position
        var first = await ReplayState(page);
        await element.ScreenshotAsync(Page07.Screenshot("replay-first.png"));
        await page.Keyboard.PressAsync("End");                       // and its last
        var last = await ReplayState(page);
        await element.ScreenshotAsync(Page07.Screenshot("replay-last.png"));

        Assert.Equal(0, first.Shown);
        Assert.Equal(replay.Count - 1, last.Shown);
        Assert.Equal(0, replay.Epochs[0]);
        Assert.Equal(20, replay.Epochs[^1]);                         // 07 trains 20 epochs

        foreach (var (state, i) in new[] { (first, 0), (last, replay.Count - 1) })
        {
            for (int u = 0; u < replay.Units; u++)
                for (int p = 0; p < 784; p++)
                {
                    var (r, g, b) = ReplayData.Colour(replay.Level(i, u, p));
                    int at = 4 * p;
                    Assert.True(state.Units[u][at] == r && state.Units[u][at + 1] == g && state.Units[u][at + 2] == b,
                        $"snapshot {i}, unit {u}, pixel {p}: drawn ({state.Units[u][at]}, {state.Units[u][at + 1]}, {state.Units[u][at + 2]}), recorded level {replay.Level(i, u, p)}");
                }
            Assert.Equal(replay.Predicted[i], state.Said);
            Assert.Contains($"epoch {replay.Epochs[i]} of 20", state.Status);
            Assert.Contains($"MNIST validation accuracy {100 * replay.TestAccuracy[i]:F2}%", state.Status);
            Assert.Contains(replay.Loss[i] is { } loss ? $"training loss {loss:F4}" : "training loss – (not trained yet)", state.Status);
        }

        // What is drawn differs: the weight images, the answers, the status line.
        Assert.NotEqual(first.Units.SelectMany(u => u), last.Units.SelectMany(u => u));
        Assert.NotEqual(first.Said, last.Said);
        Assert.NotEqual(first.Curves, last.Curves);

        // The snapshots are the real run: the last is the trained network (the one the draw-a-digit widget holds),
        // to within half a level of the 63 (and the 5-decimal scale), and its accuracy is the validation accuracy the evaluation cell shows.
        var net = DrawDigitNetwork(_page.Html);
        for (int u = 0; u < replay.Units; u++)
        {
            double step = replay.Scales[^1][u] / 31;
            for (int p = 0; p < 784; p++)
            {
                // The level was rounded against the exact scale, the page holds the scale to 5 decimals (±0.5e-5): so the
                // reconstruction is within half a level, plus the level count times the scale's rounding over 31.
                int level = replay.Level(replay.Count - 1, u, p) - 31;
                double shown = level * step;
                Assert.True(Math.Abs(shown - net.W1[p, u]) <= step / 2 + Math.Abs(level) * 0.5e-5 / 31 + 1e-6,
                    $"unit {u}, pixel {p}: the last snapshot shows {shown} (level {replay.Level(replay.Count - 1, u, p)}, step {step}), the trained network has {net.W1[p, u]}");
            }
        }
        var evaluation = (await _page.Result()).Cell("var report = Evaluation.Evaluate(trainer.Network, validation);");
        double validationAccuracy = double.Parse(Results.Read(evaluation.Data("text/html"))["validation accuracy"], CultureInfo.InvariantCulture);
        Assert.Equal(validationAccuracy, replay.TestAccuracy[^1], 6);
        // The first is the untrained network: its answers are near chance (about one digit in ten right).
        Assert.InRange(replay.TestAccuracy[0], 0.0, 0.2);
    }

    /// <summary>The bullets under "Replay the learning" in 07.</summary>
    [BrowserFact]
    public async Task What_the_replay_section_says_about_the_run_is_true()
    {
        await _page.OpenAsync();
        var replay = ReplayData.From(_page.Html);
        var (_, validation) = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().HoldOut(5_000, seed: 1);

        // Epoch 0: all 24 digits get the same answer, each with a probability of only 0.1 to 0.2, and the
        // accuracy is that digit's share of the validation images.
        int answer = replay.Predicted[0][0];
        Assert.All(replay.Predicted[0], said => Assert.Equal(answer, said));
        Assert.All(replay.Confidence[0], perMille => Assert.InRange(perMille, 100, 200));
        Assert.Equal(validation.Labels.Count(l => l == answer) / (double)validation.Count, replay.TestAccuracy[0], 6);

        // One epoch: above 90%. The largest weight of every unit grows severalfold (at least 3×) over the run,
        // and the answers grow surer (the mean probability of the answer rises from epoch 1 to the end).
        Assert.True(replay.TestAccuracy[1] > 0.90, $"after one epoch: {replay.TestAccuracy[1]:P2}");
        for (int u = 0; u < replay.Units; u++)
            Assert.True(replay.Scales[^1][u] >= 3 * replay.Scales[0][u], $"unit {u}: largest weight {replay.Scales[0][u]} → {replay.Scales[^1][u]}");
        Assert.True(replay.Confidence[^1].Average() > replay.Confidence[1].Average());
    }

    [Fact]
    public async Task Both_widgets_of_07_are_well_under_1_MB_and_print_their_size()
    {
        var result = await _page.Result();
        foreach (var (cell, fromMB, toMB) in new[] { ("Widgets.DrawDigit(trainer.Network)", 0.27, 0.29), ("Widgets.Replay(replay)", 0.15, 0.25) })
        {
            string html = Assert.Single(result.Cell(cell).Data("text/html"));
            double mb = System.Text.Encoding.UTF8.GetByteCount(html) / 1e6;
            Assert.InRange(mb, fromMB, toMB);
            Assert.Contains($"inside this output ({mb:F2} MB)", html);
        }
    }

    [BrowserFact]
    public async Task The_play_button_steps_through_the_epochs()
    {
        var page = await _page.OpenAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.mlp-replay').mlpReplay !== undefined");
        await (await page.QuerySelectorAsync(".mlp-replay button.play")).ClickAsync();   // at the last epoch: starts again from 0
        await page.WaitForFunctionAsync("() => document.querySelector('.mlp-replay').mlpReplay.shown() >= 2", new WaitForFunctionOptions { Timeout = 20_000 });
        await (await page.QuerySelectorAsync(".mlp-replay button.play")).ClickAsync();   // pause
        int shown = await page.EvaluateExpressionAsync<int>("document.querySelector('.mlp-replay').mlpReplay.shown()");
        await Task.Delay(1500);
        Assert.Equal(shown, await page.EvaluateExpressionAsync<int>("document.querySelector('.mlp-replay').mlpReplay.shown()"));
    }

    // ── helpers ────────────────────────────────────────────────────────────────────────────────────

    /// <summary>The probabilities the bars show (null when they show none).</summary>
    internal static async Task<double[]?> Shown(IPage page)
    {
        var values = await page.EvaluateFunctionAsync<string[]>(
            "() => Array.from(document.querySelectorAll('.mlp-draw-digit .bar'), b => b.getAttribute('data-p'))");
        return values.All(v => v is null or "") ? null : values.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    internal static async Task Stroke(IPage page, (decimal X, decimal Y) from, (decimal X, decimal Y) to)
    {
        await page.Mouse.MoveAsync(from.X, from.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X, to.Y, new MoveOptions { Steps = 10 });
        await page.Mouse.UpAsync();
        await Frames(page);
    }

    /// <summary>Waits two animation frames, after which the widget has redrawn.</summary>
    internal static Task Frames(IPage page) =>
        page.EvaluateExpressionAsync("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");

    static double MaxDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    static int ArgMax(double[] v) => Array.IndexOf(v, v.Max());

    sealed record State(int Shown, string Status, int[][] Units, int[] Said, string Curves);

    static Task<State> ReplayState(IPage page) => page.EvaluateFunctionAsync<State>("""
        () => {
          const e = document.querySelector('.mlp-replay');
          return {
            shown: e.mlpReplay.shown(),
            status: e.querySelector('.status').textContent,
            units: Array.from(e.querySelectorAll('.units canvas'), c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)),
            said: Array.from(e.querySelectorAll('.digits [data-said]'), d => Number(d.getAttribute('data-said'))),
            curves: e.querySelector('canvas.curves').toDataURL(),
          };
        }
        """);

    /// <summary>The network inside the (first) draw-a-digit widget's data, decoded from its float32 weights.</summary>
    internal static Network<float> DrawDigitNetwork(string html)
    {
        using var data = JsonDocument.Parse(WidgetData(html, "mlp-draw-digit"));
        var root = data.RootElement;
        int inputs = root.GetProperty("inputs").GetInt32(), hidden = root.GetProperty("hidden").GetInt32(), outputs = root.GetProperty("outputs").GetInt32();
        var bytes = Convert.FromBase64String(root.GetProperty("weights").GetString()!);
        var all = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, all, 0, bytes.Length);   // little-endian, as this machine
        int at = 0;
        Matrix<float> Take(int rows, int cols) { var m = new Matrix<float>(rows, cols, all[at..(at + rows * cols)]); at += rows * cols; return m; }
        return new Network<float>(Take(inputs, hidden), Take(1, hidden), Take(hidden, outputs), Take(1, outputs));
    }

    /// <summary>The JSON data of the first widget of a kind ("mlp-draw-digit", "mlp-replay") in a page.</summary>
    internal static string WidgetData(string html, string kind)
    {
        var match = Regex.Match(html, $"class=\"mlp-widget {kind}\"[^>]*><script type=\"application/json\" class=\"mlp-widget-data\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {kind} widget in the page");
        return match.Groups[1].Value.Replace("<\\/", "</");
    }

    /// <summary>The replay's snapshots as the page receives them.</summary>
    internal sealed class ReplayData
    {
        public required int[] Epochs { get; init; }
        public required double?[] Loss { get; init; }
        public required double[] TestAccuracy { get; init; }
        public required double[][] Scales { get; init; }
        public required int[][] Predicted { get; init; }
        public required int[][] Confidence { get; init; }
        public required byte[] Levels { get; init; }
        public required int Units { get; init; }
        public int Count => Epochs.Length;

        public int Level(int frame, int unit, int pixel) => Levels[(frame * Units + unit) * 784 + pixel];

        /// <summary>The colour of a level as the page should draw it: white at 0, red up to +max, blue down to −max.</summary>
        public static (int R, int G, int B) Colour(int level)
        {
            double v = (level - 31) / 31.0;
            int t = (int)Math.Round(255 * (1 - Math.Abs(v)), MidpointRounding.AwayFromZero);
            return v >= 0 ? (255, t, t) : (t, t, 255);
        }

        public static ReplayData From(string html)
        {
            using var data = JsonDocument.Parse(WidgetData(html, "mlp-replay"));
            var root = data.RootElement;
            T[] Array<T>(string name, Func<JsonElement, T> read) => root.GetProperty(name).EnumerateArray().Select(read).ToArray();
            using var inflated = new ZLibStream(new MemoryStream(Convert.FromBase64String(root.GetProperty("weights").GetString()!)), CompressionMode.Decompress);
            var levels = new MemoryStream();
            inflated.CopyTo(levels);
            return new ReplayData
            {
                Epochs = Array("epochs", e => e.GetInt32()),
                Loss = Array("loss", e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble()),
                TestAccuracy = Array("testAccuracy", e => e.GetDouble()),
                Scales = Array("scales", e => e.EnumerateArray().Select(s => s.GetDouble()).ToArray()),
                Predicted = Array("predicted", e => e.EnumerateArray().Select(s => s.GetInt32()).ToArray()),
                Confidence = Array("confidence", e => e.EnumerateArray().Select(s => s.GetInt32()).ToArray()),
                Units = root.GetProperty("units").GetArrayLength(),
                Levels = levels.ToArray(),
            };
        }
    }

    /// <summary>Notebook 07 run once, its HTML page written as the runner writes it, and one headless Chromium for the tests.</summary>
    public sealed class Page07 : IAsyncLifetime
    {
        Infrastructure.PageInChromium? _page;

        public string Html { get; private set; } = "";

        public Task<NotebookResult> Result() => CourseNotebooks.RunAsync("07-training.ipynb");

        public static string Screenshot(string name)
        {
            string folder = Path.Combine(CourseNotebooks.Repository, "notebooks", "out", "screenshots");
            Directory.CreateDirectory(folder);
            return Path.Combine(folder, name);
        }

        public async Task InitializeAsync()
        {
            var result = await Result();
            Assert.True(result.Succeeded, result.Describe());
            Html = HtmlPage.Render(result);
            _page = await Infrastructure.PageInChromium.StartAsync(Html, "07.html");
        }

        /// <summary>A fresh tab with the page loaded.</summary>
        public Task<IPage> OpenAsync() => _page!.OpenAsync(1100, 900);

        public async Task DisposeAsync()
        {
            if (_page is not null) await _page.DisposeAsync();
        }
    }
}

/// <summary>The local Chrome, Edge, Brave or Chromium (as for image export: Mlp.Platform.Browser; MLP_BROWSER chooses one), never a downloaded one.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync()
    {
        string path = Mlp.Platform.Browser.Find() ?? throw new InvalidOperationException(Mlp.Platform.Browser.Advice("This test"));
        return Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = path,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
    }
}

/// <summary>A test that needs a browser: skipped, with what to install on this OS, where none is found; run (and failed) on this project's CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public static bool Available => Mlp.Platform.Browser.Find() is not null;

    public BrowserFactAttribute()
    {
        if (!Available && !Infrastructure.Requires.OnOwnCi) Skip = Mlp.Platform.Browser.Advice("This test");
    }
}

/// <summary>The widgets without the kernel: sizes, the recorder, and two of each on one page.</summary>
public class ClassroomWidgetTests
{
    static Dataset<float> Random784(int n, int seed)
    {
        var rng = new Random(seed);
        var X = new Matrix<float>(n, 784);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 10;
            for (int p = 0; p < 784; p++) X[i, p] = rng.NextDouble() < 0.2 ? (float)rng.NextDouble() : 0f;
            for (int p = 0; p < 20; p++) X[i, labels[i] * 70 + p] = 1f;   // a learnable mark per class
        }
        return new Dataset<float>(X, labels, 10, $"random {n}");
    }

    [Theory]
    [InlineData(64, 0.27, 0.29)]     // the notebook's network: well under 1 MB
    [InlineData(230, 0.97, 1.0)]     // "past about 230 hidden units the output is over 1 MB"
    [InlineData(240, 1.0, 1.05)]
    public void The_draw_a_digit_output_is_about_4_2_KB_per_hidden_unit(int hidden, double fromMB, double toMB)
    {
        var widget = Widgets.DrawDigit(Network<float>.Create(784, hidden, 10));
        double mb = System.Text.Encoding.UTF8.GetByteCount(widget.Html) / 1e6;
        Assert.InRange(mb, fromMB, toMB);
        Assert.Contains($"inside this output ({mb:F2} MB)", widget.Html);   // the size it prints is its own
        Assert.DoesNotContain("src=\"http", widget.Html);
    }

    /// <summary>07: "Each hidden unit brings 795 weights (784 in, its bias, 10 out), each a 4-byte float written as base64 text
    /// (4 characters for every 3 bytes): about 4.2 KB per hidden unit."</summary>
    [Fact]
    public void One_more_hidden_unit_adds_795_base64_floats_to_the_draw_a_digit_output()
    {
        int Bytes(int hidden) => System.Text.Encoding.UTF8.GetByteCount(Widgets.DrawDigit(Network<float>.Create(784, hidden, 10)).Html);
        Assert.Equal(795, Network<float>.Create(784, 65, 10).ParameterCount - Network<float>.Create(784, 64, 10).ParameterCount);
        Assert.InRange(Bytes(65) - Bytes(64), 795 * 4 * 4 / 3 - 4, 795 * 4 * 4 / 3 + 4);   // 4,240 bytes: "about 4.2 KB"
    }

    [Fact]
    public void The_recorder_keeps_the_network_as_it_was_before_training_and_after_every_epoch()
    {
        var (train, test) = (Random784(300, 1), Random784(50, 2));
        var trainer = Trainer<float>.Create(new TrainingOptions { Hidden = 20, Epochs = 3, BatchSize = 50, LearningRate = 0.5, Seed = 3 });
        var seen = new List<Network<float>> { trainer.Network.Clone() };
        var replay = TrainingReplay.Start(trainer, test);
        trainer.Fit(train, test, epoch => { replay.Record(epoch); seen.Add(trainer.Network.Clone()); });

        Assert.Equal([0, 1, 2, 3], replay.Frames.Select(f => f.Epoch));
        Assert.Equal(Enumerable.Range(0, 16), replay.Units);
        Assert.Equal(Enumerable.Range(0, 24), replay.DigitIndices);
        Assert.Equal(test.Labels[..24], replay.DigitLabels);
        Assert.True(double.IsNaN(replay.Frames[0].TrainLoss));
        Assert.Equal(Evaluation.Accuracy(seen[0], test), replay.Frames[0].TestAccuracy);
        for (int e = 0; e < seen.Count; e++)
        {
            var frame = replay.Frames[e];
            for (int u = 0; u < 16; u++)
                for (int p = 0; p < 784; p++) Assert.Equal(seen[e].W1[p, u], frame.Weights[u][p]);
            Assert.Equal(seen[e].Predict(test.Take(24).X), frame.Predicted);
            if (e > 0)
            {
                Assert.Equal(trainer.History[e - 1].TrainLoss, frame.TrainLoss);
                Assert.Equal(trainer.History[e - 1].TestAccuracy, frame.TestAccuracy);
            }
        }
        Assert.NotEqual(replay.Frames[0].Weights[0], replay.Frames[^1].Weights[0]);

        // The widget's data holds the same snapshots, to within half a level of 63 per weight image.
        var data = ClassroomTests.ReplayData.From(Widgets.Replay(replay).Html);
        Assert.Equal([0, 1, 2, 3], data.Epochs);
        for (int e = 0; e < seen.Count; e++)
            for (int u = 0; u < 16; u++)
            {
                double scale = replay.Frames[e].Weights[u].Max(v => Math.Abs(v));
                Assert.Equal(scale, data.Scales[e][u], 5);
                for (int p = 0; p < 784; p++)
                    Assert.True(Math.Abs((data.Level(e, u, p) - 31) * scale / 31 - seen[e].W1[p, u]) <= scale / 62 + 1e-6);
            }
    }

    [BrowserFact]
    public async Task Two_of_each_widget_on_one_page_do_not_clash()
    {
        var (train, test) = (Random784(200, 4), Random784(40, 5));
        var nets = new[] { Network<float>.Create(784, 8, 10, seed: 1), Network<float>.Create(784, 12, 10, seed: 2) };
        var replays = new[] { 2, 3 }.Select(epochs =>
        {
            var trainer = Trainer<float>.Create(new TrainingOptions { Hidden = 16, Epochs = epochs, BatchSize = 50, Seed = epochs });
            var replay = TrainingReplay.Start(trainer, test);
            trainer.Fit(train, test, replay.Record);
            return replay;
        }).ToArray();
        string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
                      string.Concat(nets.Select(n => Widgets.DrawDigit(n).Html)) + string.Concat(replays.Select(r => Widgets.Replay(r).Html)) + "</body></html>";
        string file = Path.Combine(Path.GetTempPath(), $"mlp-widgets-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, html);
        try
        {
            await using var browser = await Chromium.LaunchAsync();
            var page = await browser.NewPageAsync();
            await page.GoToAsync(new Uri(file).AbsoluteUri);
            await page.WaitForFunctionAsync("() => Array.from(document.querySelectorAll('.mlp-replay')).every(e => e.mlpReplay)");

            Assert.Equal(2, await page.EvaluateExpressionAsync<int>("new Set(Array.from(document.querySelectorAll('.mlp-widget'), e => e.id)).size / 2"));
            double[] pixels = test.X.Row(0).ToArray().Select(v => (double)v).ToArray();
            for (int w = 0; w < 2; w++)
            {
                var inPage = await page.EvaluateFunctionAsync<double[]>("(w, px) => document.querySelectorAll('.mlp-draw-digit')[w].mlpDigit.predict(px)", w, pixels);
                var expected = Maths.ForwardPass(test.Take(1).X, nets[w]).a2;
                for (int k = 0; k < 10; k++) Assert.Equal(expected[0, k], inPage[k], 5);
            }
            // Drawing on one pad leaves the other's bars alone.
            await page.EvaluateExpressionAsync("document.querySelectorAll('.mlp-draw-digit')[1].mlpDigit.clear()");
            await page.EvaluateExpressionAsync("document.querySelectorAll('.mlp-draw-digit')[0].mlpDigit.predict(new Array(784).fill(0.5))");
            Assert.Null(await page.EvaluateExpressionAsync<double[]?>("document.querySelectorAll('.mlp-draw-digit')[1].mlpDigit.probabilities()"));

            // Each replay has its own epochs, and moving one slider leaves the other.
            Assert.Equal(new[] { 3, 4 }, await page.EvaluateExpressionAsync<int[]>("Array.from(document.querySelectorAll('.mlp-replay'), e => e.mlpReplay.count)"));
            await page.EvaluateExpressionAsync("document.querySelectorAll('.mlp-replay')[0].mlpReplay.show(0)");
            Assert.Equal(new[] { 0, 3 }, await page.EvaluateExpressionAsync<int[]>("Array.from(document.querySelectorAll('.mlp-replay'), e => e.mlpReplay.shown())"));
        }
        finally { File.Delete(file); }
    }
}

/// <summary>The teacher's edition (mlp-notebooks --solutions): every exercise cell gets its reference solution.</summary>
public class TeacherEditionTests
{
    static readonly TeacherEdition Edition = TeacherEdition.Load(CourseNotebooks.Repository);

    static IEnumerable<(string Name, Mlp.Runner.Notebook Notebook)> Notebooks() =>
        CourseNotebooks.FileNames.Select(n => (n, CourseNotebooks.Load(n)));

    [Fact]
    public void Every_exercise_cell_of_every_notebook_has_a_reference_solution()
    {
        int total = 0;
        foreach (var (name, notebook) in Notebooks())
        {
            Assert.Empty(Edition.Problems(notebook));
            var (exercises, _) = TeacherEdition.Find(notebook);
            int studentCells = notebook.Cells.Count(c => c.IsCode && c.Source.Contains("throw new NotImplementedException", StringComparison.Ordinal));
            Assert.Equal(studentCells, exercises.Select(e => e.ExerciseCell).Distinct().Count());
            total += exercises.Count;
        }
        Assert.True(total >= 12, $"{total} exercises found");
    }

    [Fact]
    public void Every_check_of_the_exercises_library_has_a_solution_method_of_its_name()
    {
        var checks = typeof(Mlp.Exercises.ExerciseResult).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Name.EndsWith("Exercise", StringComparison.Ordinal) && t.GetMethod("Check") is not null).ToList();
        Assert.NotEmpty(checks);
        foreach (var check in checks)
            Assert.True(Edition.SolutionNames.Contains(check.Name[..^"Exercise".Length]),
                $"{check.Name} has no solution: add a method {check.Name[..^"Exercise".Length]} to {TeacherEdition.SolutionsFile}.");
    }

    [Fact]
    public void The_students_notebooks_hold_no_solutions()
    {
        foreach (var (name, notebook) in Notebooks())
            foreach (var e in TeacherEdition.Find(notebook).Exercises)
            {
                string cell = notebook.Cells[e.ExerciseCell].Source;
                Assert.Contains("throw new NotImplementedException", cell);
                Assert.DoesNotContain("Teacher's edition", cell);
            }
    }

    [Fact]
    public void A_solution_comes_with_the_solutions_it_calls_and_takes_the_students_name()
    {
        string forward = Edition.Solution("ForwardPass", "MyForward");
        Assert.Contains("MyForward(Matrix<double> X, Network<double> net)", forward);
        Assert.Contains("Matrix<double> SoftmaxRows(Matrix<double> Z)", forward);
        Assert.Contains("double[] Softmax(double[] z)", forward);
        Assert.True(forward.IndexOf("Softmax(double[] z)") < forward.IndexOf("SoftmaxRows(Matrix") && forward.IndexOf("SoftmaxRows(Matrix") < forward.IndexOf("MyForward("));
        Assert.DoesNotContain("public static", forward);
        Assert.DoesNotContain(" ForwardPass(", forward);
    }

    [Fact]
    public void An_exercise_cell_without_a_solution_is_named_with_what_to_do()
    {
        string file = Path.Combine(Path.GetTempPath(), $"mlp-exercise-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(file, """
            {"cells": [
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["// Your code here.\n", "double MyThing(double x)\n", "{\n", "    throw new NotImplementedException();\n", "}"]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["NoSuchStepExercise.Check(MyThing)"]},
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["// Your code here.\n", "int MyOrphan() => throw new NotImplementedException();"]}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """);
        try
        {
            var problems = Edition.Problems(Mlp.Runner.Notebook.Load(file));
            Assert.Equal(2, problems.Count);
            Assert.Contains(problems, p => p.Contains("NoSuchStepExercise.Check(MyThing) has no reference solution") && p.Contains("add a method NoSuchStep to lib/Mlp.Tests/Exercises/Solutions.cs"));
            Assert.Contains(problems, p => p.Contains("cell 2 is an exercise (its stub has \"throw new NotImplementedException\")") && p.Contains("no <Step>Exercise.Check(...) cell checks"));
            Assert.Throws<InvalidOperationException>(() => Edition.Apply(Mlp.Runner.Notebook.Load(file)));
        }
        finally { File.Delete(file); }
    }

    /// <summary>Runs the whole course, both editions, with --solutions (a few minutes): every check passes, and notebooks/ is untouched.</summary>
    [Fact]
    public async Task The_teachers_edition_of_the_course_passes_every_check_and_leaves_the_notebooks_alone()
    {
        string repo = CourseNotebooks.Repository;
        var before = CourseNotebooks.FileNames.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(CourseNotebooks.Folder, n)));
        string statusBefore = Git(repo, "status", "--porcelain", "--", "notebooks");

        int exit = await RunnerCommand.InvokeAsync(["--solutions"]);
        Assert.Equal(0, exit);

        // Both editions: the English in solutions/, the 繁體中文 in solutions/zh-TW/ (the same code cells, so the same solutions).
        string solutions = Path.Combine(repo, "notebooks", "out", "solutions");
        int checks = 0;
        foreach (string name in CourseNotebooks.FileNames.SelectMany(n => Editions.Cultures.Select(c => Path.Combine(c, n)).Prepend(n)))
        {
            var executed = Mlp.Runner.Notebook.Load(Path.Combine(solutions, name));
            Assert.True(File.Exists(Path.Combine(solutions, Path.ChangeExtension(name, ".html"))));
            foreach (var e in TeacherEdition.Find(executed).Exercises)
            {
                var outputs = executed.Cells[e.CheckCell].Outputs.Select(o => o?["data"]?["text/plain"]?.GetValue<string>()).OfType<string>().ToList();
                Assert.True(outputs.Any(t => t.StartsWith("✅", StringComparison.Ordinal)), $"{name}, {e.CheckClass}: {string.Join(" | ", outputs)}");
                Assert.Contains("Teacher's edition", executed.Cells[e.ExerciseCell].Source);
                checks++;
            }
        }
        Assert.True(checks >= 2 * 12, $"{checks} checks");

        foreach (var (name, text) in before) Assert.Equal(text, File.ReadAllText(Path.Combine(CourseNotebooks.Folder, name)));
        Assert.Equal(statusBefore, Git(repo, "status", "--porcelain", "--", "notebooks"));
    }

    static string Git(string repo, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", args) { WorkingDirectory = repo, RedirectStandardOutput = true };
        using var git = System.Diagnostics.Process.Start(start)!;
        string output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return output;
    }
}
