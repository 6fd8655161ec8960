using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Formatting;

namespace Mlp.Notebook;

/// <summary>How the library's values look when a cell returns them.</summary>
public static class Formatters
{
    const string Html = "text/html", Plain = "text/plain", PngMime = "image/png";

    /// <summary>Registers every formatter (safe to call again).</summary>
    public static void Register()
    {
        Formatter.Register<PlotlyFigure>((chart, w) => w.Write(chart.ToHtml()), Html);
        Formatter.Register<PlotlyFigure>((chart, w) => w.Write(chart.ToString()), Plain);

        Formatter.Register<DigitImage>((digit, w) => w.Write(digit.ToBase64()), PngMime);
        Formatter.Register<DigitImage>((digit, w) => w.Write(digit.ToString()), Plain);
        Formatter.SetPreferredMimeTypesFor(typeof(DigitImage), PngMime, Plain);

        RegisterMatrix<float>();
        RegisterMatrix<double>();

        Formatter.Register<TrainingHistory>((h, w) => w.Write(HistoryHtml(h)), Html);
        Formatter.Register<TrainingHistory>((h, w) => w.Write(h.ToString()), Plain);

        Formatter.Register<EvaluationReport>((r, w) => w.Write(ReportHtml(r)), Html);
        Formatter.Register<EvaluationReport>((r, w) => w.Write(r.ToString()), Plain);

        Formatter.Register<Widget>((widget, w) => w.Write(widget.Html), Html);
        Formatter.Register<Widget>((widget, w) => w.Write(widget.Description), Plain);

        XPlotFormatter.Register();
    }

    static void RegisterMatrix<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        Formatter.Register<Matrix<T>>((m, w) => w.Write(MatrixHtml(m)), Html);
        Formatter.Register<Matrix<T>>((m, w) => w.Write(MatrixText(m)), Plain);
    }

    const int CornerRows = 6, CornerCols = 8;

    /// <summary>The shape, then the top-left corner of the values; "…" marks rows and columns left out.</summary>
    public static string MatrixText<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sb = new StringBuilder($"Matrix<{typeof(T).Name}> {m.Shape}");
        foreach (var row in Corner(m)) sb.Append('\n').Append(string.Join("  ", row.Select(v => v.PadLeft(8))));
        return sb.ToString();
    }

    public static string MatrixHtml<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sb = new StringBuilder($"<div class=\"mlp-matrix\"><b>Matrix&lt;{typeof(T).Name}&gt; {m.Shape}</b>");
        sb.Append(m.Rows > CornerRows || m.Cols > CornerCols ? $" <span style=\"color:#777\">{Strings.NbMatrixCorner}</span>" : "");
        sb.Append("<table style=\"font-family:monospace;font-size:small\">");
        foreach (var row in Corner(m))
            sb.Append("<tr>").Append(string.Concat(row.Select(v => $"<td style=\"text-align:right\">{v}</td>"))).Append("</tr>");
        return sb.Append("</table></div>").ToString();
    }

    static IEnumerable<string[]> Corner<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Math.Min(m.Rows, CornerRows), cols = Math.Min(m.Cols, CornerCols);
        for (int r = 0; r < rows; r++)
        {
            var cells = Enumerable.Range(0, cols).Select(c => double.CreateChecked(m[r, c]).ToString("0.####", CultureInfo.InvariantCulture));
            yield return (m.Cols > cols ? cells.Append("…") : cells).ToArray();
        }
        if (m.Rows > rows) yield return Enumerable.Repeat("⋮", cols).Concat(m.Cols > cols ? ["⋱"] : Array.Empty<string>()).ToArray();
    }

    /// <summary>The summary line and the accuracy per class (the confusion matrix has its own chart: Charts.ConfusionMatrix).</summary>
    public static string ReportHtml(EvaluationReport report)
    {
        var sb = new StringBuilder($"<div class=\"mlp-report\"><div>{PlotlyJs.Escape(report.ToString())}</div>");
        sb.Append($"<table style=\"font-size:small\"><tr><th>{Strings.NbTableClass}</th>");
        for (int c = 0; c < report.PerClassAccuracy.Length; c++) sb.Append(CultureInfo.InvariantCulture, $"<th>{c}</th>");
        sb.Append($"</tr><tr><td>{Strings.NbTableAccuracy}</td>");
        foreach (double a in report.PerClassAccuracy) sb.Append(CultureInfo.InvariantCulture, $"<td>{a:P1}</td>");
        return sb.Append("</tr></table></div>").ToString();
    }

    /// <summary>A small table of the epochs (the first two and the last five when there are many) and the curves.
    /// The validation and test columns appear when they were measured.</summary>
    public static string HistoryHtml(TrainingHistory history)
    {
        bool validation = history.Any(e => !double.IsNaN(e.ValidationAccuracy)), test = history.Any(e => !double.IsNaN(e.TestAccuracy));
        int columns = 4 + (validation ? 2 : 0) + (test ? 1 : 0);
        var sb = new StringBuilder($"<div class=\"mlp-history\"><table style=\"font-size:small\"><tr><th>{Strings.NbTableEpoch}</th><th>{Strings.NbTableTrainingLoss}</th>" +
                                   $"<th>{Strings.NbTableTrainingAccuracy}</th>" + (validation ? $"<th>{Strings.NbTableValidationLoss}</th><th>{Strings.NbTableValidationAccuracy}</th>" : "") +
                                   (test ? $"<th>{Strings.NbTableTestAccuracy}</th>" : "") + $"<th>{Strings.NbTableSeconds}</th></tr>");
        var shown = history.Count <= 10 ? history.ToList() : history.Take(2).Concat(history.Skip(history.Count - 5)).ToList();
        static string Percent(double v) => double.IsNaN(v) ? "–" : v.ToString("P2", CultureInfo.InvariantCulture);
        for (int i = 0; i < shown.Count; i++)
        {
            if (i == 2 && history.Count > 10) sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{columns}\" style=\"text-align:center\">…</td></tr>");
            var e = shown[i];
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Epoch}</td><td>{e.TrainLoss:F4}</td><td>{Percent(e.TrainAccuracy)}</td>");
            if (validation) sb.Append(CultureInfo.InvariantCulture, $"<td>{e.ValidationLoss:F4}</td><td>{Percent(e.ValidationAccuracy)}</td>");
            if (test) sb.Append($"<td>{Percent(e.TestAccuracy)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{e.Seconds:F2}</td></tr>");
        }
        sb.Append("</table>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>{PlotlyJs.Escape(history.ToString())}</div>");
        if (history.Count > 0) sb.Append(Charts.TrainingCurves(history).ToHtml());
        return sb.Append("</div>").ToString();
    }
}

