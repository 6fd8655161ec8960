using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Markdig;

namespace Mlp.Runner;

/// <summary>
/// A self-contained page for an executed notebook that renders offline: markdown as HTML (LaTeX typeset by
/// KaTeX), code, and outputs. plotly.js and KaTeX (with its fonts as data URIs) are embedded once in the head;
/// the copy of plotly.js the setup cell put among the outputs is left out.
/// </summary>
public static class HtmlPage
{
    const string PlotlyLoaderMarker = "data-mlp-plotly-loader"; // Mlp.Notebook.PlotlyJs.LoaderMarker

    internal static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    internal static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);
    internal static readonly Lazy<string> KatexCss = new(LoadKatexCss);

    public static string Render(NotebookResult result)
    {
        var body = new StringBuilder();
        var byIndex = result.Cells.ToDictionary(c => c.Index);
        var cells = result.Notebook.Cells;
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cell.Type == "markdown") { body.Append("<section class=\"md\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n"); continue; }
            if (!cell.IsCode) continue;
            byIndex.TryGetValue(i, out var ran);
            body.Append("<section class=\"code\"><div class=\"prompt\">").Append(ran is null ? "[ ]" : $"[{ran.Number}]").Append("</div>");
            body.Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>");
            foreach (var output in cell.Outputs.OfType<JsonObject>()) body.Append(Output(output));
            body.Append("</section>\n");
        }
        string title = WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(result.Notebook.Name));
        var language = Editions.CultureOf(result.Notebook.Path) is { } edition ? new CultureInfo(edition) : CultureInfo.InvariantCulture;
        string status = result.Succeeded
            ? string.Format(CultureInfo.InvariantCulture, Strings.ResourceManager.GetString("PageRanIn", language)!, result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture))
            : string.Format(CultureInfo.InvariantCulture, Strings.ResourceManager.GetString("PageFailedIn", language)!, result.Failure!.Number);
        return $$"""
            <!DOCTYPE html>
            <html lang="{{Language(result.Notebook.Path)}}"><head><meta charset="utf-8"><title>{{title}}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>{{PageStyle.Page}}</style>
            <style>{{KatexCss.Value}}</style>
            <script type="text/javascript">{{Resource("katex/katex.min.js")}}</script>
            <script type="text/javascript">(function (define, module, exports) {
            {{PlotlyJs.Value}}
            }).call(window);</script>
            </head><body class="projector"><main>
            <p class="status">{{title}}.ipynb · {{status}} · {{DateTime.Now:yyyy-MM-dd HH:mm}} · {{PageStyle.ProjectorToggle(Strings.ResourceManager.GetString("PageProjectorToggle", language)!)}}</p>
            {{body}}
            </main>
            <script type="text/javascript">{{RenderMath}}</script>
            </body></html>
            """;
    }

    /// <summary>The page's language: its edition's (zh-Hant-TW for notebooks/zh-TW/), else English.</summary>
    static string Language(string notebookPath) => Editions.CultureOf(notebookPath) switch
    {
        "zh-TW" => "zh-Hant-TW",
        { } culture => culture,
        null => "en",
    };

    internal static string Output(JsonObject output)
    {
        string type = output["output_type"]?.GetValue<string>() ?? "";
        if (type == "stream")
            return $"<pre class=\"out {output["name"]}\">{WebUtility.HtmlEncode(output["text"]?.GetValue<string>())}</pre>";
        if (type == "error")
            return $"<pre class=\"out error\">{WebUtility.HtmlEncode(output["evalue"]?.GetValue<string>())}</pre>";
        if (output["data"] is not JsonObject data) return "";
        string? Get(string mime) => data[mime]?.GetValue<string>();
        if (Get("text/html") is { } html)
            return html.Contains(PlotlyLoaderMarker) ? "" : $"<div class=\"out html\">{html}</div>";
        if (Get("image/png") is { } png) return $"<div class=\"out\"><img alt=\"output image\" src=\"data:image/png;base64,{png}\"></div>";
        if (Get("image/svg+xml") is { } svg) return $"<div class=\"out\">{svg}</div>";
        if (Get("text/markdown") is { } md) return $"<div class=\"out\">{Markdig.Markdown.ToHtml(md, Markdown)}</div>";
        if (Get("text/plain") is { } text) return $"<pre class=\"out\">{WebUtility.HtmlEncode(text)}</pre>";
        return "";
    }

    static string LoadPlotlyJs()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".min.js"));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    // Markdig writes $x$ as <span class="math">\(x\)</span> and $$x$$ as <div class="math">\[x\]</div>.
    internal const string RenderMath = """
        document.querySelectorAll('.md .math').forEach(function (el) {
          var tex = el.textContent.trim().slice(2, -2);
          try { katex.render(tex, el, { displayMode: el.tagName === 'DIV', throwOnError: false }); } catch (e) { }
        });
        """;

    internal static string Resource(string name)
    {
        using var stream = typeof(HtmlPage).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing resource {name}");
        return new StreamReader(stream).ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>KaTeX's style sheet with its .woff2 fonts inlined as data URIs (the .woff and .ttf fallbacks dropped).</summary>
    static string LoadKatexCss()
    {
        string css = Regex.Replace(Resource("katex/katex.min.css"), @",url\(fonts/[^)]+\.(woff|ttf)\) format\(""(woff|truetype)""\)", "");
        return Regex.Replace(css, @"url\(fonts/([^)]+\.woff2)\)", m =>
        {
            using var font = typeof(HtmlPage).Assembly.GetManifestResourceStream("katex/fonts/" + m.Groups[1].Value)!;
            using var bytes = new MemoryStream();
            font.CopyTo(bytes);
            return $"url(data:font/woff2;base64,{Convert.ToBase64String(bytes.ToArray())})";
        });
    }
}
