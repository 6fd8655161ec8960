using System.CommandLine;
using System.Text.Json.Nodes;
using Mlp.Data;
using Mlp.Platform;

namespace Mlp.Runner;

/// <summary>
/// <c>mlp-notebooks doctor</c>: "before class, check every laptop". One line per item (the .NET SDK, the notebook
/// kernel, the course folder and the per-user folder, the data, disk space, the CPU and the engine path it takes,
/// a browser), each with a fix where something is missing; exit code 1 when something the course needs is missing.
/// A teacher can ask thirty students to run it in the first five minutes of a class.
/// </summary>
public static class Doctor
{
    /// <summary>Ok: ready. Warn: the course runs, one thing will not (or slowly). Fail: the course will not run until it is fixed.</summary>
    public enum Level { Ok, Warn, Fail }

    public sealed record Item(Level Level, string Name, string Text, string? Fix = null)
    {
        public override string ToString() =>
            $"{(Level switch { Level.Ok => "ok  ", Level.Warn => "warn", _ => "FAIL" })}  {Name,-15} {Text}{(Fix is null ? "" : $" Fix: {Fix}")}";
    }

    /// <summary>The .NET major the course is built for (global.json, the projects' net10.0).</summary>
    public const int DotnetMajor = 10;

    /// <summary>Free space below which a laptop cannot take the build, the kernel's copy of the library and the data.</summary>
    public const long NeededBytes = 1_000_000_000;

    public static Command Command(TextWriter output, TextWriter error)
    {
        var command = new Command("doctor", "Before class: checks this laptop (.NET, the notebook kernel, writable folders, the data, disk space, the CPU's vector level and the engine's path, a browser), one line each with a fix for what is missing");
        command.SetAction(_ => Run(output, error));
        return command;
    }

    static int Run(TextWriter output, TextWriter error)
    {
        string repo;
        try { repo = CourseRepository.Find(); }
        catch (DirectoryNotFoundException e) { error.WriteLine(e.Message); return RunnerCommand.UsageError; }
        output.WriteLine($"Checking this laptop for the course in {repo}:");
        int failed = 0, warned = 0;
        foreach (var check in Checks(repo))
        {
            Item item;
            try { item = check(); }
            catch (Exception e) { item = new(Level.Fail, "(check)", $"a check failed unexpectedly: {e.GetType().Name}: {e.Message}", "tell your teacher, with this line."); }
            output.WriteLine(item);
            if (item.Level == Level.Fail) failed++;
            if (item.Level == Level.Warn) warned++;
        }
        output.WriteLine(failed > 0 ? $"{failed} problem(s) to fix before class{(warned > 0 ? $", {warned} warning(s)" : "")}: see the Fix on each FAIL line."
            : warned > 0 ? $"Ready for class, with {warned} warning(s)." : "Ready for class: everything is in place.");
        return failed > 0 ? 1 : 0;
    }

    static IEnumerable<Func<Item>> Checks(string repo) =>
    [
        () => Dotnet(repo), () => Kernel(repo), () => CourseFolder(repo), () => UserFolder(repo),
        Data, () => Disk(repo), Cpu, BrowserItem,
    ];

    /// <summary>The SDK that `dotnet` picks in the repository (global.json: 10.0.100 or any newer major).</summary>
    static Item Dotnet(string repo)
    {
        var (exit, output, err) = ChildProcess.Run(Repository.Dotnet, ["--version"], repo);
        string said = (output + err).Trim();
        return DotnetItem(exit == 0 ? said : null, said.Split('\n')[0].Trim());
    }

    /// <summary>The .NET line for the SDK version `dotnet --version` printed (null when it failed, saying <paramref name="said"/>).</summary>
    public static Item DotnetItem(string? sdkVersion, string said)
    {
        const string install = "install the .NET 10 SDK or newer from https://dot.net (a newer major, such as .NET 11, works too).";
        if (sdkVersion is null)
            return new(Level.Fail, ".NET", $"no usable .NET SDK: `dotnet --version` said \"{said}\".", install);
        if (!Version.TryParse(sdkVersion.Split('-', '+')[0], out var version))
            return new(Level.Fail, ".NET", $"`dotnet --version` printed \"{said}\", which is not a version.", install);
        if (version.Major < DotnetMajor)
            return new(Level.Fail, ".NET", $"SDK {sdkVersion} is older than .NET {DotnetMajor}, which the course needs.", install);
        return new(Level.Ok, ".NET", $"SDK {sdkVersion} (this program runs on .NET {Environment.Version}).");
    }

