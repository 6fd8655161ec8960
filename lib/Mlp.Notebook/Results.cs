using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>One named result of a cell: its name (as the code writes it), its value, and how to show it ("P2", "F4", "N0").</summary>
public readonly record struct Result(string Name, object Value, string? Format = null)
{
    public static implicit operator Result((string Name, double Value) r) => new(r.Name, r.Value);
    public static implicit operator Result((string Name, double Value, string Format) r) => new(r.Name, r.Value, r.Format);
    public static implicit operator Result((string Name, float Value) r) => new(r.Name, (double)r.Value);
    public static implicit operator Result((string Name, float Value, string Format) r) => new(r.Name, (double)r.Value, r.Format);
    public static implicit operator Result((string Name, int Value) r) => new(r.Name, r.Value);
    public static implicit operator Result((string Name, int Value, string Format) r) => new(r.Name, r.Value, r.Format);
    public static implicit operator Result((string Name, string Value) r) => new(r.Name, r.Value);
    public static implicit operator Result((string Name, bool Value) r) => new(r.Name, r.Value);

    /// <summary>The value as a reader sees it (culture-invariant).</summary>
    public string Shown => Value switch
    {
        double d when Format is not null => d.ToString(Format, CultureInfo.InvariantCulture),
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        int i => i.ToString(Format ?? "N0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(Format, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };

    /// <summary>The exact value, for a program (round-trip for numbers).</summary>
    public string Exact => Value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };
}

/// <summary>
/// A cell's results as a small table of named values, instead of sentences printed with Console.WriteLine. Each row
/// keeps its name and exact value in the page (<c>data-name</c>, <c>data-value</c>), so a program (the notebook tests)
/// reads a value by its name, whatever language the prose around it is written in: the names come from the code,
/// which every edition of the course shares. The reader sees the caption and names in their language (<see cref="Labels"/>);
/// <c>data-name</c> keeps the English the code writes.
/// </summary>
public static class Results
{
    /// <summary>Displays the values as a two-column table under the cell (as text outside a notebook).</summary>
    public static void Show(string caption, params Result[] results)
    {
        if (KernelInvocationContext.Current is { } context) context.DisplayAs(Html(caption, results), "text/html");
        else Console.WriteLine(Text(caption, results));
    }

    /// <inheritdoc cref="Show(string, Result[])"/>
    public static void Show(params Result[] results) => Show("", results);

    /// <summary>The table as HTML, each row with its name and exact value as data attributes.</summary>
    public static string Html(string caption, IReadOnlyList<Result> results)
    {
        var sb = new StringBuilder("<table class=\"mlp-results\" style=\"border-collapse:collapse;font-size:16px;margin:4px 0\">");
        if (caption.Length > 0) sb.Append($"<caption style=\"text-align:left;padding:2px 0;font-weight:600;white-space:nowrap\">{WebUtility.HtmlEncode(Labels.Translate(caption))}</caption>");
        sb.Append("<tbody>");
        foreach (var r in results)
            sb.Append($"<tr data-name=\"{WebUtility.HtmlEncode(r.Name)}\" data-value=\"{WebUtility.HtmlEncode(r.Exact)}\">")
              .Append($"<td style=\"padding:3px 14px 3px 0;border-bottom:1px solid #eee\">{WebUtility.HtmlEncode(Labels.Translate(r.Name))}</td>")
              .Append($"<td style=\"padding:3px 0;border-bottom:1px solid #eee;text-align:right;font-family:monospace{(r.Value is string ? "" : ";white-space:nowrap")}\">{WebUtility.HtmlEncode(r.Shown)}</td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned text.</summary>
    public static string Text(string caption, IReadOnlyList<Result> results)
    {
        var names = results.Select(r => Labels.Translate(r.Name)).ToArray();
        int width = names.Length == 0 ? 0 : names.Max(n => n.Length);
        var sb = new StringBuilder();
        if (caption.Length > 0) sb.AppendLine(Labels.Translate(caption));
        for (int i = 0; i < results.Count; i++) sb.AppendLine($"{names[i].PadRight(width)}  {results[i].Shown}");
        return sb.ToString();
    }

    static readonly Regex Row = new("<tr data-name=\"(?<name>[^\"]*)\" data-value=\"(?<value>[^\"]*)\">", RegexOptions.Compiled);

    /// <summary>The named values of every results table in <paramref name="html"/> (exact values, as text), in order; a later name wins.</summary>
    public static Dictionary<string, string> Read(IEnumerable<string> html)
    {
        var values = new Dictionary<string, string>();
        foreach (var page in html)
            foreach (Match m in Row.Matches(page))
                values[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        return values;
    }
}
