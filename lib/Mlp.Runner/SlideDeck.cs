using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Syntax;

namespace Mlp.Runner;

/// <summary>
/// A reveal.js slide deck of an executed notebook, written beside its HTML page (<c>NAME.slides.html</c>), offline
/// like the page: reveal.js, KaTeX and plotly.js embedded.
/// <list type="bullet">
/// <item>Every Markdown heading starts a slide; the text before the first heading is the title slide.</item>
/// <item>On the slide: the heading, formulas, tables, short lists and short paragraphs (up to <see cref="ShortText"/>
///   characters). Longer prose goes to the speaker notes (S opens the speaker view), with the code of each cell.</item>
/// <item>Each output of a code cell (a chart, a widget, an image, a table, or a cell's printed text) gets a slide of its
///   own below its section's slide (↓), under the section's heading: charts and widgets stay live.</item>
/// </list>
/// Nothing here depends on the notebook's language: headings, prose and outputs are the notebook's own, and the page's
/// language comes from the caller (<see cref="LanguageOf"/>).
/// </summary>
public static class SlideDeck
{
    /// <summary>A paragraph or list up to this many characters (of its Markdown source) stays on its slide.</summary>
    public const int ShortText = 240;

    /// <summary>The slide size reveal.js lays out (then scales to the screen): a 16:9 projector.</summary>
    public const int SlideWidth = 1280, SlideHeight = 720;

    /// <summary>The file name of the deck of <paramref name="notebookName"/> ("07-training.ipynb" → "07-training.slides.html").</summary>
    public static string FileName(string notebookName) => Path.GetFileNameWithoutExtension(notebookName) + ".slides.html";

