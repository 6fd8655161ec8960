namespace Mlp.Notebook;

/// <summary>
/// An interactive cell output that runs entirely in the page: its markup, its data and its script in one piece of
/// HTML, with no CDN and no kernel round trip, so it works in VS Code, Jupyter and the course's HTML pages alike.
/// Every widget has its own element id, so several on one page do not clash. Made by <see cref="Widgets"/>.
/// </summary>
public sealed class Widget
{
    internal Widget(string kind, string html, string description) => (Kind, Html, Description) = (kind, html, description);

    /// <summary>"draw-digit" or "replay".</summary>
    public string Kind { get; }

    /// <summary>The whole output: markup, data and script.</summary>
    public string Html { get; }

    /// <summary>What the widget shows, in words (its text/plain form).</summary>
    public string Description { get; }

    public override string ToString() => Description;

    /// <summary>A new element id, unique on any page.</summary>
    internal static string NewId(string kind) => $"mlp-{kind}-{Guid.NewGuid():N}";

    /// <summary>A script embedded next to this file (Widgets/*.js), with __ID__ replaced by the widget's element id.</summary>
    internal static string Script(string file, string id, IReadOnlyDictionary<string, string>? text = null)
    {
        using var stream = typeof(Widget).Assembly.GetManifestResourceStream("widgets/" + file)
            ?? throw new InvalidOperationException($"The library was built without its widget script {file}.");
        string js = new StreamReader(stream).ReadToEnd().Replace("__ID__", id, StringComparison.Ordinal)
            .Replace("__TEXT__", System.Text.Json.JsonSerializer.Serialize(text ?? new Dictionary<string, string>()), StringComparison.Ordinal);
        return "<script type=\"text/javascript\">\n" + js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "\n</script>";
    }

    const string SizeMark = "__SIZE__";

    /// <summary>A placeholder for the size of the whole output in MB, filled in by <see cref="WithSize"/>.</summary>
    internal const string Size = SizeMark + " MB";

    /// <summary>The HTML with its <see cref="Size"/> placeholder replaced by its own size in MB (UTF-8, to 0.01 MB).</summary>
    internal static string WithSize(string html)
    {
        int bytes = System.Text.Encoding.UTF8.GetByteCount(html) - SizeMark.Length + "0.00".Length;
        return html.Replace(SizeMark, (bytes / 1e6).ToString("F2", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The widget's data as JSON inside the markup; the script reads it with JSON.parse, and tests can read it too.</summary>
    internal static string Data(string json) =>
        "<script type=\"application/json\" class=\"mlp-widget-data\">" + json.Replace("</", "<\\/", StringComparison.Ordinal) + "</script>";
}