/// <summary>
/// XPlot.Plotly charts inline, offline: what the unpublished XPlot.Plotly.Interactive would register, but
/// drawn by the plotly.js the setup cell loaded instead of one from a CDN. Registered by reflection
/// whenever XPlot.Plotly gets loaded (for example by #r "nuget: XPlot.Plotly, 4.1.0"), so this library
/// does not depend on it.
/// </summary>
internal static class XPlotFormatter
{
    static int _hooked;
    static readonly Regex ScriptTags = new(@"</?script[^>]*>", RegexOptions.IgnoreCase);

    public static void Register()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => TryRegister(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) TryRegister(assembly);
    }

    static void TryRegister(Assembly assembly)
    {
        if (assembly.GetName().Name != "XPlot.Plotly" || assembly.GetType("XPlot.Plotly.PlotlyChart") is not { } chartType) return;
        var id = chartType.GetProperty("Id")!;
        var inlineJs = chartType.GetMethod("GetInlineJS", Type.EmptyTypes)!;
        var width = chartType.GetProperty("Width")!;
        var height = chartType.GetProperty("Height")!;
        Formatter.Register(chartType, (object chart, TextWriter writer) =>
        {
            string elementId = (string)id.GetValue(chart)!;
            writer.Write($"<div id=\"{elementId}\" style=\"width:{width.GetValue(chart)}px;height:{height.GetValue(chart)}px\"></div>\n");
            // GetInlineJS() gives "<script>var data = ...; Plotly.newPlot(...)</script>": keep what is inside the tags.
            string script = ScriptTags.Replace((string)inlineJs.Invoke(chart, null)!, "");
            writer.Write(PlotlyJs.WhenLoaded(script, elementId));
        }, "text/html");
    }
}
