using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>What a cell shows, read as a program reads it: the figures of its charts (plotly.js JSON), the rows of its
/// <see cref="Table"/>s, and the texts a reader sees in its results tables, tables and charts.</summary>
static class CellOutputs
{
    const string FigureStart = "var figure = ";

    /// <summary>The plotly.js figure (<c>{"data": …, "layout": …}</c>) of every chart the cell shows.</summary>
    public static List<JsonElement> Figures(CellResult cell) => Figures(cell.Data("text/html"));

    /// <inheritdoc cref="Figures(CellResult)"/>
    public static List<JsonElement> Figures(IEnumerable<string> html)
    {
        var figures = new List<JsonElement>();
        foreach (var page in html)
            for (int at = page.IndexOf(FigureStart, StringComparison.Ordinal); at >= 0; at = page.IndexOf(FigureStart, at + 1, StringComparison.Ordinal))
            {
                var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(page[(at + FigureStart.Length)..]));
                using var doc = JsonDocument.ParseValue(ref reader);
                figures.Add(doc.RootElement.Clone());
            }
        return figures;
    }

    static readonly Regex TableHtml = new(
        "<table(?<attributes>[^>]*)>(?:<caption[^>]*>(?<caption>.*?)</caption>)?(?:<thead><tr>(?<head>.*?)</tr></thead>)?<tbody>(?<body>.*?)</tbody></table>",
        RegexOptions.Singleline);
    static readonly Regex Cell = new("<t[hd][^>]*>(?<text>.*?)</t[hd]>", RegexOptions.Singleline);

    static string[] Cells(string row) =>
        Cell.Matches(row).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups["text"].Value, "<[^>]+>", "")).Trim()).ToArray();

    /// <summary>The rows of the cell's <see cref="Table"/> captioned <paramref name="caption"/> (as the English code writes it), each column's number by its name.</summary>
    public static List<Dictionary<string, double>> TableRows(CellResult cell, string caption)
    {
        var table = TableHtml.Matches(string.Concat(cell.Data("text/html")))
            .Single(m => WebUtility.HtmlDecode(m.Groups["caption"].Value) == caption);
        var names = Cells(table.Groups["head"].Value);
        return Regex.Matches(table.Groups["body"].Value, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(r => Cells(r.Groups[1].Value).Select((v, i) => (names[i], double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)))
                .ToDictionary(p => p.Item1, p => p.Item2))
            .ToList();
    }

    /// <summary>Every text a reader sees as a label in the cell's outputs, with where it is: the caption and row names of its
    /// results tables (not their values, nor the English <c>data-name</c> kept for programs), the caption, column names and
    /// text cells of its tables, the titles, axis titles, legend names, category names and annotations of its charts (Plotly.NET
    /// and XPlot.Plotly), and the paragraphs (Markdown) it shows.</summary>
    public static IEnumerable<(string Where, string Text)> Labels(CellResult cell)
    {
        foreach (var html in cell.Data("text/html"))
        {
            foreach (Match t in TableHtml.Matches(html))
            {
                // The course's tables (Results, Table), not the kernel's own display of a C# object, whose names are its code's properties.
                if (!t.Groups["attributes"].Value.Contains("border-collapse")) continue;
                bool results = t.Groups["attributes"].Value.Contains("mlp-results");
                string kind = results ? "results table" : "table";
                if (t.Groups["caption"].Success) yield return ($"{kind} caption", WebUtility.HtmlDecode(t.Groups["caption"].Value));
                foreach (var name in Cells(t.Groups["head"].Value)) yield return ($"{kind} column", name);
                foreach (Match row in Regex.Matches(t.Groups["body"].Value, "<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline))
                {
                    var cells = Cells(row.Groups[1].Value);
                    if (results) { if (cells.Length > 0) yield return ("results table name", cells[0]); }
                    else foreach (var text in cells.Where(c => !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                        yield return ("table cell", text);
                }
            }
            foreach (var figure in Figures([html]))
                foreach (var text in ChartTexts(figure)) yield return text;
            foreach (var (where, text) in XPlotTexts(html)) yield return (where, text);
        }
        foreach (var markdown in cell.Data("text/markdown")) yield return ("paragraph", markdown);
    }

    /// <summary>The title, axis titles and trace names of a chart XPlot.Plotly draws (<c>var data = […]; var layout = {…};</c>).</summary>
    static IEnumerable<(string Where, string Text)> XPlotTexts(string html)
    {
        foreach (var (start, where) in new[] { ("var data = ", "XPlot trace"), ("var layout = ", "XPlot layout") })
            for (int at = html.IndexOf(start, StringComparison.Ordinal); at >= 0; at = html.IndexOf(start, at + 1, StringComparison.Ordinal))
            {
                if (Json(html[(at + start.Length)..]) is not { } value) continue;   // a widget's script, not a chart's literal figure
                foreach (var text in Titles(value)) yield return (where, text);
            }
    }

    /// <summary>The JSON value <paramref name="text"/> starts with, or null when it starts with script that is not JSON.</summary>
    static JsonElement? Json(string text)
    {
        if (text.Length == 0 || text[0] is not ('[' or '{')) return null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }

    static IEnumerable<string> Titles(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var item in e.EnumerateArray()) foreach (var t in Titles(item)) yield return t;
        if (e.ValueKind != JsonValueKind.Object) yield break;
        foreach (var p in e.EnumerateObject())
            if (p.Name is "title" or "name" or "text" && p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
            else foreach (var t in Titles(p.Value)) yield return t;
    }

    static IEnumerable<(string Where, string Text)> ChartTexts(JsonElement figure)
    {
        var layout = figure.GetProperty("layout");
        foreach (var (where, text) in Strings(layout, "chart", skip: "template")) yield return (where, text);
        foreach (var trace in figure.GetProperty("data").EnumerateArray())
        {
            if (trace.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) yield return ("chart legend", name.GetString()!);
            foreach (var axis in new[] { "x", "y" })
                if (trace.TryGetProperty(axis, out var values) && values.ValueKind == JsonValueKind.Array)
                    foreach (var v in values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String)) yield return ("chart category", v.GetString()!);
            if (trace.TryGetProperty("text", out var labels))
                foreach (var v in labels.ValueKind == JsonValueKind.Array ? labels.EnumerateArray().ToArray() : [labels])
                    if (v.ValueKind == JsonValueKind.String) yield return ("chart text", v.GetString()!);
        }
    }

    /// <summary>Every "text" string in the layout (titles, axis titles, annotations), but not in <paramref name="skip"/>.</summary>
    static IEnumerable<(string, string)> Strings(JsonElement e, string where, string skip)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == skip) continue;
                if (p.Name == "text" && p.Value.ValueKind == JsonValueKind.String) yield return (where, p.Value.GetString()!);
                else foreach (var s in Strings(p.Value, $"{where} {p.Name}", skip)) yield return s;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) foreach (var s in Strings(item, where, skip)) yield return s;
    }
}
