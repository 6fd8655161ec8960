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
        layout.SetProperty("font", new { family = FontFamily, size = FontSize });   // one font object: its size too, or plotly.js falls back to 12 px
        string json = GenericChart.toFigureJson(chart);
        Made.AddOrUpdate(json, chart);
        return json;
    }

    /// <summary>Loss (left) and accuracy (right) per epoch, one line per data set (<paramref name="names"/>[i] has
    /// losses[i] and accuracies[i]; a series that is all NaN was not measured and is left out), and on the loss
    /// side the training loss within epochs (<paramref name="batchEpochs"/> may be fractional) as a thin line; with
    /// <paramref name="logLoss"/>, the loss on a log scale.</summary>
    public string TrainingCurves(double[] epochs, string[] names, double[][] losses, double[][] accuracies,
                                        double[] batchEpochs, double[] batchLosses, string batchName, string title, bool logLoss)
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
        return Done(WithLayout(CsChart.Combine(parts), title, width: 900, height: 460, extra: new()
        {
            ["xaxis"] = new { domain = new[] { 0.0, 0.45 }, title = new { text = Strings.Epoch }, rangemode = "tozero", dtick = step },
            ["yaxis"] = logLoss ? LogAxis(Strings.CrossEntropyLossLog)
                                : (object)new { title = new { text = Strings.CrossEntropyLoss }, rangemode = "tozero" },
            ["xaxis2"] = new { domain = new[] { 0.55, 1.0 }, title = new { text = Strings.Epoch }, anchor = "y2", dtick = step },
            ["yaxis2"] = new { title = new { text = Strings.Accuracy }, anchor = "x2", tickformat = ".0%" },
            ["legend"] = new { orientation = "h", x = 0, y = -0.22, yanchor = "top" },
            ["margin"] = new { l = 80, r = 30, t = 70, b = 130 },
        }));
    }

    /// <summary>Small 28x28 images in a grid, one heatmap each, with a caption above each image.
    /// Hovering shows row, column and pixel value. <paramref name="diverging"/> centres a red-blue
    /// colour scale on zero (for weights); otherwise white is 0 and black the maximum (ink).</summary>
    public string ImageGrid(double[][] images, string[] captions, int columns, string title, bool diverging)
    {
        int n = images.Length, cols = Math.Max(1, Math.Min(Math.Min(columns, MaxImageColumns), n)), rows = (n + cols - 1) / cols;
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
        const double xGap = 0.1, yGap = 0.3;
        var grid = CsChart.Grid(traces, rows, cols, SubPlotTitles: captions, YGap: yGap, XGap: xGap);
        var layout = GenericChart.getLayout(grid);
        // Images: square pixels, row 0 at the top, no tick labels.
        for (int i = 1; i <= n; i++)
        {
            string s = i == 1 ? "" : i.ToString();
            layout.SetProperty("xaxis" + s, new { showticklabels = false, scaleanchor = "y" + s, constrain = "domain" });
            layout.SetProperty("yaxis" + s, new { showticklabels = false, autorange = "reversed", constrain = "domain" });
        }
        // Each column and row is sized so that the image itself (the cell less its gap) is ImageSide pixels wide.
        int column = (int)Math.Ceiling(ImageSide / (1 - xGap)), row = (int)Math.Ceiling(ImageSide / (1 - yGap));
        int left = 20, right = diverging ? 90 : 20, top = 80, bottom = 20;
        return Done(WithLayout(GenericChart.setLayout(layout, grid), title, width: Math.Max(360, cols * column + left + right),
                               height: rows * row + top + bottom, extra: new()
                               {
                                   ["margin"] = new { l = left, r = right, t = top, b = bottom },
                               }));
    }

    /// <summary>The side of each image of <see cref="ImageGrid"/> in CSS pixels: readable from the back of a room.</summary>
    public const int ImageSide = 126;

    /// <summary>At most this many images side by side, so that a grid of <see cref="ImageSide"/>-pixel images fits a 950-pixel page.</summary>
    public const int MaxImageColumns = 6;

    /// <summary>Counts of (true class, predicted class). The diagonal (the correct answers, far larger than any
    /// mistake) is drawn apart in light blue with its counts, so that the colour scale spans the mistakes only and the
    /// off-diagonal cells, where the confusions are, stay readable.</summary>
    public string ConfusionMatrix(int[][] counts, string[] classNames, string title)
    {
        int n = counts.Length;
        object?[][] Part(bool diagonal) => counts.Select((r, i) => r.Select((c, j) => (i == j) == diagonal ? (object)c : null).ToArray()).ToArray();
        GenericChart Layer(bool diagonal)
        {
            var chart = CsChart.Heatmap<double, string, string, string>(counts.Select(r => r.Select(c => (double)c).ToArray()).ToArray(),
                                                                         X: classNames, Y: classNames);
            var trace = GenericChart.getTraces(chart).Single();
            trace.SetProperty("z", Part(diagonal));
            trace.SetProperty("texttemplate", "%{z}");    // the count in each cell, in a colour that contrasts with it
            trace.SetProperty("textfont", new { size = FontSize });
            trace.SetProperty("xgap", 1);
            trace.SetProperty("ygap", 1);
            if (diagonal)
            {
                trace.SetProperty("colorscale", new object[] { new object[] { 0, Correct }, new object[] { 1, Correct } });
                trace.SetProperty("showscale", false);
                trace.SetProperty("hovertemplate", Strings.ConfusionHoverCorrect + "<extra></extra>");
            }
            else
            {
                int most = counts.SelectMany((r, i) => r.Where((_, j) => j != i)).DefaultIfEmpty(0).Max();
                trace.SetProperty("colorscale", new object[] { new object[] { 0, "#ffffff" }, new object[] { 0.25, "#fcbba1" }, new object[] { 0.5, "#fb6a4a" },
                                                     new object[] { 0.75, "#cb181d" }, new object[] { 1, "#67000d" } }); // white (none) to dark red
                trace.SetProperty("zmin", 0);
                trace.SetProperty("zmax", Math.Max(1, most));
                trace.SetProperty("colorbar", new { title = new { text = Strings.Mistakes } });
                trace.SetProperty("hovertemplate", Strings.ConfusionHoverMistakes + "<extra></extra>");
            }
            return chart;
        }
        return Done(WithLayout(CsChart.Combine([Layer(diagonal: false), Layer(diagonal: true)]), title, width: 720, height: 660, extra: new()
        {
            ["xaxis"] = new { title = new { text = Strings.PredictedClass }, type = "category", side = "bottom" },
            ["yaxis"] = new { title = new { text = Strings.TrueClass }, type = "category", autorange = "reversed" },
            ["annotations"] = new[] { new { text = Strings.ConfusionLegend, xref = "paper", yref = "paper",
                                            x = 0.0, y = 1.0, yanchor = "bottom", showarrow = false, font = new { size = FontSize, color = "#555" } } },
        }));
    }

    /// <summary>One or more lines over the same x values.</summary>
    public string Lines(double[] x, double[][] ys, string[] names, string title, string xTitle, string yTitle, bool logY)
    {
        var lines = ys.Select((y, i) => CsChart.Line<double, double, string>(x, y, Name: names[i]));
        var axes = Axes(xTitle, yTitle);
        if (logY) axes["yaxis"] = LogAxis(string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.LogScale, yTitle));
        if (ys.Length > 1) axes["legend"] = new { orientation = "h", x = 0, y = -0.2, yanchor = "top" };
        return Done(WithLayout(CsChart.Combine(lines), title, width: 760, height: ys.Length > 1 ? 440 + 30 * ys.Length : 440,
                               extra: ys.Length > 1 ? new(axes) { ["margin"] = new { l = 80, r = 30, t = 80, b = 100 + 30 * ys.Length } } : axes));
    }

    /// <summary>One bar per category; <paramref name="highlight"/> (or -1) draws one bar in another colour.</summary>
    public string Bars(string[] categories, double[] values, int highlight, string title, string xTitle, string yTitle)
    {
        var colours = categories.Select((_, i) => Color.fromString(i == highlight ? Orange : Blue));
        var chart = CsChart.Column<double, string, string>(values, Keys: categories,
            MarkerColor: Color.fromColors(colours));
        var axes = Axes(xTitle, yTitle);
        axes["xaxis"] = new { title = new { text = xTitle }, type = "category" };
        return Done(WithLayout(chart, title, width: 760, height: 440, extra: axes));
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
        return Done(WithLayout(CsChart.Combine(charts), title, width: 760, height: 440, extra: Axes(xTitle, Strings.ShareOfValues), barmode: "overlay"));
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
            throw new ArgumentException(Strings.SaveImageForeign);
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
            default: throw new ArgumentException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.SaveImageType, Path.GetExtension(full)));
        }
        return full;
    }

    /// <summary>The size in CSS pixels of every chart's text (ticks, axis titles, legends, captions) and of its title:
    /// readable from the back row of a room with a projector.</summary>
    public const int FontSize = 16, TitleFontSize = 20;

    const string Correct = "#cfe2f3", Blue = "#1f77b4", Orange = "#ff7f0e", Green = "#2ca02c", LightBlue = "#6baed6";

    /// <summary>A log-scale axis labelled at 1, 2 and 5 times the powers of ten, all in the chart's font size (plotly's own
    /// log ticks label every digit in smaller type).</summary>
    static object LogAxis(string title)
    {
        var ticks = Enumerable.Range(-6, 10).SelectMany(e => new[] { 1, 2, 5 }.Select(m => m * Math.Pow(10, e))).ToArray();
        return new
        {
            title = new { text = title }, type = "log", tickvals = ticks,
            ticktext = ticks.Select(t => t.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    static Dictionary<string, object> Axes(string xTitle, string yTitle) => new()
    {
        ["xaxis"] = new { title = new { text = xTitle } },
        ["yaxis"] = new { title = new { text = yTitle } },
    };

    static GenericChart WithLayout(GenericChart chart, string title, int width, int height,
                                   Dictionary<string, object>? extra = null, string? barmode = null)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("title", new { text = title, font = new { size = TitleFontSize } });
        layout.SetProperty("font", new { size = FontSize });
        layout.SetProperty("width", width);
        layout.SetProperty("height", height);
        layout.SetProperty("margin", new { l = 80, r = 30, t = 80, b = 70 });
        if (barmode != null) layout.SetProperty("barmode", barmode);
        foreach (var (key, value) in extra ?? []) layout.SetProperty(key, value);
        return GenericChart.setLayout(layout, chart);
    }

    static string Escape(string s) => System.Net.WebUtility.HtmlEncode(s);
}