    /// <summary>The notebook kernel VS Code and the runner use: the dotnet-interactive tool of .config/dotnet-tools.json.</summary>
    static Item Kernel(string repo)
    {
        string manifest = Path.Combine(repo, ".config", "dotnet-tools.json");
        string? wanted = File.Exists(manifest)
            ? JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?["microsoft.dotnet-interactive"]?["version"]?.GetValue<string>() : null;
        var (exit, output, err) = ChildProcess.Run(Repository.Dotnet, ["tool", "run", "dotnet-interactive", "--", "--version"], repo);
        string version = output.Trim().Split('+')[0];
        if (exit != 0 || version.Length == 0)
            return new(Level.Fail, "kernel", $"the notebook kernel (dotnet-interactive {wanted}) is not installed: {(err + output).Trim().Split('\n')[0].Trim()}",
                $"run `dotnet tool restore` in {repo} (once, with internet); VS Code also needs the Polyglot Notebooks extension.");
        return new(Level.Ok, "kernel", $"dotnet-interactive {version} (the Polyglot Notebooks kernel).");
    }

    static Item CourseFolder(string repo) =>
        Folders.WhyNotWritable(Path.Combine(repo, "lib", "Mlp.Notebook", "bin")) is string why
            ? new(Level.Ok, "course folder", $"{repo} is read-only ({why}): a lab install; the notebooks use the per-user folder below, " +
                                            "and the library must have been built there once (lib/Mlp.Notebook/bin/Release).")
            : new(Level.Ok, "course folder", $"{repo} (writable).");

    /// <summary>Where the setup cell copies the library and the runner writes pages when the course folder is read-only
    /// (a failure then; a warning while the course folder is writable and nothing needs it).</summary>
    static Item UserFolder(string repo)
    {
        string folder = CourseRepository.UserFolder(repo);
        if (Folders.WhyNotWritable(folder) is not string why) return new(Level.Ok, "per-user folder", $"{folder} (writable).");
        bool needed = Folders.WhyNotWritable(Path.Combine(repo, "lib", "Mlp.Notebook", "bin")) is not null;
        return new(needed ? Level.Fail : Level.Warn, "per-user folder",
            $"{folder} is not writable ({why})" + (needed ? ", and the course folder is read-only." : "; nothing needs it while the course folder is writable."),
            $"make it writable; on a lab machine, ask for a profile with a writable {PerUserRoot()}.");
    }

    /// <summary>The per-user root as this OS names it.</summary>
    static string PerUserRoot() => Browser.CurrentOs switch
    {
        Os.Windows => @"%LOCALAPPDATA%",
        Os.MacOS => "~/Library/Application Support",
        _ => "$XDG_DATA_HOME or ~/.local/share",
    };

    static Item Data()
    {
        var info = DatasetInfo.Mnist;
        string folder;
        try { folder = Path.Combine(DataDirectory.FindRoot(), info.FolderName); }
        catch (DataUnavailableException e) { return new(Level.Fail, "data", e.Message, $"run from inside the course folder, or set {DataDirectory.EnvironmentVariable}."); }
        var missing = info.Files.Where(f => !File.Exists(Path.Combine(folder, f.GzipName)) && !File.Exists(Path.Combine(folder, f.Name))).Select(f => f.GzipName).ToArray();
        return missing.Length == 0
            ? new(Level.Ok, "data", $"{info.Name}'s four files are in {folder}.")
            : new(Level.Fail, "data", $"{info.Name} is not in {folder}: {string.Join(", ", missing)} missing.",
                $"`{info.DownloadCommand}` (needs internet; about 12 MB), or copy the four files there from a USB stick.");
    }

    static Item Disk(string repo)
    {
        long? free;
        try { free = new DriveInfo(repo).AvailableFreeSpace; }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { free = null; }
        if (free is not long bytes) return new(Level.Warn, "disk space", $"cannot tell the free space on the drive of {repo}.");
        string gb = (bytes / 1e9).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        return bytes < NeededBytes
            ? new(Level.Fail, "disk space", $"{gb} GB free on the drive of {repo}; the build, the kernel's copy of the library and the data need about 1 GB.",
                "free some space (empty the recycle bin or the Downloads folder).")
            : new(Level.Ok, "disk space", $"{gb} GB free.");
    }

    static Item Cpu()
    {
        string text = $"{Kernels.CpuLevel}, {Environment.ProcessorCount} logical processors: training runs {Kernels.PathDescription}.";
        if (Kernels.Enabled && Trainer<float>.Create(new TrainingOptions()).Notice is { } edited) // a step of the lesson was edited (issue 18)
            return new(Level.Warn, "CPU", $"{Kernels.CpuLevel}, {Environment.ProcessorCount} logical processors. {edited}",
                "undo the edit in lib/Mlp/Lesson/ (git checkout lib/Mlp/Lesson/) to train on the fast engine again.");
        return Kernels.Enabled
            ? new(Level.Ok, "CPU", text)
            : new(Level.Warn, "CPU", text, "unset MLP_KERNELS (it is \"off\"): the readable code trains several times slower.");
    }

    static Item BrowserItem() =>
        Browser.Find() is string path
            ? new(Level.Ok, "browser", $"{path} (to save charts as images).")
            : new(Level.Warn, "browser", Browser.Advice("Saving charts as images (everything else works without it)"));
}