    /// <summary>The language of a notebook, for the deck's lang attribute: the name of its folder when that is a language
    /// tag (notebooks/zh-TW/01-….ipynb → "zh-TW"), else English.</summary>
    public static string LanguageOf(string notebookPath)
    {
        string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(notebookPath))) ?? "";
        return System.Text.RegularExpressions.Regex.IsMatch(folder, "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$") && folder != "out" ? folder : "en";
    }

    /// <summary>The deck of an executed notebook (its cells with their outputs).</summary>
    public static string Render(Notebook notebook, string? language = null)
    {
        language ??= LanguageOf(notebook.Path);
        var sections = new List<Section>();
        var current = new Section("");
        sections.Add(current);
        foreach (var cell in notebook.Cells)
        {
            if (cell.Type == "markdown")
            {
                foreach (var block in Markdig.Markdown.Parse(cell.Source, HtmlPage.Markdown))
                {
                    string html = BlockHtml(block);
                    if (block is HeadingBlock) sections.Add(current = new Section(html));
                    else if (OnSlide(block)) current.Slide.Append(html);
                    else current.Notes.Append(html);
                }
                continue;
            }
            if (!cell.IsCode || IsSetup(cell.Source)) continue;
            var text = new StringBuilder();
            foreach (var output in cell.Outputs.OfType<JsonObject>())
            {
                string html = HtmlPage.Output(output);
                if (html.Length == 0) continue;
                if (html.StartsWith("<pre", StringComparison.Ordinal)) { text.Append(html); continue; }  // printed text: one slide per cell
                current.Outputs.Add(new OutputSlide(html, cell.Source));
            }
            if (text.Length > 0) current.Outputs.Add(new OutputSlide(text.ToString(), cell.Source));
            else if (!cell.Outputs.Any()) current.Notes.Append(Code(cell.Source));
        }

        var body = new StringBuilder();
        foreach (var section in sections.Where(s => !s.IsEmpty))
        {
            bool stack = section.Outputs.Count > 0;
            if (stack) body.Append("<section>\n");
            body.Append("<section class=\"mlp-main\">").Append(section.Heading)
                .Append("<div class=\"md\">").Append(section.Slide).Append("</div>")
                .Append(Notes(section.Notes.ToString())).Append("</section>\n");
            foreach (var output in section.Outputs)
                body.Append("<section class=\"mlp-output\">").Append(SmallHeading(section.Heading))
                    .Append("<div class=\"mlp-slide-output\" data-prevent-swipe>").Append(output.Html).Append("</div>")
                    .Append(Notes(Code(output.Source))).Append("</section>\n");
            if (stack) body.Append("</section>\n");
        }

        string title = WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(notebook.Name));
        return $$"""
            <!DOCTYPE html>
            <html lang="{{WebUtility.HtmlEncode(language)}}"><head><meta charset="utf-8"><title>{{title}}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>{{Asset("revealjs/reveal.css")}}</style>
            <style>{{Asset("revealjs/theme-white.css")}}</style>
            <style>{{HtmlPage.KatexCss.Value}}</style>
            <style>{{PageStyle.Slides}}</style>
            <script type="text/javascript">{{HtmlPage.Resource("katex/katex.min.js")}}</script>
            <script type="text/javascript">(function (define, module, exports) {
            {{HtmlPage.PlotlyJs.Value}}
            }).call(window);</script>
            <script type="text/javascript">(function (define, module, exports) {
            {{HtmlPage.Resource("revealjs/reveal.js")}}
            }).call(window);</script>
            <script type="text/javascript">(function (define, module, exports) {
            {{HtmlPage.Resource("revealjs/notes.js")}}
            }).call(window);</script>
            </head><body><div class="reveal"><div class="slides">
            {{body}}
            </div></div>
            <script type="text/javascript">{{HtmlPage.RenderMath}}</script>
            <script type="text/javascript">{{Start}}</script>
            </body></html>
            """;
    }

    /// <summary>Starts reveal.js. Each chart on the slide being shown is fitted to the slide, enlarged up to 1.4 times (never
    /// shrunk: a taller one scrolls) with its text, margins and size in proportion, and redrawn: a chart drawn while its slide was
    /// hidden has measured its text as empty.</summary>
    static readonly string Start = $$"""
        Reveal.initialize({ width: {{SlideWidth}}, height: {{SlideHeight}}, margin: 0.02, center: false, hash: true,
                            transition: 'none', plugins: [ RevealNotes ] });
        function mlpScaled(font, k) { return font && font.size ? Object.assign({}, font, { size: font.size * k }) : font; }
        function mlpFit(el) {
          if (!el.layout || !el.layout.width || !el.layout.height) { Plotly.react(el, el.data, el.layout); return; }
          if (!el.dataset.mlpWidth) { el.dataset.mlpWidth = el.layout.width; el.dataset.mlpHeight = el.layout.height; el.dataset.mlpScale = 1; }
          var w = +el.dataset.mlpWidth, h = +el.dataset.mlpHeight;
          var s = Math.max(1, Math.min(1.4, {{SlideWidth - 40}} / w, {{SlideHeight - 110}} / h)), k = s / +el.dataset.mlpScale;
          var L = el.layout, m = L.margin || {};
          var layout = Object.assign({}, L, { width: Math.round(w * s), height: Math.round(h * s) });
          if (k !== 1) {
            layout.font = mlpScaled(L.font || { size: 12 }, k);
            if (L.title && L.title.font) layout.title = Object.assign({}, L.title, { font: mlpScaled(L.title.font, k) });
            if (L.annotations) layout.annotations = L.annotations.map(function (a) { return Object.assign({}, a, { font: mlpScaled(a.font, k) }); });
            if (L.margin) layout.margin = { l: m.l * k, r: m.r * k, t: m.t * k, b: m.b * k };
          }
          var data = k === 1 ? el.data : el.data.map(function (t) { return t.textfont ? Object.assign({}, t, { textfont: mlpScaled(t.textfont, k) }) : t; });
          el.dataset.mlpScale = s;
          el.style.width = layout.width + 'px'; el.style.height = layout.height + 'px'; el.style.maxWidth = 'none';
          Plotly.react(el, data, layout);
        }
        function mlpRedraw() {
          var slide = Reveal.getCurrentSlide();
          if (!slide || !window.Plotly) return;
          slide.querySelectorAll('.js-plotly-plot').forEach(mlpFit);
        }
        Reveal.on('ready', mlpRedraw);
        Reveal.on('slidechanged', mlpRedraw);
        """;

    sealed class Section(string heading)
    {
        public string Heading { get; } = heading;
        public StringBuilder Slide { get; } = new();
        public StringBuilder Notes { get; } = new();
        public List<OutputSlide> Outputs { get; } = [];
        public bool IsEmpty => Heading.Length == 0 && Slide.Length == 0 && Notes.Length == 0 && Outputs.Count == 0;
    }

    sealed record OutputSlide(string Html, string Source);

    /// <summary>Formulas, tables, and short paragraphs and lists stay on the slide; the rest is the speaker's.</summary>
    static bool OnSlide(Block block) => block switch
    {
        MathBlock => true,
        Markdig.Extensions.Tables.Table => true,
        ParagraphBlock or ListBlock or QuoteBlock => block.Span.Length <= ShortText,
        _ => false,
    };

    static bool IsSetup(string source) => source.Contains("setup.csx", StringComparison.Ordinal);

    static string BlockHtml(Block block)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        HtmlPage.Markdown.Setup(renderer);
        renderer.Render(block);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The section's heading, smaller, above each of its output slides.</summary>
    static string SmallHeading(string heading) =>
        heading.Length == 0 ? "" : "<div class=\"mlp-subtitle\">" + System.Text.RegularExpressions.Regex.Replace(heading, "</?h[1-6][^>]*>", "").Trim() + "</div>";

    static string Code(string source) => $"<pre><code>{WebUtility.HtmlEncode(source)}</code></pre>";

    static string Notes(string html) => html.Length == 0 ? "" : $"<aside class=\"notes\"><div class=\"md\">{html}</div></aside>";

    static string Asset(string name) => HtmlPage.Resource(name);
}
