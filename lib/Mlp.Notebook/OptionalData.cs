using System.Globalization;
using Mlp.Data;

namespace Mlp.Notebook;

/// <summary>A data set a notebook can do without: loaded if it can be had, otherwise one line says so and how to get it.</summary>
public static class OptionalData
{
    /// <summary>The data set, or null after printing <see cref="Unavailable"/> when it cannot be had (missing, damaged, offline).</summary>
    public static DataSplit? LoadOrSay(DatasetInfo info, string? dataDir = null, DataLoaderOptions? options = null)
    {
        try
        {
            return DataLoader.Load(info, dataDir, options);
        }
        catch (DataUnavailableException)
        {
            Console.WriteLine(Unavailable(info));
            return null;
        }
    }

    /// <inheritdoc cref="LoadOrSay(DatasetInfo, string?, DataLoaderOptions?)"/>
    public static DataSplit? LoadOrSay(DatasetName name, string? dataDir = null, DataLoaderOptions? options = null) =>
        LoadOrSay(DatasetInfo.For(name), dataDir, options);

    /// <summary>The one line: what is missing, how to get it, and that the rest of the notebook runs without it.</summary>
    public static string Unavailable(DatasetInfo info) =>
        string.Format(CultureInfo.InvariantCulture, Strings.NbOptionalData01, info.Name) +
        (info.LocalSources.Any(s => s.StartsWith("/usr/share/datasets/", StringComparison.Ordinal)) ? string.Format(CultureInfo.InvariantCulture, Strings.NbOptionalData02, info.FolderName) : "") +
        string.Format(CultureInfo.InvariantCulture, Strings.NbOptionalData03, info.DownloadCommand);
}
