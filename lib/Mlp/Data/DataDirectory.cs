namespace Mlp.Data;

/// <summary>
/// Finds the folder a data set lives in: the repository's <c>data/mnist/</c> (or
/// <c>data/fashion/</c>) wherever the code runs from.
/// </summary>
/// <remarks>
/// Notebooks run with the current folder <c>notebooks/</c>, the CLI from the repository root, tests
/// from <c>lib/Mlp.Tests/bin/...</c>; all of them find the same folder.
/// </remarks>
public static class DataDirectory
{
    /// <summary>An environment variable that, when set, names the data root (the folder holding <c>mnist/</c>).</summary>
    public const string EnvironmentVariable = "MLP_DATA_DIR";

    /// <summary>
    /// The data root: <c>$MLP_DATA_DIR</c> if set; otherwise the <c>data</c> folder of the course
    /// repository (<see cref="CourseRepository"/>), looking upward from the current folder and then
    /// from the program's and this library's own location.
    /// </summary>
    /// <exception cref="DataUnavailableException">No such folder was found.</exception>
    public static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);

        var starts = CourseRepository.Starts;
        foreach (string start in starts)
            if (FindRepositoryData(start) is string found)
                return found;

        throw new DataUnavailableException(
            Localized.Format(Strings.DirNoRoot, string.Join(Strings.ListAnd, starts.Select(s => Localized.Format(Strings.Quoted, s))), CourseRepository.Marker, EnvironmentVariable),
            folder: "", fileNames: []);
    }

    /// <summary>
    /// The folder for <paramref name="info"/>: <paramref name="dataDir"/> when given (it must
    /// exist: a typo should not start a download somewhere unexpected), otherwise
    /// <c>{root}/{info.FolderName}</c>, created if it is missing.
    /// </summary>
    /// <exception cref="DataUnavailableException">The folder does not exist or cannot be created.</exception>
    public static string Resolve(DatasetInfo info, string? dataDir)
    {
        if (dataDir is not null)
        {
            string explicitFolder = Path.GetFullPath(dataDir);
            if (!Directory.Exists(explicitFolder))
                throw new DataUnavailableException(
                    Localized.Format(Strings.DirMissing, explicitFolder, File.Exists(explicitFolder) ? Strings.DirIsFile : "", info.Name),
                    explicitFolder, FileNames(info));
            return explicitFolder;
        }

        string root = FindRoot();
        if (!Directory.Exists(root))
            throw new DataUnavailableException(
                Localized.Format(Strings.DirEnvMissing, root, EnvironmentVariable),
                root, FileNames(info));
        string folder = Path.Combine(root, info.FolderName);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataUnavailableException(
                Localized.Format(Strings.DirCannotCreate, folder, e.Message, EnvironmentVariable),
                folder, FileNames(info), e);
        }
        return folder;
    }

    /// <summary>The data/ folder of the repository (<see cref="CourseRepository"/>) at or above <paramref name="start"/>, or null.</summary>
    internal static string? FindRepositoryData(string start) =>
        CourseRepository.FindFrom(start) is { } repo && Directory.Exists(Path.Combine(repo, "data")) ? Path.Combine(repo, "data") : null;

    private static IReadOnlyList<string> FileNames(DatasetInfo info) => info.Files.Select(f => f.GzipName).ToArray();
}
