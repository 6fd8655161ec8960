using System.Text.Json.Nodes;

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
        if (exitCode != 0) throw new InvalidOperationException(Faults.RestoreFailed(output + error));
    }

    /// <summary>
    /// The kernel's own program: the Microsoft.dotnet-interactive tool that .config/dotnet-tools.json names, found in
    /// NuGet's packages folder (NUGET_PACKAGES, else ~/.nuget/packages) after <see cref="RestoreTools"/>; null if it is not
    /// there. The runner starts it with the dotnet host itself (as `dotnet tool run` would, rolling forward to a newer
    /// .NET) so that the kernel is the runner's own child: `dotnet tool run` starts it as a grandchild, which a signal
    /// to the runner would leave running.
    /// </summary>
    /// <returns>The DLL, and whether the manifest lets it roll forward to a newer major .NET ("rollForward": true); null if not found.</returns>
    public static (string Dll, bool RollForward)? Kernel(string repo)
    {
        try
        {
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, ".config", "dotnet-tools.json")));
            var tool = manifest?["tools"]?["microsoft.dotnet-interactive"];
            string? version = tool?["version"]?.GetValue<string>();
            if (version is null) return null;
            bool rollForward = tool?["rollForward"]?.GetValue<bool>() == true;
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string tools = Path.Combine(packages, "microsoft.dotnet-interactive", version, "tools");
            string? dll = Directory.Exists(tools)
                ? Directory.GetFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).Order().LastOrDefault()
                : null;
            return dll is null ? null : (dll, rollForward);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException) { return null; }
    }
}
