using System.Runtime.CompilerServices;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Plotly.NET;
using Plotly.NET.ImageExport;
using CsChart = Plotly.NET.CSharp.Chart;
using Mlp.Charts.Contract;

namespace Mlp.Charts;

/// <summary>
/// The course's charts, built with Plotly.NET. Every public method takes plain data (arrays, strings)
/// and returns the chart as plotly.js figure JSON (<c>{"data":[...],"layout":{...}}</c>), because this
/// assembly lives in its own AssemblyLoadContext (it needs a newer FSharp.Core than the notebook kernel
/// has): only types from System.Private.CoreLib may cross that boundary. The notebook layer sees this
/// class only through <see cref="IFigures"/>, the contract both contexts share.
/// </summary>
public sealed class Figures : IFigures
{
    // The Plotly.NET chart behind each figure JSON string handed out, kept for SaveImage while the
    // caller holds the string (strings keep their identity across load contexts).
    static readonly ConditionalWeakTable<string, GenericChart> Made = new();

    // Plotly.NET's default template (plotly.js's default style, 8 KB of JSON, which every chart here uses), serialized once:
    // Plotly.NET serializes it anew for each chart, which takes about 80 ms, nearly all of the time a chart takes. The
    // figure JSON is the same either way, and SaveImage writes the raw JSON just as it would the template.
    static readonly Lazy<JRaw> DefaultTemplate = new(() => new JRaw(JsonConvert.SerializeObject(Defaults.DefaultTemplate)));

    /// <summary>plotly.js's own font first, then fonts with Traditional Chinese glyphs on Linux, Windows and macOS (the 繁體中文 edition).</summary>
    const string FontFamily = "\"Open Sans\", verdana, arial, \"Noto Sans TC\", \"Noto Sans CJK TC\", \"Microsoft JhengHei\", \"PingFang TC\", sans-serif";

    static string Done(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("template", DefaultTemplate.Value);
        layout.SetProperty("font", new { family = FontFamily });
        string json = GenericChart.toFigureJson(chart);
        Made.AddOrUpdate(json, chart);
        return json;
    }

    /// <summary>Loss (left) and accuracy (right) per epoch, one line per data set (<paramref name="names"/>[i] has
    /// losses[i] and accuracies[i]; a series that is all NaN was not measured and is left out), and on the loss
    /// side the training loss within epochs (<paramref name="batchEpochs"/> may be fractional) as a thin line.</summary>
    public string TrainingCurves(double[] epochs, string[] names, double[][] losses, double[][] accuracies,
                                        double[] batchEpochs, double[] batchLosses, string batchName, string title)
    {
        string[] colours = [Blue, Green, Orange, "#9467bd"];
        var named = new HashSet<string>();
        GenericChart Series(double[] x, double[] y, string name, string colour, string axis, bool markers = true)
        {
            var line = CsChart.Line<double, double, string>(x, y, ShowMarkers: markers, Name: name,
                LineColor: Color.fromString(colour), MarkerColor: Color.fromString(colour));
            var trace = GenericChart.getTraces(line).Single();
            trace.SetProperty("xaxis", "x" + axis);
            trace.SetProperty("yaxis", "y" + axis);
            trace.SetProperty("legendgroup", name);
            trace.SetProperty("showlegend", named.Add(name)); // one legend entry per data set
            if (!markers) trace.SetProperty("line", new { color = colour, width = 1 });
            return line;
        }
        bool Has(double[] v) => v.Any(double.IsFinite);
        var parts = new List<GenericChart>();
        if (Has(batchLosses)) parts.Add(Series(batchEpochs, batchLosses, batchName, LightBlue, "", markers: false));
        for (int i = 0; i < names.Length; i++)
            if (Has(losses[i])) parts.Add(Series(epochs, losses[i], names[i], colours[i % colours.Length], ""));
        for (int i = 0; i < names.Length; i++)
            if (Has(accuracies[i])) parts.Add(Series(epochs, accuracies[i], names[i], colours[i % colours.Length], "2"));
        if (parts.Count == 0) parts.Add(CsChart.Line<double, double, string>(epochs, epochs.Select(_ => double.NaN)));
        double last = Math.Max(epochs.DefaultIfEmpty(1).Max(), batchEpochs.DefaultIfEmpty(1).Max());
        double step = Math.Max(1, Math.Ceiling(last / 10.0)); // whole epochs only
        return Done(WithLayout(CsChart.Combine(parts), title, width: 900, height: 380, extra: new()
        {
            ["xaxis"] = new { domain = new[] { 0.0, 0.45 }, title = new { text = Strings.Epoch }, rangemode = "tozero", dtick = step },
            ["yaxis"] = new { title = new { text = Strings.CrossEntropyLoss }, rangemode = "tozero" },
            ["xaxis2"] = new { domain = new[] { 0.55, 1.0 }, title = new { text = Strings.Epoch }, anchor = "y2", dtick = step },
            ["yaxis2"] = new { title = new { text = Strings.Accuracy }, anchor = "x2", tickformat = ".0%" },
        }));
    }

