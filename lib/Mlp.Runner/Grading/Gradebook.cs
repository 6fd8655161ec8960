using System.Globalization;
using System.Net;
using System.Text;

namespace Mlp.Runner.Grading;

/// <summary>
/// The gradebook: <c>gradebook.csv</c> for the school's system (one line per hand-in: the student, the file, the notebook,
/// the score, 1 or 0 per exercise, the seconds taken, and why it was not graded or cut short) and <c>gradebook.html</c> for
/// the teacher (per student, each exercise's result with the hint that applies).
/// </summary>
public static class Gradebook
{
    public const string CsvName = "gradebook.csv", HtmlName = "gradebook.html";

    public static void Write(string folder, IReadOnlyList<SubmissionGrade> grades, IReadOnlyList<(string Notebook, string Step, string Title)> exercises)
    {
        Directory.CreateDirectory(folder);
        var used = exercises.Where(x => grades.Any(g => g.Notebook == x.Notebook)).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "student", "file", "notebook", "score", "max" }.Concat(used.Select(x => $"{Path.GetFileNameWithoutExtension(x.Notebook)}:{x.Step}")).Concat(["seconds", "problem"]).Select(Csv)));
        foreach (var g in grades)
        {
            var cells = new List<string> { g.Student, g.File, g.Notebook ?? "", g.Score.ToString(CultureInfo.InvariantCulture), g.Exercises.Count.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(used.Select(x => x.Notebook == g.Notebook && g.Exercises.FirstOrDefault(e => e.Step == x.Step) is { } e ? (e.Passed ? "1" : "0") : ""));
            cells.Add(g.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            cells.Add(g.Problem ?? "");
            csv.AppendLine(string.Join(",", cells.Select(Csv)));
        }
        File.WriteAllText(Path.Combine(folder, CsvName), csv.ToString(), new UTF8Encoding(true)); // with a BOM: spreadsheets then read UTF-8

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Gradebook</title><style>" +
                    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:6px 8px;vertical-align:top;text-align:left}" +
                    ".pass{background:#e8f5e9}.fail{background:#ffebee}.problem{color:#b71c1c}.n{white-space:nowrap}</style></head><body>");
        html.Append($"<h1>Gradebook</h1><p>{grades.Count} hand-in(s), graded {DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} on the hidden checks. " +
                    "✅ every hidden input right; ❌ the hint that applies (the exercise's own check where it fails, else the first wrong hidden input).</p>");
        html.Append("<table><tr><th>Student</th><th>Notebook</th><th>Score</th><th>Exercises</th><th>Time</th></tr>");
        foreach (var g in grades)
        {
            html.Append($"<tr><td>{E(g.Student)}<br/><small>{E(g.File)}</small></td><td>{E(g.Notebook ?? "—")}</td><td class=\"n\">{(g.Notebook is null ? "—" : $"{g.Score} / {g.Exercises.Count}")}</td><td>");
            if (g.Problem is not null) html.Append($"<p class=\"problem\">{E(g.Problem)}</p>");
            foreach (var e in g.Exercises)
                html.Append($"<div class=\"{(e.Passed ? "pass" : "fail")}\">{(e.Passed ? "✅" : "❌")} <b>{E(e.Title)}</b> ({e.Right}/{e.Total} hidden inputs): {E(e.Hint)}</div>");
            html.Append($"</td><td class=\"n\">{g.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s</td></tr>");
        }
        html.Append("</table></body></html>");
        File.WriteAllText(Path.Combine(folder, HtmlName), html.ToString());
    }

    static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A CSV field (RFC 4180), with a leading quote against spreadsheet formulas ("=…").</summary>
    static string Csv(string text)
    {
        if (text.Length > 0 && "=+-@".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
