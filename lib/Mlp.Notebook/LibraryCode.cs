using System.Net;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Mlp.Data;

namespace Mlp.Notebook;

/// <summary>
/// Shows the library's own source code in a notebook, read from the file at run time, so the code a
/// notebook shows is always the code that runs.
/// </summary>
public static partial class LibraryCode
{
    /// <summary>
    /// Displays <c>lib/Mlp/{file}</c> (e.g. "Lesson/02-Sigmoid.cs"; see <see cref="PathOf"/>), with comments greyed out. Give
    /// <paramref name="startingAt"/> to show only from the first line containing that text. Give <paramref name="afterExercises"/>
    /// (a notebook's number, "01") to show it only once every exercise of that notebook has passed its check in this kernel:
    /// until then the cell says which checks are still to pass (the teacher's edition, whose checks pass, shows the code).
    /// </summary>
    public static void Show(string file, string? startingAt = null, string? afterExercises = null)
    {
        string path = PathOf(file);
        string text = Excerpt(File.ReadAllText(path), startingAt, path);
        string relative = Path.GetRelativePath(CourseRepository.Find(), path).Replace('\\', '/');
        var context = KernelInvocationContext.Current;
        if (afterExercises is not null && Mlp.Exercises.ExerciseLog.Unsolved(afterExercises) is { Count: > 0 } unsolved)
        {
            string waiting = Waiting(relative, unsolved);
            if (context is null) Console.WriteLine(waiting);
            else context.DisplayAs($"<div class=\"mlp-locked\" style=\"border-left:6px solid #9e9e9e;background:#f5f5f5;color:#222;padding:8px 12px;" +
                                   $"margin:4px 0;border-radius:4px;font-family:sans-serif\">🔒 {WebUtility.HtmlEncode(waiting)}</div>", "text/html");
            return;
        }
        if (context is null) { Console.WriteLine($"// {relative}\n{text}"); return; }
        context.DisplayAs(Html(relative, text), "text/html");
    }

    /// <summary>
    /// The full path of a source file: "Lesson/02-Sigmoid.cs" is lib/Mlp/Lesson/02-Sigmoid.cs, "Data/IdxReader.cs" is
    /// lib/Mlp/Data/IdxReader.cs, and a file of another project ("Mlp.Notebook/Sweep.cs") is taken
    /// from lib/. A clear error when there is no such file.
    /// </summary>
    public static string PathOf(string file)
    {
        string repo = CourseRepository.Find();
        string inLibrary = Path.Combine(repo, "lib", "Mlp", file), inLib = Path.Combine(repo, "lib", file);
        string path = File.Exists(inLibrary) || !File.Exists(inLib) ? inLibrary : inLib;
        // A step's file by its old name ("Sigmoid.cs" for Lesson/02-Sigmoid.cs), so older notebooks still find it.
        string lesson = Path.Combine(repo, "lib", "Mlp", "Lesson");
        if (!File.Exists(path) && !file.Contains('/') && Directory.Exists(lesson) && Directory.GetFiles(lesson, "*-" + file) is [var step]) path = step;
        if (!File.Exists(path))
            throw new FileNotFoundException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.NbLibraryCodeMissing, Path.GetRelativePath(repo, path),
                string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(path)!, "*.cs").Select(Path.GetFileName).Order())), path);
        return path;
    }

    /// <summary>What the cell says while the code is held back.</summary>
    public static string Waiting(string file, IReadOnlyList<string> unsolved) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.NbLibraryCodeWaiting, file, string.Join(Strings.NbLibraryCodeWaitingSeparator, unsolved));

    internal static string Excerpt(string text, string? startingAt, string path)
    {
        text = text.Replace("\r\n", "\n").TrimEnd();
        if (startingAt is null) return text;
        int at = text.IndexOf(startingAt, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException(string.Format(System.Globalization.CultureInfo.InvariantCulture, Strings.NbLibraryCodeNotFound, startingAt, path), nameof(startingAt));
        return text[(text.LastIndexOf('\n', at) + 1)..];
    }

    internal static string Html(string title, string code)
    {
        var lines = WebUtility.HtmlEncode(code).Split('\n').Select(l => Comment().Replace(l, m => $"<span style=\"color:#6a737d\">{m.Value}</span>"));
        return $"""
            <details open style="margin:4px 0"><summary style="cursor:pointer;font-family:monospace">{WebUtility.HtmlEncode(title)}</summary>
            <pre style="background:#f6f8fa;color:#24292e;padding:8px 12px;border-radius:6px;font-size:12px;line-height:1.45;overflow:auto;max-height:42em"><code>{string.Join("\n", lines)}</code></pre></details>
            """;
    }

    [GeneratedRegex(@"//.*$")]
    private static partial Regex Comment();
}
