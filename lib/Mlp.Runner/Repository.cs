using System.Diagnostics;

namespace Mlp.Runner;

/// <summary>The course repository's dotnet tools (finding the repository: Mlp.Data.CourseRepository).</summary>
public static class Repository
{
    /// <summary>Installs the tools of .config/dotnet-tools.json (the notebook kernel); quick when they are there.</summary>
    public static void RestoreTools(string repo)
    {
        var start = new ProcessStartInfo("dotnet", ["tool", "restore"]) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("dotnet tool restore failed:\n" + output);
    }
}
