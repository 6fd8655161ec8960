using System.Text.RegularExpressions;

namespace Mlp.Runner;

/// <summary>
/// The faults of a lab machine, each turned into one clear message (what is full or read-only, what to do) instead of a
/// stack trace or MSBuild's retries: a full disk or quota, and a read-only home folder.
/// </summary>
public static class Faults
{
    static readonly string[] FullDisk = ["No space left on device", "Disk quota exceeded", "not enough space on the disk"];

    /// <summary>True when <paramref name="e"/> means the disk (or the user's quota) is full.</summary>
    public static bool IsDiskFull(Exception e) =>
        e is IOException && (e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027) || IsDiskFull(e.Message));

    /// <summary>True when a program's output (a build's, a kernel's) says the disk or the quota is full.</summary>
    public static bool IsDiskFull(string text) => FullDisk.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>The message for a full disk met while <paramref name="doing"/>; names the file from <paramref name="said"/> when it can.</summary>
    /// <param name="elsewhere">Where else the user may write, if the command has a choice (e.g. "--out FOLDER on another disk").</param>
    public static string DiskFull(string doing, string said, string? folder = null, string? elsewhere = null)
    {
        var file = Regex.Match(said, @"(?:No space left on device|Disk quota exceeded)\s*:\s*'(?<path>[^']+)'");
        string where = file.Success ? file.Groups["path"].Value : folder ?? "";
        string free = where.Length > 0 && Free(where) is { } bytes ? $" ({bytes / 1e6:F1} MB free there now)" : "";
        return $"The disk is full{(where.Length > 0 ? $" where {where} is written" : "")}{free}, so {doing} failed (No space left on device, or the quota is used up). " +
               "Free some space there (delete old outputs, bin/ and obj/ folders, or ask for a bigger quota)" +
               (elsewhere is null ? "" : $", or write elsewhere ({elsewhere})") + ", then run again.";
    }

    static long? Free(string path)
    {
        try
        {
            for (string? dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? path; dir is not null; dir = Path.GetDirectoryName(dir))
                if (Directory.Exists(dir)) return new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>
    /// When the home folder cannot be written (a lab's read-only home), the dotnet CLI (~/.dotnet) and the kernel
    /// (~/.cache, ~/.config, ~/.local/share) would stop with stack traces. This points them (this process and every
    /// program it starts) at a per-user folder under the temporary folder instead, and returns the one line that says
    /// so; null when the home folder is writable or those places are already set elsewhere.
    /// </summary>
    public static string? WorkAroundReadOnlyHome()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length == 0 || Folders.WhyNotWritable(Path.Combine(home, ".dotnet")) is not { } why) return null;
        string instead = Path.Combine(Path.GetTempPath(), $"mlp-home-{Environment.UserName}");
        if (Folders.WhyNotWritable(instead) is { } alsoWhy)
            throw new IOException($"Your home folder {home} is read-only ({why}), and so is {instead} ({alsoWhy}). The dotnet CLI and the " +
                                  "notebook kernel need a folder to write their settings in: set DOTNET_CLI_HOME and XDG_CACHE_HOME, " +
                                  "XDG_CONFIG_HOME, XDG_DATA_HOME to folders you can write to, then run again.");
        var moved = new List<string>();
        foreach (var (variable, folder) in new[] { ("DOTNET_CLI_HOME", ""), ("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", Path.Combine(".local", "share")) })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } set && Folders.WhyNotWritable(set) is null) continue;
            string path = Path.Combine(instead, folder);
            Directory.CreateDirectory(path);
            Environment.SetEnvironmentVariable(variable, path);
            moved.Add(variable);
        }
        // NuGet's packages folder (the kernel tool, restored there) stays where it is: reading it is enough.
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is not { Length: > 0 })
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", Path.Combine(home, ".nuget", "packages"));
        return moved.Count == 0 ? null
            : $"Your home folder {home} is read-only ({why}): the dotnet CLI and the notebook kernel keep their settings in {instead} for this run ({string.Join(", ", moved)}).";
    }

    /// <summary>One clear message for a dotnet tool restore that failed on a full disk or a read-only folder; else its output.</summary>
    public static string RestoreFailed(string output) =>
        IsDiskFull(output) ? DiskFull("installing the notebook kernel tool (dotnet tool restore)", output)
        : Regex.Match(output, @"Read-only file system\s*:\s*'(?<path>[^']+)'") is { Success: true } ro
            ? $"dotnet tool restore could not write {ro.Groups["path"].Value}: it is on a read-only file system. The notebook kernel tool is not installed for this user; " +
              "whoever installed the course should run `dotnet tool restore` once, or set NUGET_PACKAGES to a folder you can write to."
            : "dotnet tool restore failed:\n" + output;
}
