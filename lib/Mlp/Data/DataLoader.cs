namespace Mlp.Data;

/// <summary>
/// Loads MNIST or Fashion-MNIST: from the cache folder when its files are there and good,
/// otherwise fetched from a local copy or a mirror, verified, and cached for next time.
/// </summary>
/// <example>
/// <code>
/// DataSplit mnist = DataLoader.Load();                       // the repository's data/mnist
/// DataSplit fashion = DataLoader.Load(DatasetName.FashionMnist);  // data/fashion
/// DataSplit mine = DataLoader.Load(dataDir: "/some/folder");  // a folder holding the four files
/// </code>
/// </example>
/// <remarks>
/// <para>Every file is verified on every load: the decompressed content's size and MD5 must be
/// the canonical ones. The MD5 is computed in the same pass that reads the file, which adds about
/// 0.1 s for all of MNIST, so no stamp files are needed.</para>
/// <para>A damaged cached file is moved aside to <c>&lt;name&gt;.bad-&lt;timestamp&gt;</c> and
/// fetched again. A download goes to a temporary file in the same folder and is renamed into place
/// only once verified, and never over an existing file; so an interrupted or wrong download never
/// leaves a file that passes as good, and several processes can fill the same empty cache at once
/// (each downloads, the first rename wins, the others find a good copy and discard theirs).</para>
/// </remarks>
public static class DataLoader
{
    /// <summary>Loads a built-in data set; see <see cref="LoadAsync(DatasetInfo, string?, DataLoaderOptions?, CancellationToken)"/>.</summary>
    public static DataSplit Load(DatasetName dataset = DatasetName.Mnist, string? dataDir = null, DataLoaderOptions? options = null) =>
        Load(DatasetInfo.For(dataset), dataDir, options);

    /// <summary>Loads the data set <paramref name="info"/> describes; see <see cref="LoadAsync(DatasetInfo, string?, DataLoaderOptions?, CancellationToken)"/>.</summary>
    public static DataSplit Load(DatasetInfo info, string? dataDir = null, DataLoaderOptions? options = null) =>
        LoadAsync(info, dataDir, options).GetAwaiter().GetResult();

    /// <summary>Loads a built-in data set; see <see cref="LoadAsync(DatasetInfo, string?, DataLoaderOptions?, CancellationToken)"/>.</summary>
    public static Task<DataSplit> LoadAsync(DatasetName dataset = DatasetName.Mnist, string? dataDir = null,
        DataLoaderOptions? options = null, CancellationToken cancellationToken = default) =>
        LoadAsync(DatasetInfo.For(dataset), dataDir, options, cancellationToken);

    /// <summary>Loads the training and test sets that <paramref name="info"/> describes.</summary>
    /// <param name="info">The data set: its files, checksums and sources.</param>
    /// <param name="dataDir">
    /// The folder holding (or to receive) the four files; it must exist. Null uses
    /// <c>{data root}/{info.FolderName}</c>, see <see cref="DataDirectory.FindRoot"/>.
    /// </param>
    /// <param name="options">Sources, HTTP client, timeouts and logging; null for the defaults.</param>
    /// <param name="cancellationToken">Stops a download; nothing partial is left behind.</param>
    /// <exception cref="DataUnavailableException">
    /// Files are missing or damaged and no source delivered a good copy, or the folder is missing
    /// or not writable. The message lists the folder, the files, each source tried with its error,
    /// and how to put the files there by hand.
    /// </exception>
    /// <exception cref="DataFormatException">Good-checksum files that still do not fit together (only possible with a custom <paramref name="info"/>).</exception>
    public static async Task<DataSplit> LoadAsync(DatasetInfo info, string? dataDir = null,
        DataLoaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataLoaderOptions();
        var cache = new DataCache(DataDirectory.Resolve(info, dataDir), info);
        var unresolved = new List<string>(); // what is wrong with each file that stays unavailable
        var content = new IdxArray?[info.Files.Count];
        Downloader? downloader = null;
        try
        {
            for (int i = 0; i < content.Length; i++)
            {
                DatasetFile file = info.Files[i];
                var problems = new List<string>();
                content[i] = cache.TryLoad(file, problems);
                problems.ForEach(p => options.Log?.Invoke($"{info.Name}: {p}"));
                if (content[i] is not null)
                    continue;
                downloader ??= new Downloader(info, options);
                content[i] = await downloader.FetchAsync(cache, file, cancellationToken).ConfigureAwait(false);
                if (content[i] is null)
                    unresolved.AddRange(problems.Count > 0 ? problems : [Localized.Format(Strings.LoaderMissing, file.GzipName)]);
            }
        }
        finally
        {
            downloader?.Dispose();
        }

        if (content.Any(c => c is null))
            throw Unavailable(info, cache.Folder, options, content, unresolved, downloader?.Attempts ?? []);
        return new DataSplit(
            LabeledImages.FromIdx($"{info.Name} train", content[0]!, content[1]!),
            LabeledImages.FromIdx($"{info.Name} test", content[2]!, content[3]!));
    }

    private static DataUnavailableException Unavailable(DatasetInfo info, string folder, DataLoaderOptions options,
        IdxArray?[] content, List<string> problems, List<string> attempts)
    {
        string[] names = info.Files.Where((_, i) => content[i] is null).Select(f => f.GzipName).ToArray();
        bool offline = !options.AllowDownload, byEnvironment = DataLoaderOptions.IsOfflineByEnvironment();
        string tried = attempts.Count > 0
            ? Strings.LoaderSourcesTried + "\n" + string.Join("\n", attempts.Select(a => "  - " + a))
            : offline
                ? Localized.Format(Strings.LoaderOffline, byEnvironment ? Localized.Format(Strings.LoaderOfflineVariable, DataLoaderOptions.OfflineVariable) : Strings.LoaderOfflineMode)
                : Strings.LoaderNoSource;
        bool listedUrls = attempts.Any(a => a.StartsWith("http", StringComparison.Ordinal));
        string message =
            Localized.Format(Strings.LoaderUnavailable, info.Name, names.Length == 1 ? Strings.LoaderOneFile : Localized.Format(Strings.LoaderFiles, names.Length), folder) + "\n" +
            string.Join("\n", problems.Select(p => "  - " + p)) + "\n" +
            tried + "\n" +
            Strings.LoaderFix + "\n" +
            (offline
                ? Localized.Format(byEnvironment ? Strings.LoaderFixOfflineVariable : Strings.LoaderFixOfflineMode, info.DownloadCommand, DataLoaderOptions.OfflineVariable)
                : Localized.Format(Strings.LoaderFixOnline, info.DownloadCommand)) + "\n" +
            Localized.Format(Strings.LoaderFixCopy, listedUrls ? Strings.LoaderFixCopyUrls : "", folder, string.Join(", ", info.Files.Select(f => f.GzipName))) + "\n" +
            Localized.Format(Strings.LoaderFixMirror, DataLoaderOptions.MirrorsVariable) + "\n" +
            Strings.SeeDataReadme;
        return new DataUnavailableException(message, folder, names);
    }
}
