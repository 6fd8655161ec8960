using System.Diagnostics;
using System.Globalization;

namespace Mlp.Runner.Grading;

/// <summary>
/// Where a hand-in runs: a bubblewrap (bwrap) sandbox, as an unprivileged user (nobody), with
/// <list type="bullet">
/// <item>only the system (/usr, /etc), the .NET runtime, the kernel tool and the course, all read-only; the teacher's
/// side of the course (lib/Mlp.Tests: solutions and hidden checks), its .git, the hand-ins and the grader's own folders are not there at all;</item>
/// <item>a private, small /tmp and home folder (tmpfs), gone when the kernel ends;</item>
/// <item>no network (its own, empty network namespace), its own PID namespace (it sees and can signal only itself), no session with the grader's terminal;</item>
/// <item>limits: the managed heap (DOTNET_GCHeapHardLimit), the address space, the size of any file, the number of processes of the user;</item>
/// <item>killed with the grader (--die-with-parent).</item>
/// </list>
/// Time is bounded by the grader (per cell and per notebook), which kills the sandbox, and with it everything in it.
/// </summary>
public sealed class Sandbox(string repo, IReadOnlyList<string> hidden, SandboxLimits limits)
{
    public const string Home = "/home/student";

    /// <summary>Where the course is inside the sandbox. Bound at a path of its own, so that the folders above it on the
    /// grader's disk (a home folder, or a temporary folder only its owner may enter) do not keep the sandbox's user out.</summary>
    public const string Course = "/course";

    /// <summary>A path of the course as the sandbox sees it (others as they are).</summary>
    string Inside(string path) => path == repo || path.StartsWith(repo + "/", StringComparison.Ordinal) ? Course + path[repo.Length..] : path;

