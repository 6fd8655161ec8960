using System.Net;

namespace Mlp.Notebook;

/// <summary>
/// plotly.js for notebooks that must work offline: the setup cell emits it once per notebook run
/// (<see cref="LoaderHtml"/>); each chart's script then waits for <c>window.Plotly</c>.
/// </summary>
public static class PlotlyJs
{
    /// <summary>Marks the loader output, so that the course runner's HTML page can drop it (it embeds plotly.js once in its head).</summary>
    public const string LoaderMarker = "data-mlp-plotly-loader";

    static readonly Lazy<string> Source = new(() => ChartsHost.Figures.PlotlyJs());

    /// <summary>The plotly.js source embedded in Plotly.NET (about 3.6 MB).</summary>
    public static string Code => Source.Value;

    /// <summary>
    /// A script element that defines window.Plotly. The bundle runs with <c>define</c>, <c>module</c> and
    /// <c>exports</c> hidden, so it sets the global even where a page has RequireJS (as Jupyter does).
    /// </summary>
    public static string LoaderHtml() =>
        $"<script type=\"text/javascript\" {LoaderMarker}=\"1\">\n(function (define, module, exports) {{\n" +
        Code.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
        "\n}).call(window);\n</script>\n<div style=\"color:#777;font-size:small\">plotly.js loaded for the charts in this notebook (offline copy).</div>";

    /// <summary>A script that runs <paramref name="javaScript"/> as soon as window.Plotly exists, or after 20 s
    /// writes a hint into the element <paramref name="elementId"/>.</summary>
    public static string WhenLoaded(string javaScript, string elementId) =>
        "<script type=\"text/javascript\">\n(function () {\n" +
        $"  function draw() {{\n{javaScript}\n  }}\n" +
        "  var tries = 0;\n" +
        "  (function wait() {\n" +
        "    if (window.Plotly) { draw(); return; }\n" +
        "    if (++tries < 400) { setTimeout(wait, 50); return; }\n" +
        $"    var el = document.getElementById('{elementId}');\n" +
        "    if (el) el.textContent = 'This chart needs plotly.js, which the first cell of the notebook loads: run that cell, then this one.';\n" +
        "  })();\n})();\n</script>";

    internal static string Escape(string text) => WebUtility.HtmlEncode(text);
}
