namespace Mlp.Data;

/// <summary>
/// Finds the course repository: the nearest folder holding <c>lib/Mlp.slnx</c>. The one finder of the
/// processes (the runner, the notebook library, the data loader, the tests); only notebooks/setup.csx keeps its
/// own, since it runs before this library is loaded.
/// </summary>
public static class CourseRepository
{
    /// <summary>The file that marks the repository's root, relative to it.</summary>
    public static readonly string Marker = Path.Combine("lib", "Mlp.slnx");

    /// <summary>The nearest folder at or above <paramref name="start"/> holding lib/Mlp.slnx, or null.</summary>
    public static string? FindFrom(string start)
    {
        if (start.Length == 0) return null;
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }

    /// <summary>The folders <see cref="Find"/> looks upward from: the current folder, the program's, this library's.</summary>
    public static IReadOnlyList<string> Starts =>
        new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, AssemblyFolder() }.Where(s => s.Length > 0).Distinct().ToArray();

    /// <summary>The repository around the current folder, else around the running program or this library, or null.</summary>
    public static string? TryFind() => Starts.Select(FindFrom).FirstOrDefault(r => r is not null);

    /// <summary>As <see cref="TryFind"/>, with a message that says what to do when there is none.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the starts holds lib/Mlp.slnx.</exception>
    public static string Find() => TryFind() ?? throw new DirectoryNotFoundException(
        Localized.Format(Strings.RepositoryNotFound, Marker, string.Join(Strings.ListOr, Starts.Select(s => Localized.Format(Strings.Quoted, s)))));

    /// <summary>
    /// Where the course's programs write when the repository is read-only (a lab install): the user's local
    /// application data (else the temp folder), <c>mlp-course/&lt;id&gt;</c> with an id per checkout. notebooks/setup.csx
    /// computes the same folder for its copy of the library.
    /// </summary>
    public static string UserFolder(string repository)
    {
        string id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(repository)))[..12].ToLowerInvariant();
        string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(local.Length > 0 ? local : Path.GetTempPath(), "mlp-course", id);
    }

    private static string AssemblyFolder()
    {
        // Empty when the assembly was loaded from bytes (as some notebook kernels do).
        string location = typeof(CourseRepository).Assembly.Location;
        return location.Length == 0 ? "" : Path.GetDirectoryName(location) ?? "";
    }
}
