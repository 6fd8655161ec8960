using System.Text;

namespace Mlp.Platform;

/// <summary>
/// Makes a program's console output UTF-8 on every OS, so that 784→64→10, η, σ, ✅ and Chinese paths print as
/// themselves: Windows' console defaults to a code page (437, 850, 1252 …) that turns them into '?'. Linux and
/// macOS already write UTF-8 (unless the locale says otherwise). The CLI and the runner call it first thing.
/// </summary>
public static class Utf8Console
{
    /// <summary>UTF-8 without a byte-order mark (a BOM would be the first bytes of every redirected output).</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static void Use()
    {
        try
        {
            Console.OutputEncoding = Encoding;   // on Windows, SetConsoleOutputCP(65001); also re-creates Console.Out and Console.Error
        }
        catch (IOException)
        {
            // No console to set (a process started without one, on Windows): write UTF-8 to the handles all the same.
            Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), Encoding) { AutoFlush = true });
            Console.SetError(new StreamWriter(Console.OpenStandardError(), Encoding) { AutoFlush = true });
        }
    }
}
