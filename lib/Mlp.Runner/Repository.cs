namespace Mlp.Runner;

/// <summary>The course repository's dotnet tools (finding the repository: Mlp.Data.CourseRepository).</summary>
public static class Repository
{
    /// <summary>
    /// The dotnet host to start tools with: the one the SDK named in DOTNET_HOST_PATH (set for the programs that
    /// `dotnet run` and `dotnet test` start), else "dotnet" (found beside this program, then on the PATH).
    /// </summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Installs the tools of .config/dotnet-tools.json (the notebook kernel); quick when they are there.</summary>
    public static void RestoreTools(string repo)
    {
        var (exitCode, output, error) = ChildProcess.Run(Dotnet, ["tool", "restore"], repo);
        if (exitCode != 0) throw new InvalidOperationException("dotnet tool restore failed:\n" + output + error);
    }
}
