using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Mlp.Notebook;

/// <summary>
/// Turns the compiler's "The name 'train' does not exist in the current context" — what a student sees
/// after running a cell before the cells it depends on, or after restarting the kernel — into a hint
/// that says what to run first.
/// </summary>
public static partial class MisuseHints
{
    private static int _registered;

    /// <summary>Adds the hint to the C# kernel once per kernel session (calling it again does nothing).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var csharp = Kernel.Root?.FindKernelByName("csharp") ?? Kernel.Current;
        csharp?.AddMiddleware(async (command, context, next) =>
        {
            bool shown = false;
            using (context.KernelEvents.Subscribe(e =>
            {
                if (shown || e is not DiagnosticsProduced d) return;
                var names = d.Diagnostics.Where(x => x.Code == "CS0103").Select(x => Unknown().Match(x.Message))
                    .Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
                if (names.Count == 0) return;
                shown = true;
                context.DisplayAs(Hint(names), "text/html");
            }))
            {
                await next(command, context);
            }
        });
    }

    internal static string Hint(IReadOnlyList<string> names)
    {
        string list = string.Join(", ", names.Select(n => $"<code>{System.Net.WebUtility.HtmlEncode(n)}</code>"));
        return $"""<div style="border-left:4px solid #d9822b;background:#fff6e5;padding:6px 10px;margin:4px 0">""" +
               string.Format(CultureInfo.InvariantCulture, names.Count == 1 ? Strings.NbMisuseHintsOne : Strings.NbMisuseHintsMany, list) + "</div>";
    }

    [GeneratedRegex(@"The name '([^']+)' does not exist in the current context")]
    private static partial Regex Unknown();
}
