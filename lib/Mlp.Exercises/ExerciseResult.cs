using System.Net;

namespace Mlp.Exercises;

/// <summary>
/// What a check says about a student's answer: whether it passed, which exercise it was, and a
/// message (on a pass, what was checked; on a failure, a specific hint). A notebook cell that ends
/// with a check shows it as a green or red box (see <see cref="ToHtml"/>); as text it reads
/// "✅ title: message" or "❌ title: message".
/// </summary>
[TypeFormatterSource(typeof(ExerciseResultFormatterSource))]
public sealed record ExerciseResult(bool Passed, string Title, string Message)
{
    public static ExerciseResult Pass(string title, string message) => new(true, title, message);
    public static ExerciseResult Fail(string title, string hint) => new(false, title, hint);

    /// <summary>"✅" when passed, "❌" otherwise.</summary>
    public string Mark => Passed ? "✅" : "❌";

    public override string ToString() => $"{Mark} {Title}: {Message}";

    /// <summary>A coloured box (green for a pass, red for a hint) for a notebook's HTML output.</summary>
    public string ToHtml()
    {
        var (border, background) = Passed ? ("#2e7d32", "#e8f5e9") : ("#c62828", "#ffebee");
        string message = WebUtility.HtmlEncode(Message).Replace("\n", "<br/>");
        return $"<div class=\"mlp-exercise\" style=\"border-left:6px solid {border};background:{background};color:#222;" +
               $"padding:8px 12px;margin:4px 0;border-radius:4px;font-family:sans-serif\">" +
               $"<b>{Mark} {WebUtility.HtmlEncode(Title)}</b><br/>{message}</div>";
    }
}

// .NET Interactive (the Polyglot Notebooks kernel) finds formatters by convention: an attribute
// named TypeFormatterSourceAttribute on the type, naming a class whose CreateTypeFormatters()
// returns objects with a MimeType and a Format(object, TextWriter) method. Declaring them here
// lets a notebook show ExerciseResult as a coloured box without this library depending on the
// kernel's packages. Anywhere else these classes are inert.

[AttributeUsage(AttributeTargets.Class)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[] PreferredMimeTypes { get; set; } = ["text/html", "text/plain"];
}

internal sealed class ExerciseResultFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
        [new ExerciseResultFormatter("text/html", r => r.ToHtml()), new ExerciseResultFormatter("text/plain", r => r.ToString())];
}

internal sealed class ExerciseResultFormatter(string mimeType, Func<ExerciseResult, string> format)
{
    public string MimeType { get; } = mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not ExerciseResult result) return false;
        writer.Write(format(result));
        return true;
    }
}
