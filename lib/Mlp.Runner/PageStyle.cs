namespace Mlp.Runner;

/// <summary>
/// The look of the course's HTML pages (<see cref="HtmlPage"/>) and slide decks (<see cref="SlideDeck"/>), in one place:
/// the font stack, and the projector mode, on by default, in which every text is readable from the back of a room
/// (at least <see cref="ProjectorTextPx"/> CSS pixels; charts set their own sizes, see Mlp.Charts.Figures.FontSize).
/// </summary>
public static class PageStyle
{
    /// <summary>The fonts of the pages' and decks' text (an edition in another script adds its fonts here).</summary>
    public const string Fonts = "system-ui, -apple-system, \"Segoe UI\", \"Noto Sans\", " + CjkFonts + ", sans-serif";

    /// <summary>Fonts with Traditional Chinese glyphs (the 繁體中文 edition) on Linux, Windows and macOS; the charts name
    /// the same (Mlp.Charts.Figures).</summary>
    public const string CjkFonts = "\"Noto Sans TC\", \"Noto Sans CJK TC\", \"Microsoft JhengHei\", \"PingFang TC\"";

    /// <summary>The fonts of code.</summary>
    public const string CodeFonts = "ui-monospace, \"DejaVu Sans Mono\", Consolas, monospace";

    /// <summary>The smallest text of a page in projector mode, in CSS pixels.</summary>
    public const int ProjectorTextPx = 16;

    /// <summary>A button that turns projector mode off and on (the choice is kept for the next page), labelled <paramref name="label"/> (HTML-encoded here).</summary>
    public static string ProjectorToggle(string label) =>
        """<button type="button" class="projector-toggle" onclick="document.body.classList.toggle('projector');try{localStorage.setItem('mlp-projector',document.body.classList.contains('projector')?'on':'off')}catch(e){}">"""
        + System.Net.WebUtility.HtmlEncode(label)
        + """</button><script>try{if(localStorage.getItem('mlp-projector')==='off')document.body.classList.remove('projector')}catch(e){}</script>""";

    /// <summary>The style sheet of a page. Code lines wrap (nothing is cut off at the page's edge); in projector mode
    /// (the body's class "projector") prose, code, printed output and tables are at least <see cref="ProjectorTextPx"/> px.</summary>
    public static string Page => $$"""
        body { font-family: {{Fonts}}; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 1000px; margin: 0 auto; padding: 1.5em 24px; background: white; box-sizing: border-box; }
        .status { color: #666; font-size: small; }
        .projector-toggle { font: inherit; font-size: small; }
        section { margin: 0.8em 0; }
        .md { line-height: 1.5; }
        .code { border-left: 3px solid #4a7bd0; padding-left: 0.8em; position: relative; }
        .prompt { position: absolute; left: -3.2em; width: 2.8em; text-align: right; color: #999; font-family: {{CodeFonts}}; font-size: small; }
        pre, code { font-family: {{CodeFonts}}; }
        pre { font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.source { background: #f4f6fa; padding: 0.6em; margin: 0 0 0.4em 0; }
        pre.out { margin: 0.2em 0; padding: 0.3em 0.6em; }
        pre.stderr, pre.error { color: #a00; background: #fff0f0; }
        .out img { image-rendering: pixelated; }
        .out { overflow-x: auto; }
        table { border-collapse: collapse; } td, th { padding: 2px 8px; border-bottom: 1px solid #eee; }
        body.projector { font-size: 19px; }
        body.projector .status, body.projector .projector-toggle, body.projector .prompt { font-size: {{ProjectorTextPx}}px; }
        body.projector pre, body.projector .out pre, body.projector .out table, body.projector .out details summary { font-size: {{ProjectorTextPx}}px !important; }
        body.projector .out div[style*="font-size:small"] { font-size: {{ProjectorTextPx}}px !important; }
        """;

    /// <summary>The slides' style on top of reveal.js's white theme: the same fonts as the pages, text of at least
    /// 20 px on a 1280×720 slide, top-aligned slides, and an output too tall for its slide scrolls inside it.</summary>
    public static string Slides => $$"""
        .reveal { --r-main-font: {{Fonts}}; --r-heading-font: {{Fonts}}; --r-code-font: {{CodeFonts}};
                  --r-main-font-size: 30px; --r-heading-text-transform: none; --r-heading-font-weight: 700; }
        .reveal .slides section { text-align: left; }
        .reveal h1 { font-size: 52px; } .reveal h2 { font-size: 44px; } .reveal h3 { font-size: 36px; } .reveal h4 { font-size: 32px; }
        .reveal .mlp-subtitle { font-size: 24px; font-weight: 600; color: #555; margin-bottom: 10px; }
        .reveal .mlp-slide-output { max-height: 650px; overflow-y: auto; overflow-x: auto; font-size: 20px; }
        .reveal .mlp-slide-output pre.out { font-size: 20px; line-height: 1.35; white-space: pre-wrap; box-shadow: none; margin: 0 0 8px 0; width: auto; }
        .reveal .mlp-slide-output pre.error, .reveal .mlp-slide-output pre.stderr { color: #a00; }
        .reveal .mlp-slide-output img { image-rendering: pixelated; margin: 0; }
        .reveal .mlp-slide-output table { font-size: 20px !important; }
        .reveal .mlp-chart { margin: 0 auto; }
        .reveal .mlp-slide-output .mlp-draw-digit { zoom: 1.35; }
        .reveal .katex-display { margin: 0.4em 0; }
        .reveal pre { white-space: pre-wrap; }
        """;
}
