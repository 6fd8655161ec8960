using System.Diagnostics;

namespace Mlp.Data;

/// <summary>
/// Fetches missing files into a <see cref="DataCache"/>: tries each source in order (local copies
/// first, then the mirrors), writes to a temporary file, verifies it, and renames it into place.
/// </summary>
/// <remarks>
/// A mirror that cannot be reached (or stalls) is skipped for the remaining files of the same
/// load, so being offline costs one failed connection per mirror, not one per file.
/// </remarks>
internal sealed class Downloader : IDisposable
{
    private readonly DatasetInfo _info;
    private readonly DataLoaderOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly SourceReader _reader;
    private readonly HashSet<string> _unreachable = [];

    public Downloader(DatasetInfo info, DataLoaderOptions options)
    {
        _info = info;
        _options = options;
        _ownsClient = options.HttpClient is null;
        _http = options.HttpClient ?? SourceReader.CreateDefaultClient(options);
        _reader = new SourceReader(_http, options);
    }

    /// <summary>Every source tried, with its error, for the message if the data stays unavailable.</summary>
    public List<string> Attempts { get; } = [];

    /// <summary>The sources for <paramref name="file"/>, in the order they are tried.</summary>
    public IEnumerable<Uri> SourcesOf(DatasetFile file)
    {
        foreach (string folder in _options.LocalSources ?? _info.LocalSources)
            yield return new Uri(Path.GetFullPath(Path.Combine(folder, file.GzipName)));
        if (!_options.AllowDownload)
            yield break;
        foreach (Uri mirror in _options.Mirrors ?? [.. DataLoaderOptions.MirrorsFromEnvironment(), .. _info.Mirrors])
            yield return new Uri(mirror.AbsoluteUri.EndsWith('/') ? mirror : new Uri(mirror.AbsoluteUri + "/"), file.GzipName);
    }

    /// <summary>
    /// Puts a verified copy of <paramref name="file"/> into the cache and returns its content, or
    /// returns null when no source had a good copy (each failure is added to <see cref="Attempts"/>).
    /// </summary>
    /// <exception cref="DataUnavailableException">The cache folder is not writable.</exception>
    public async Task<IdxArray?> FetchAsync(DataCache cache, DatasetFile file, CancellationToken cancellationToken)
    {
        foreach (Uri source in SourcesOf(file))
        {
            if (_unreachable.Contains(MirrorOf(source)))
            {
                Attempts.Add(Localized.Format(Strings.DownloadSkipped, source));
                continue;
            }
            IdxArray? content = await TryOneAsync(cache, file, source, cancellationToken).ConfigureAwait(false);
            if (content is not null)
                return content;
        }
        return null;
    }

    private async Task<IdxArray?> TryOneAsync(DataCache cache, DatasetFile file, Uri source, CancellationToken cancellationToken)
    {
        string where = source.IsFile ? source.LocalPath : source.ToString();
        _options.Log?.Invoke(Localized.Format(Strings.DownloadFetching, _info.Name, file.GzipName, where));
        var clock = Stopwatch.StartNew();
        (string temporary, FileStream output) = cache.CreateTemporary(file);
        try
        {
            long bytes;
            using (output)
            {
                // Bounds what a wrong source can make us write: a gzip'd file is at most a little
                // larger than its content (incompressible data), a raw one is exactly its content.
                long maxBytes = file.Size + file.Size / 100 + (64 << 10);
                bytes = await _reader.CopyAsync(source, output, maxBytes, cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }
            IdxArray content = cache.ReadVerified(temporary, file);
            cache.Place(temporary, file);
            _options.Log?.Invoke(Localized.Format(Strings.DownloadOk, _info.Name, file.GzipName, bytes, clock.Elapsed.TotalSeconds));
            return content;
        }
        catch (FetchException e)
        {
            if (e.Unreachable)
                _unreachable.Add(MirrorOf(source));
            Failed(where, e.Message);
        }
        catch (DataFormatException e)
        {
            Failed(where, Localized.Format(Strings.DownloadWrongFile, e.Problem));
        }
        catch (IOException e) when (DiskSpace.IsFull(e))
        {
            File.Delete(temporary); // first, so that the message counts the space it held as free
            throw cache.NoSpace(e);
        }
        finally
        {
            File.Delete(temporary); // gone already once placed; a failed or cancelled attempt leaves nothing
        }
        return null;
    }

    /// <summary>The folder part of a file's URL: the mirror it comes from.</summary>
    private static string MirrorOf(Uri source) => new Uri(source, ".").ToString();

    private void Failed(string source, string why)
    {
        Attempts.Add($"{source}: {why}");
        _options.Log?.Invoke(Localized.Format(Strings.DownloadFailed, _info.Name, why));
    }

    public void Dispose()
    {
        if (_ownsClient)
            _http.Dispose();
    }
}