    /// <summary>Small 28x28 images in a grid, one heatmap each, with a caption above each image.
    /// Hovering shows row, column and pixel value. <paramref name="diverging"/> centres a red-blue
    /// colour scale on zero (for weights); otherwise white is 0 and black the maximum (ink).</summary>
    public string ImageGrid(double[][] images, string[] captions, int columns, string title, bool diverging)
    {
        int n = images.Length, cols = Math.Max(1, Math.Min(columns, n)), rows = (n + cols - 1) / cols;
        double limit = diverging ? images.SelectMany(i => i).Select(Math.Abs).DefaultIfEmpty(1).Max() : 0;
        var traces = images.Select((pixels, i) =>
        {
            int side = (int)Math.Round(Math.Sqrt(pixels.Length));
            var z = Enumerable.Range(0, side).Select(r => pixels.Skip(r * side).Take(side).ToArray()).ToArray();
            var heatmap = CsChart.Heatmap<double, int, int, string>(z, ShowScale: i == 0 && diverging, ReverseYAxis: false);
            var trace = GenericChart.getTraces(heatmap).Single();
            trace.SetProperty("colorscale", diverging ? (object)"RdBu" : new object[] { new object[] { 0, "white" }, new object[] { 1, "black" } });
            if (diverging) { trace.SetProperty("zmin", -limit); trace.SetProperty("zmax", limit); }
            trace.SetProperty("hovertemplate", $"{Escape(captions[i])}<br>{Strings.PixelHover}<extra></extra>");
            return heatmap;
        });
        var grid = CsChart.Grid(traces, rows, cols, SubPlotTitles: captions, YGap: 0.35, XGap: 0.1);
        var layout = GenericChart.getLayout(grid);
        // Images: square pixels, row 0 at the top, no tick labels.
        for (int i = 1; i <= n; i++)
        {
            string s = i == 1 ? "" : i.ToString();
            layout.SetProperty("xaxis" + s, new { showticklabels = false, scaleanchor = "y" + s, constrain = "domain" });
            layout.SetProperty("yaxis" + s, new { showticklabels = false, autorange = "reversed", constrain = "domain" });
        }
        int cell = cols > 6 ? 90 : 110;
        return Done(WithLayout(GenericChart.setLayout(layout, grid), title, width: Math.Max(360, cols * cell + 80),
                               height: rows * (cell + 20) + 90));
    }

    /// <summary>Counts of (true class, predicted class); the diagonal holds the correct answers.</summary>
    public string ConfusionMatrix(int[][] counts, string[] classNames, string title)
    {
        var z = counts.Select(r => r.Select(c => (double)c).ToArray()).ToArray();
        var chart = CsChart.Heatmap<double, string, string, string>(z, X: classNames, Y: classNames);
        var trace = GenericChart.getTraces(chart).Single();
        trace.SetProperty("colorscale", "Blues");
        trace.SetProperty("reversescale", true);     // plotly's "Blues" runs dark to light: more answers = darker
        trace.SetProperty("texttemplate", "%{z}");   // the count in each cell, in a colour that contrasts with it
        trace.SetProperty("hovertemplate", Strings.ConfusionHover + "<extra></extra>");
        return Done(WithLayout(chart, title, width: 560, height: 520, extra: new()
        {
            ["xaxis"] = new { title = new { text = Strings.PredictedClass }, type = "category", side = "bottom" },
            ["yaxis"] = new { title = new { text = Strings.TrueClass }, type = "category", autorange = "reversed" },
        }));
    }

    /// <summary>One or more lines over the same x values.</summary>
    public string Lines(double[] x, double[][] ys, string[] names, string title, string xTitle, string yTitle)
    {
        var lines = ys.Select((y, i) => CsChart.Line<double, double, string>(x, y, Name: names[i]));
        return Done(WithLayout(CsChart.Combine(lines), title, width: 640, height: 380, extra: Axes(xTitle, yTitle)));
    }

