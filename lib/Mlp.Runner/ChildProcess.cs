using System.Diagnostics;
using System.Text;

namespace Mlp.Runner;

/// <summary>
/// How the runner starts other programs, the same on every OS. Two things differ on Windows unless they are said:
/// a redirected stream is decoded with the console's code page (so the kernel's UTF-8 σ, →, ✅ would be garbled), and
/// a program that fills one pipe (64 KB on Linux, 4 KB on Windows) while the runner waits on the other never ends.
/// </summary>
public static class ChildProcess
{
    /// <summary>UTF-8 without a byte-order mark: what the kernel writes and reads (a BOM on stdin would reach it as text).</summary>
    public static Encoding Utf8 => Mlp.Platform.Utf8Console.Encoding;

    /// <summary>Sets UTF-8 on each redirected stream of <paramref name="start"/> (ProcessStartInfo.StandardOutputEncoding
    /// etc.; without them .NET decodes with the console's code page on Windows) and returns it.</summary>
    public static ProcessStartInfo WithUtf8(ProcessStartInfo start)
    {
        if (start.RedirectStandardOutput) start.StandardOutputEncoding = Utf8;
        if (start.RedirectStandardError) start.StandardErrorEncoding = Utf8;
        if (start.RedirectStandardInput) start.StandardInputEncoding = Utf8;
        return start;
    }

    /// <summary>Runs a program to its end, reading its stdout and stderr at the same time (UTF-8), and returns what it wrote.</summary>
    public static (int ExitCode, string Output, string Error) Run(string file, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = WithUtf8(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        });
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var error = process.StandardError.ReadToEndAsync();   // both at once: either may fill its pipe first
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
