using System.Text.Json.Nodes;
using Mlp.Notebook.Tests.Infrastructure;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 11, case 2: a machine with only today's .NET. A .NET root holding only the 11.0.0 frameworks (the runtime
/// packs NuGet serves, and their hostfxr) runs the command line, the runner, and a notebook through the kernel:
/// the programs roll forward (RollForward=Major in lib/Directory.Build.props), and so does the kernel tool
/// ("rollForward": true in .config/dotnet-tools.json). There is no SDK 11 here, so `dotnet tool run` is played by a
/// small stand-in that starts the tool the way the SDK does, honouring the manifest's rollForward.
/// </summary>
public class NewerDotnetTests
{
    const string Version = "11.0.0";

    [SkippableFact, System.Runtime.Versioning.SupportedOSPlatform("linux")] // Requires.That below skips it elsewhere
    public void Only_the_NET_11_frameworks_run_the_CLI_and_a_notebook_through_the_kernel()
    {
        Requires.That(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64,
            "the runtime packs used here are linux-x64");
        string repo = CourseNotebooks.Repository;
        string root = DotnetRoot();
        var onlyNet11 = new Dictionary<string, string?>
        {
            ["DOTNET_ROOT"] = root, ["DOTNET_ROLL_FORWARD"] = null, ["DOTNET_MULTILEVEL_LOOKUP"] = "0", ["MLP_OFFLINE"] = "1",
        };
        var frameworks = Run.Process(Path.Combine(root, "dotnet"), ["--list-runtimes"], repo, onlyNet11);
        Assert.Equal([$"Microsoft.AspNetCore.App {Version}", $"Microsoft.NETCore.App {Version}"],
            frameworks.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ').Take(2))).Order());

        // The command line: a short training run.
        string cli = Program(Path.Combine(repo, "lib", "Mlp.Cli"));
        var train = Run.Process(Path.Combine(root, "dotnet"), [cli, "train", "--epochs", "1", "--hidden", "16", "--seed", "1"], repo, onlyNet11);
        Assert.True(train.ExitCode == 0, train.Describe());
        Assert.Contains("\"test_accuracy\"", train.Output);

        // The runner, and through it the kernel tool, on .NET 11 only.
        string kernelTool = KernelToolDll(repo);
        bool rollForward = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, ".config", "dotnet-tools.json")))!
            ["tools"]!["microsoft.dotnet-interactive"]!["rollForward"]!.GetValue<bool>();
        string runner = Program(Path.Combine(repo, "lib", "Mlp.Runner"));
        string output = Directory.CreateTempSubdirectory("mlp-net11-").FullName;
        try
        {
            var ran = RunNotebook(rollForward);
            Assert.True(ran.ExitCode == 0, ran.Describe());
            var executed = Runner.Notebook.Load(Path.Combine(output, "02-sigmoid.ipynb"));
            var html = executed.Cells.SelectMany(c => c.Outputs).Select(o => o?["data"]?["text/html"]?.ToString() ?? "");
            Assert.Equal("0.5", Results.Read(html)["σ(0)"]);   // 02's results table, read by its name
            Console.WriteLine($".NET {Version} only: train in {train.Duration.TotalSeconds:F1} s, 02-sigmoid.ipynb through the kernel in {ran.Duration.TotalSeconds:F1} s");

            // Without roll-forward the kernel cannot start, and the runner shows the kernel's own words, naming the missing framework.
            var refused = RunNotebook(rollForward: false);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("did not start", refused.Error);
            Assert.Contains("Microsoft.NETCore.App", refused.Error);
            Assert.Contains("10.0", refused.Error);
        }
        finally { Directory.Delete(output, recursive: true); }

        ProcessResult RunNotebook(bool rollForward)
        {
            string shim = Directory.CreateTempSubdirectory("mlp-net11-bin-").FullName;
            try
            {
                // `dotnet tool run dotnet-interactive -- ARGS` as the SDK 10 runs a local tool (`dotnet [--roll-forward Major] TOOL.dll ARGS`); `dotnet tool restore` has nothing to do.
                File.WriteAllText(Path.Combine(shim, "dotnet"), $"""
                    #!/bin/sh
                    if [ "$1" = tool ] && [ "$2" = restore ]; then echo "tools restored (stand-in)"; exit 0; fi
                    if [ "$1" = tool ] && [ "$2" = run ] && [ "$3" = dotnet-interactive ]; then
                      shift 3; [ "$1" = -- ] && shift
                      exec "{root}/dotnet" {(rollForward ? "--roll-forward Major " : "")}"{kernelTool}" "$@"
                    fi
                    # The runner starts the kernel's DLL itself (`dotnet [--roll-forward Major] KERNEL.dll stdio`): the same stand-in.
                    if [ "$1" = --roll-forward ] && [ "$2" = Major ]; then case "$3" in *Microsoft.DotNet.Interactive.App.dll) shift 2;; esac; fi
                    case "$1" in *Microsoft.DotNet.Interactive.App.dll) exec "{root}/dotnet" {(rollForward ? "--roll-forward Major " : "")}"$@";; esac
                    exec "{root}/dotnet" "$@"
                    """.Replace("\r", ""));
                File.SetUnixFileMode(Path.Combine(shim, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                // The runner starts tools with the host DOTNET_HOST_PATH names (else the `dotnet` beside itself, which here has no SDK).
                var environment = new Dictionary<string, string?>(onlyNet11)
                {
                    ["PATH"] = $"{shim}:{Environment.GetEnvironmentVariable("PATH")}", ["DOTNET_HOST_PATH"] = Path.Combine(shim, "dotnet"),
                };
                return Run.Process(Path.Combine(root, "dotnet"), [runner, Path.Combine("notebooks", "02-sigmoid.ipynb"), "--out", output], repo, environment);
            }
            finally { Directory.Delete(shim, recursive: true); }
        }
    }

    /// <summary>The built program of a project (Release, as `dotnet test -c Release` and the README build it).</summary>
    static string Program(string project)
    {
        string bin = Path.Combine(project, "bin", "Release", "net10.0");
        if (!Directory.Exists(bin) || Directory.GetFiles(bin, "*.runtimeconfig.json").Length == 0)
        {
            var built = Run.Process("dotnet", ["build", project, "-c", "Release", "-nologo", "-v:q"], project);
            Assert.True(built.ExitCode == 0, built.Describe());
        }
        string config = Directory.GetFiles(bin, "*.runtimeconfig.json").Single();
        Assert.Contains("\"rollForward\": \"Major\"", File.ReadAllText(config));
        return config.Replace(".runtimeconfig.json", ".dll");
    }

    static string NuGetCache => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache ? cache
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The kernel tool's entry DLL in the NuGet cache (restored from the manifest).</summary>
    static string KernelToolDll(string repo)
    {
        Runner.Repository.RestoreTools(repo);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, ".config", "dotnet-tools.json")))!["tools"]!["microsoft.dotnet-interactive"]!;
        string tool = Path.Combine(NuGetCache, "microsoft.dotnet-interactive", manifest["version"]!.GetValue<string>(), "tools");
        return Directory.GetFiles(tool, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).Single();
    }

    /// <summary>
    /// A .NET root with only the 11.0.0 frameworks (toolchain notes, "Newer .NET"): this machine's muxer, the packs'
    /// hostfxr in host/fxr/, and each pack's managed and native files in shared/. Made once per machine, in temp.
    /// </summary>
    static string DotnetRoot()
    {
        string root = Path.Combine(Path.GetTempPath(), $"mlp-dotnet-{Version}-only");
        if (File.Exists(Path.Combine(root, "complete"))) return root;
        // The packs come from the NuGet cache, where .ci/run puts them (tests never download).
        string packages = NuGetCache;
        Requires.That(Directory.Exists(Path.Combine(packages, "microsoft.netcore.app.runtime.linux-x64", Version)) &&
                      Directory.Exists(Path.Combine(packages, "microsoft.aspnetcore.app.runtime.linux-x64", Version)),
            $"the .NET {Version} runtime packs are not in the NuGet cache {packages}: run `dotnet restore .ci/dotnet11/runtime-packs.csproj` once");
        string building = root + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(building)) Directory.Delete(building, recursive: true);
        string muxer = Path.Combine(Path.GetDirectoryName(Environment.ProcessPath!)!, "dotnet");
        if (!File.Exists(muxer)) muxer = Path.Combine(Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? "/usr/share/dotnet", "dotnet");
        Directory.CreateDirectory(building);
        File.Copy(muxer, Path.Combine(building, "dotnet"));
        foreach (var (pack, framework) in new[] { ("microsoft.netcore.app.runtime.linux-x64", "Microsoft.NETCore.App"), ("microsoft.aspnetcore.app.runtime.linux-x64", "Microsoft.AspNetCore.App") })
        {
            string runtimes = Path.Combine(packages, pack, Version, "runtimes", "linux-x64");
            string shared = Path.Combine(building, "shared", framework, Version);
            Directory.CreateDirectory(shared);
            foreach (var file in Directory.GetFiles(Path.Combine(runtimes, "lib", $"net{Version[..4]}")).Concat(
                         Directory.Exists(Path.Combine(runtimes, "native")) ? Directory.GetFiles(Path.Combine(runtimes, "native")) : []))
            {
                if (Path.GetFileName(file) == "libhostfxr.so")
                {
                    Directory.CreateDirectory(Path.Combine(building, "host", "fxr", Version));
                    File.Copy(file, Path.Combine(building, "host", "fxr", Version, "libhostfxr.so"));
                }
                else File.Copy(file, Path.Combine(shared, Path.GetFileName(file)), overwrite: true);
            }
        }
        File.WriteAllText(Path.Combine(building, "complete"), "");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.Move(building, root);
        return root;
    }
}
