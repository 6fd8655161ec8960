using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>Where the real data sets are, for the tests that use them.</summary>
internal static class RealMnist
{
    /// <summary>Options that never touch the network: tests must not depend on the internet.</summary>
    public static DataLoaderOptions Offline { get; } = new() { AllowDownload = false, LocalSources = [], Log = null };

    /// <summary>Why the real MNIST cannot be tested here, or null if its four files are in place.</summary>
    public static string? MissingReason()
    {
        string folder;
        try
        {
            folder = Path.Combine(DataDirectory.FindRoot(), DatasetInfo.Mnist.FolderName);
        }
        catch (DataUnavailableException e)
        {
            return e.Message;
        }
        string[] missing = DatasetInfo.Mnist.Files
            .Where(f => !File.Exists(Path.Combine(folder, f.GzipName)) && !File.Exists(Path.Combine(folder, f.Name)))
            .Select(f => f.GzipName).ToArray();
        return missing.Length == 0 ? null
            : $"The real MNIST files are not in '{folder}' ({string.Join(", ", missing)} missing): " +
              "run the CLI or a notebook once to download them, or copy them there (see data/README.md). CI always has them.";
    }

    /// <summary>Debian's package dataset-fashion-mnist, if installed.</summary>
    public static string? DebianFashionFolder() =>
        DatasetInfo.FashionMnist.LocalSources.FirstOrDefault(folder =>
            DatasetInfo.FashionMnist.Files.All(f => File.Exists(Path.Combine(folder, f.GzipName))));
}
