using System.Text.Json;

namespace Mlp.Notebook;

/// <summary>
/// A chart made by <see cref="Charts"/>: plotly.js figure JSON. In a notebook it shows as an inline
/// chart drawn by the plotly.js the setup cell loaded once (no CDN, no copy of plotly.js per chart).
/// </summary>
public sealed class PlotlyFigure
{
    internal PlotlyFigure(string json) => Json = json;

    /// <summary>The figure as plotly.js expects it: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public string Json { get; }

    public string Title => Layout("title") is { ValueKind: JsonValueKind.Object } t && t.TryGetProperty("text", out var s) ? s.GetString() ?? "" : "";
    public int Width => Layout("width")?.GetInt32() ?? 700;
    public int Height => Layout("height")?.GetInt32() ?? 450;

    /// <summary>A div and a script that draws the figure once window.Plotly exists.</summary>
    public string ToHtml()
    {
        string id = "mlp-chart-" + Guid.NewGuid().ToString("N");
        string draw = $"Plotly.newPlot('{id}', figure.data, figure.layout, {{displaylogo: false, responsive: true}});";
        string json = Json.Replace("</", "<\\/"); // a title with "</script>" in it must not end the script
        return $"<div id=\"{id}\" class=\"mlp-chart\" style=\"width:{Width}px;max-width:100%;height:{Height}px\"></div>\n" +
               PlotlyJs.WhenLoaded($"var figure = {json};\n{draw}", id);
    }

    /// <summary>Saves the chart as .png or .svg (rendered by Plotly.NET.ImageExport in headless Chromium).</summary>
    public string SaveImage(string path, int? width = null, int? height = null) => Charts.SaveImage(this, path, width, height);

    public override string ToString() => $"Chart: {Title}";

    JsonElement? Layout(string property)
    {
        using var doc = JsonDocument.Parse(Json);
        return doc.RootElement.TryGetProperty("layout", out var layout) && layout.TryGetProperty(property, out var value)
            ? value.Clone() : null;
    }
}
