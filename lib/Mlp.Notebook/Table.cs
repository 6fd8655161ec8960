using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>
/// A small HTML table of a sequence of objects (records, anonymous objects, tuples): one row per
/// object, one column per public property or field, numbers shown to 6 significant digits. The caption, the column
/// names and the text cells are shown in the reader's language (<see cref="Labels"/>).
/// </summary>
public static class Table
{
    /// <summary>Displays the rows as a table under the cell.</summary>
    public static void Show<T>(IEnumerable<T> rows, string? caption = null)
    {
        string html = Html(rows, caption);
        if (KernelInvocationContext.Current is { } context) context.DisplayAs(html, "text/html");
        else Console.WriteLine(Text(rows));
    }

    /// <summary>The table as HTML.</summary>
    public static string Html<T>(IEnumerable<T> rows, string? caption = null)
    {
        var columns = Columns(typeof(T));
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-size:13px;margin:4px 0\">");
        if (caption is not null) sb.Append($"<caption style=\"text-align:left;padding:2px 0\">{WebUtility.HtmlEncode(Labels.Translate(caption))}</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in columns) sb.Append($"<th style=\"text-align:left;padding:3px 10px;border-bottom:2px solid #ccc\">{WebUtility.HtmlEncode(Labels.Translate(c.Name))}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in columns)
            {
                object? v = c.Get(row);
                string align = v is double or float or int or long ? "right" : "left";
                sb.Append($"<td style=\"text-align:{align};padding:3px 10px;border-bottom:1px solid #eee;font-family:monospace\">{WebUtility.HtmlEncode(Format(v))}</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned plain text.</summary>
    public static string Text<T>(IEnumerable<T> rows)
    {
        var columns = Columns(typeof(T));
        var cells = rows.Select(r => columns.Select(c => Format(c.Get(r))).ToArray()).ToList();
        var names = columns.Select(c => Labels.Translate(c.Name)).ToArray();
        var widths = names.Select((name, i) => cells.Select(r => r[i].Length).Append(name.Length).Max()).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", names.Select((name, i) => name.PadRight(widths[i]))));
        foreach (var r in cells) sb.AppendLine(string.Join("  ", r.Select((v, i) => v.PadRight(widths[i]))));
        return sb.ToString();
    }

    internal static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string text => Labels.Translate(text),   // a text cell (a shape's meaning, a parameter's name) in the reader's language
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private sealed record Column(string Name, Func<object?, object?> Get);

    private static List<Column> Columns(Type t)
    {
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => new Column(p.Name, o => o is null ? null : p.GetValue(o)));
        var fields = t.GetFields(BindingFlags.Public | BindingFlags.Instance) // value tuples: Item1, or their names at the call site are lost
            .Select(f => new Column(f.Name, o => o is null ? null : f.GetValue(o)));
        var columns = properties.Concat(fields).ToList();
        return columns.Count > 0 ? columns : [new Column("value", o => o)];
    }
}