    /// <summary>Null when bwrap is installed and can make a sandbox here; else why not.</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux()) return "the sandbox (bubblewrap) exists only on Linux";
        if (DieWithRunner.OnPath("bwrap") is null) return "bubblewrap is not installed (Debian/Ubuntu: sudo apt-get install bubblewrap)";
        if (DieWithRunner.OnPath("prlimit") is null || DieWithRunner.OnPath("setpriv") is null) return "prlimit and setpriv (util-linux) are not installed";
        var start = new ProcessStartInfo("setpriv", [.. User, "bwrap", "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"])
        { RedirectStandardError = true, RedirectStandardOutput = true };
        try
        {
            using var probe = Process.Start(start)!;
            string said = probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? null : $"bubblewrap cannot make a sandbox here ({said.Trim()}); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1)";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException) { return e.Message; }
    }

    /// <summary>
    /// Null when the sandbox's user can read the course in <paramref name="repo"/>; else why not. Run as root, the sandbox is
    /// made as the user nobody, who must be able to enter every folder above the course (a folder made by mktemp, or a home
    /// folder, often lets only its owner in).
    /// </summary>
    public static string? WhyUnreachable(string repo)
    {
        if (User.Length == 1) return null; // not root: the sandbox runs as the grader's own user, who reads the course
        var probe = ChildProcess.Run("setpriv", [.. User, "test", "-r", Path.Combine(repo, "notebooks", "setup.csx")], "/");
        if (probe.ExitCode == 0) return null;
        string? closed = null;
        for (var dir = new DirectoryInfo(repo); dir is not null; dir = dir.Parent)
            if (!OperatingSystem.IsWindows() && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0) closed = dir.FullName;
        return $"the sandbox runs each hand-in as the user nobody, who cannot read the course in {repo}" +
               (closed is null ? "" : $" ({closed} lets only its owner in: chmod o+x {closed}, or put the course where every user may read it)");
    }

    /// <summary>The unprivileged user the sandbox runs as, so that the process limit holds (root has none).</summary>
    static string[] User => Environment.UserName == "root" ? ["--reuid=65534", "--regid=65534", "--clear-groups", "--"] : ["--"];

    /// <summary>The kernel's start, wrapped: prlimit, then setpriv (the user), then bwrap.</summary>
    public ProcessStartInfo Wrap(ProcessStartInfo start)
    {
        var args = new List<string>
        {
            $"--nproc={limits.Processes}", $"--as={limits.AddressSpace}", $"--fsize={limits.FileSize}", "--",
            "setpriv",
        };
        args.AddRange(User);
        args.AddRange(new[]
        {
            "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--proc", "/proc", "--dev", "/dev",
        });
        // A private /tmp and /home first: the binds below then show through them, so a course (or a .NET) that lives under
        // /tmp or a home folder is still there inside, and nothing else of the grader's /tmp or /home is.
        args.AddRange(["--size", limits.Scratch.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp"]);
        args.AddRange(["--size", limits.Scratch.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/home"]);
        foreach (var top in new[] { "/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/opt" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, top]);
            else if (Directory.Exists(top)) args.AddRange(["--ro-bind", top, top]);
        }
        // The .NET the kernel runs on, and the kernel tool, where they are outside /usr and /opt (e.g. ~/.dotnet, ~/.nuget).
        string host = Path.IsPathRooted(start.FileName) ? start.FileName : DieWithRunner.OnPath(start.FileName) ?? start.FileName;
        string dotnet = Path.GetDirectoryName(File.Exists(host) ? new FileInfo(host).ResolveLinkTarget(true)?.FullName ?? host : host) ?? "";
        if (dotnet.Length > 1 && !dotnet.StartsWith("/usr/", StringComparison.Ordinal) && !dotnet.StartsWith("/opt/", StringComparison.Ordinal))
            args.AddRange(["--ro-bind", dotnet, dotnet]);
        // The kernel tool, as a copy that the sandbox's user may read (NuGet's folder is often in a home only its owner may enter), at /kernel.
        var kernelArguments = start.ArgumentList.Select(Inside).ToList();   // e.g. the kernel's --working-dir, as the sandbox sees it
        int dll = kernelArguments.FindIndex(a => a.EndsWith(".dll", StringComparison.Ordinal));
        if (dll >= 0)
        {
            string tool = ToolRoot(Path.GetDirectoryName(kernelArguments[dll])!);
            args.AddRange(["--ro-bind", ReadableCopy(tool), "/kernel"]);
            kernelArguments[dll] = "/kernel" + kernelArguments[dll][tool.Length..];
        }
        args.AddRange(["--ro-bind", repo, Course]);
        foreach (var path in hidden.Where(p => Directory.Exists(p) || File.Exists(p)))
            args.AddRange(Directory.Exists(path) ? ["--tmpfs", Inside(path)] : ["--ro-bind", "/dev/null", Inside(path)]);
        args.AddRange(["--dir", Home, "--chdir", Inside(start.WorkingDirectory)]);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Home, ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C.UTF-8", ["USER"] = "student", ["TMPDIR"] = "/tmp",
            ["XDG_DATA_HOME"] = Home + "/.local/share", ["XDG_CACHE_HOME"] = Home + "/.cache", ["XDG_CONFIG_HOME"] = Home + "/.config",
            ["DOTNET_CLI_HOME"] = Home, ["NUGET_PACKAGES"] = Home + "/.nuget/packages",
            ["DOTNET_GCHeapHardLimit"] = limits.Heap.ToString("X", CultureInfo.InvariantCulture),
            // .NET's W^X double-maps code through a memory file, which the file size limit would stop ("Out of memory." at start).
            ["DOTNET_EnableWriteXorExecute"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["MLP_OFFLINE"] = "1",
        };
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root) environment["DOTNET_ROOT"] = root;
        foreach (var (key, value) in environment) args.AddRange(["--setenv", key, value]);
        args.Add("--");
        var kernel = new ProcessStartInfo(start.FileName, kernelArguments) { WorkingDirectory = start.WorkingDirectory };
        var wrapped = DieWithRunner.Wrapped("prlimit", args, kernel);
        wrapped.RedirectStandardInput = wrapped.RedirectStandardOutput = wrapped.RedirectStandardError = true;
        wrapped.StandardOutputEncoding = start.StandardOutputEncoding;
        wrapped.StandardErrorEncoding = start.StandardErrorEncoding;
        wrapped.StandardInputEncoding = start.StandardInputEncoding;
        wrapped.Environment.Clear(); // bwrap --clearenv: only the variables above reach the kernel
        return wrapped;
    }

    /// <summary>A copy of <paramref name="folder"/> that every user may read, made once (in the temporary folder) and reused.</summary>
    static string ReadableCopy(string folder)
    {
        string copy = Path.Combine(Path.GetTempPath(), "mlp-grade-" + string.Join("-", folder.Split(Path.DirectorySeparatorChar).TakeLast(2)));
        string done = Path.Combine(copy, ".complete");
        lock (Locks.Get(copy))
        {
            if (File.Exists(done)) return copy;
            string partial = copy + $".{Environment.ProcessId}.partial";
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                string to = Path.Combine(partial, Path.GetRelativePath(folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to, overwrite: true);
            }
            foreach (var entry in Directory.GetFileSystemEntries(partial, "*", SearchOption.AllDirectories).Append(partial))
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
            File.WriteAllText(Path.Combine(partial, ".complete"), "");
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
            Directory.Move(partial, copy);
            return copy;
        }
    }

    static class Locks
    {
        static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> All = new();
        public static object Get(string key) => All.GetOrAdd(key, _ => new object());
    }

    /// <summary>The folder to bind for a tool: its package version's folder (…/microsoft.dotnet-interactive/1.0.712001), else the folder itself.</summary>
    static string ToolRoot(string folder)
    {
        int tools = folder.IndexOf($"{Path.DirectorySeparatorChar}tools{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        return tools > 0 ? folder[..tools] : folder;
    }
}

/// <summary>What one hand-in may use.</summary>
public sealed record SandboxLimits
{
    /// <summary>The managed heap (DOTNET_GCHeapHardLimit): an allocation beyond it is an OutOfMemoryException in the student's cell.</summary>
    public long Heap { get; init; } = 1L << 30;
    /// <summary>The address space (RLIMIT_AS), which also bounds native allocations; .NET reserves much more than it uses.</summary>
    public long AddressSpace { get; init; } = 64L << 30;
    /// <summary>Any one file (RLIMIT_FSIZE).</summary>
    public long FileSize { get; init; } = 16L << 20;
    /// <summary>Processes and threads of the sandbox's user (RLIMIT_NPROC); the kernel alone runs about 40 threads.</summary>
    public int Processes { get; init; } = 400;
    /// <summary>Each of /tmp and the home folder (tmpfs), which hold the kernel's copy of the library (about 20 MB).</summary>
    public long Scratch { get; init; } = 96L << 20;
}
