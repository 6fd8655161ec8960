using System.Diagnostics;

namespace Mlp.Tests.Cli;

/// <summary>
/// Real file-system faults for tests: a tiny tmpfs that fills up, a read-only bind mount. They need
/// root and the mount command (CI runs as root); <see cref="WhyNot"/> says why they cannot be made here.
/// </summary>
internal sealed class Mount : IDisposable
{
    public string Path { get; }
    private readonly string? _source;

    private Mount(string path, string? source) { Path = path; _source = source; }

    /// <summary>Null when mounts can be made here, otherwise the reason (for a test's Skip).</summary>
    public static string? WhyNot { get; } = Probe();

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "Needs Linux mounts (tmpfs, bind mounts).";
        if (Environment.UserName != "root" && Run("id", "-u").Output.Trim() != "0") return "Needs root to mount a tmpfs or a read-only bind mount (CI runs as root).";
        try
        {
            using var m = Tmpfs(64 << 10);
            return null;
        }
        catch (Exception e)
        {
            return $"Cannot mount here (a container without CAP_SYS_ADMIN?): {e.Message}";
        }
    }

    /// <summary>A fresh tmpfs of <paramref name="bytes"/> bytes.</summary>
    public static Mount Tmpfs(long bytes)
    {
        string dir = Directory.CreateTempSubdirectory("mlp-tmpfs-").FullName;
        Check(Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", dir), "mount tmpfs");
        return new Mount(dir, null);
    }

    /// <summary><paramref name="source"/> seen read-only at a new path.</summary>
    public static Mount ReadOnlyView(string source)
    {
        string dir = Directory.CreateTempSubdirectory("mlp-ro-").FullName;
        Check(Run("mount", "--bind", source, dir), "bind mount");
        var m = new Mount(dir, source);
        try { Check(Run("mount", "-o", "remount,bind,ro", dir), "remount read-only"); }
        catch { m.Dispose(); throw; }
        return m;
    }

    /// <summary>Fills the file system until fewer than <paramref name="leave"/> bytes are free.</summary>
    public void Fill(long leave = 0)
    {
        using var f = new FileStream(System.IO.Path.Combine(Path, $"filler-{Guid.NewGuid():N}"), FileMode.CreateNew);
        var block = new byte[4096];
        try
        {
            while (new DriveInfo(Path).AvailableFreeSpace > leave + block.Length) f.Write(block);
            f.Flush();
        }
        catch (IOException) { } // full already
    }

    public void Dispose()
    {
        Run("umount", Path);
        try { Directory.Delete(Path, recursive: false); } catch (IOException) { } // never recursive: if umount failed, that would delete through the mount
    }

    private static void Check((int Exit, string Output) r, string what)
    {
        if (r.Exit != 0) throw new InvalidOperationException($"{what} failed ({r.Exit}): {r.Output.Trim()}");
    }

    internal static (int Exit, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, output.Result + error.Result);
    }
}

/// <summary>A fact that needs <see cref="Mount"/>; skipped with the reason when mounts cannot be made.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (Mount.WhyNot is string why) Skip = why;
    }

    /// <summary>Also needs the real MNIST in data/mnist.</summary>
    public bool NeedsMnist
    {
        get => false;
        init { if (value && Skip is null && Data.RealMnist.MissingReason() is string why) Skip = why; }
    }
}

/// <summary>Runs the built CLI (Mlp.Cli.dll beside the tests) as its own process, with its own environment.</summary>
internal static class CliProcess
{
    public static (int Exit, string Out, string Err) Run(IDictionary<string, string?> environment, params string[] args) =>
        RunDll(System.IO.Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll"), null, environment, args);

    /// <summary>Runs the CLI at <paramref name="dll"/> from <paramref name="workingDirectory"/> (null: the tests' own).</summary>
    public static (int Exit, string Out, string Err) RunDll(string dll, string? workingDirectory, IDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); throw new TimeoutException("the CLI did not finish in 3 minutes"); }
        return (p.ExitCode, output.Result, error.Result);
    }
}
