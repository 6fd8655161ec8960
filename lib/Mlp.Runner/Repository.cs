using System.Diagnostics;

namespace Mlp.Runner;

/// <summary>The course repository around a folder, and its dotnet tools.</summary>
public static class Repository
{
    /// <summary>The nearest folder at or above <paramref name="start"/> holding lib/Mlp.slnx.</summary>
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "lib", "Mlp.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No lib/Mlp.slnx at or above {start}: run this inside the course repository.");
    }

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
