using System.Globalization;
using Microsoft.DotNet.Interactive;
using Mlp.Data;

namespace Mlp.Notebook;

/// <summary>A data set a notebook can do without: loaded if it can be had, otherwise one line says so and how to get it.</summary>
public static class OptionalData
{
    /// <summary>The data set, or null after printing <see cref="Unavailable"/> when it cannot be had (missing, damaged, offline).</summary>
    public static DataSplit? LoadOrSay(DatasetInfo info, string? dataDir = null, DataLoaderOptions? options = null)
    {
        // The loader's progress lines (where it looked, what it fetched) are kept back, and passed on only to a log the
        // caller gave: a missing data set is one line, not one per place the loader tried, and a found one says nothing.
        var progress = new List<string>();
        var log = options?.Log;
        try
        {
            var split = DataLoader.Load(info, dataDir, (options ?? new DataLoaderOptions()) with { Log = progress.Add });
            if (log is not null) foreach (var line in progress) log(line);
            return split;
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

    /// <summary>
    /// Shows a paragraph (Markdown) about what a cell computed from the optional data set, in the reader's language (<see cref="Labels"/>). Call it on the branch that ran
    /// with the data, so that a page made without the data set says nothing about results it does not have.
    /// </summary>
    public static void Say(string markdown)
    {
        markdown = Labels.Translate(markdown);   // in the reader's language, like the cell's other texts
        if (KernelInvocationContext.Current is { } context) context.DisplayAs(markdown, "text/markdown");
        else Console.WriteLine(markdown);
    }

    /// <summary>The one line: what is missing, how to get it, and that the rest of the notebook runs without it.</summary>
    public static string Unavailable(DatasetInfo info) =>
        string.Format(CultureInfo.InvariantCulture, Strings.NbOptionalData01, info.Name) +
        (info.LocalSources.Any(s => s.StartsWith("/usr/share/datasets/", StringComparison.Ordinal)) ? string.Format(CultureInfo.InvariantCulture, Strings.NbOptionalData02, info.FolderName) : "") +
        string.Format(CultureInfo.InvariantCulture, Strings.NbOptionalData03, info.DownloadCommand);
}