    /// <summary>One bar per category; <paramref name="highlight"/> (or -1) draws one bar in another colour.</summary>
    public string Bars(string[] categories, double[] values, int highlight, string title, string xTitle, string yTitle)
    {
        var colours = categories.Select((_, i) => Color.fromString(i == highlight ? Orange : Blue));
        var chart = CsChart.Column<double, string, string>(values, Keys: categories,
            MarkerColor: Color.fromColors(colours));
        var axes = Axes(xTitle, yTitle);
        axes["xaxis"] = new { title = new { text = xTitle }, type = "category" };
        return Done(WithLayout(chart, title, width: 640, height: 380, extra: axes));
    }

    /// <summary>Overlaid histograms of several series (for example the weights of two layers) with shared bins, each
    /// as the share of its values per bin, so that series of different sizes compare. The counting happens here, so the
    /// figure holds <paramref name="bins"/> bars per series, not every value.</summary>
    public string Histograms(double[][] series, string[] names, int bins, string title, string xTitle)
    {
        var finite = series.SelectMany(v => v).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double min = finite.Min(), width = Math.Max(finite.Max() - min, 1e-12) / bins;
        var centres = Enumerable.Range(0, bins).Select(b => min + (b + 0.5) * width).ToArray();
        var charts = series.Select((values, i) =>
        {
            var counts = new double[bins];
            var inRange = values.Where(double.IsFinite).ToArray();
            foreach (double v in inRange) counts[Math.Min((int)((v - min) / width), bins - 1)]++;
            var shares = counts.Select(c => c / Math.Max(1, inRange.Length)).ToArray();
            var bars = CsChart.Column<double, double, string>(shares, Keys: centres, Name: string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.SeriesValues, names[i], inRange.Length), Opacity: 0.6);
            GenericChart.getTraces(bars).Single().SetProperty("width", width);
            return bars;
        });
        return Done(WithLayout(CsChart.Combine(charts), title, width: 640, height: 380, extra: Axes(xTitle, Strings.ShareOfValues), barmode: "overlay"));
    }

    /// <summary>plotly.js itself (the copy Plotly.NET embeds), so pages and notebooks need no CDN.</summary>
    public string PlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".min.js"));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    /// <summary>Writes a chart made here as a PNG or SVG file (by the extension), rendered by Plotly.NET.ImageExport
    /// in a headless Chromium. Returns the full path written.</summary>
    public string SaveImage(string figureJson, string path, int width, int height, string browser)
    {
        if (!Made.TryGetValue(figureJson, out var chart))
            throw new ArgumentException("SaveImage works on charts made by this library in this session.");
        PuppeteerSharpRendererOptions.localBrowserExecutablePath = browser;
        PuppeteerSharpRendererOptions.launchOptions = new PuppeteerSharp.LaunchOptions
        {
            Headless = true,
            ExecutablePath = browser,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
        };
        var embedded = Plotly.NET.Chart.withDisplayOptions(DisplayOptions.init(null, null, null, null, null, null, PlotlyJSReference.Full)).Invoke(chart);
        string full = Path.GetFullPath(path), stem = Path.ChangeExtension(full, null);
        var engine = new Microsoft.FSharp.Core.FSharpOption<ExportEngine>(ExportEngine.PuppeteerSharp);
        var w = new Microsoft.FSharp.Core.FSharpOption<int>(width);
        var h = new Microsoft.FSharp.Core.FSharpOption<int>(height);
        // ImageExport appends the extension itself.
        switch (Path.GetExtension(full).ToLowerInvariant())
        {
            case ".png": embedded.SavePNGAsync(stem, engine, w, h).GetAwaiter().GetResult(); break;
            case ".svg": embedded.SaveSVGAsync(stem, engine, w, h).GetAwaiter().GetResult(); break;
            default: throw new ArgumentException($"Unsupported image type '{Path.GetExtension(full)}': use .png or .svg.");
        }
        return full;
    }

    const string Blue = "#1f77b4", Orange = "#ff7f0e", Green = "#2ca02c", LightBlue = "#6baed6";

    static Dictionary<string, object> Axes(string xTitle, string yTitle) => new()
    {
        ["xaxis"] = new { title = new { text = xTitle } },
        ["yaxis"] = new { title = new { text = yTitle } },
    };

    static GenericChart WithLayout(GenericChart chart, string title, int width, int height,
                                   Dictionary<string, object>? extra = null, string? barmode = null)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("title", new { text = title });
        layout.SetProperty("width", width);
        layout.SetProperty("height", height);
        layout.SetProperty("margin", new { l = 60, r = 30, t = 70, b = 50 });
        if (barmode != null) layout.SetProperty("barmode", barmode);
        foreach (var (key, value) in extra ?? []) layout.SetProperty(key, value);
        return GenericChart.setLayout(layout, chart);
    }

    static string Escape(string s) => System.Net.WebUtility.HtmlEncode(s);
}
