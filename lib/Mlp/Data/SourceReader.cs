using System.Diagnostics;
using System.Net;

namespace Mlp.Data;

/// <summary>
/// Copies one file from one source (an http(s) URL, or a file:// path of a local copy) into a
/// stream, with bounded time and size. Every failure becomes a <see cref="FetchException"/>.
/// </summary>
/// <remarks>
/// The timeouts are applied here, not by the <see cref="HttpClient"/>, so they hold for any client
/// a caller injects: <see cref="DataLoaderOptions.ConnectTimeout"/> until the response headers
/// arrive, <see cref="DataLoaderOptions.StallTimeout"/> for each wait on the next bytes, and
/// <see cref="DataLoaderOptions.DownloadTimeout"/> for the whole file.
/// </remarks>
internal sealed class SourceReader(HttpClient http, DataLoaderOptions options)
{
    /// <summary>Makes the client used when the options give none: no automatic decompression, no overall timeout.</summary>
    public static HttpClient CreateDefaultClient(DataLoaderOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mlp-course-data-loader/1.0");
        return client;
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>; returns the byte count.</summary>
    /// <param name="source">An http(s) URL, or a file:// URI of a local copy.</param>
    /// <param name="destination">Where the bytes go, as they arrive.</param>
    /// <param name="maxBytes">More than this means the source is not the expected file.</param>
    /// <param name="cancellationToken">The caller's cancellation; timeouts are separate.</param>
    /// <exception cref="FetchException">The source failed; the message says how.</exception>
    public Task<long> CopyAsync(Uri source, Stream destination, long maxBytes, CancellationToken cancellationToken) =>
        source.IsFile
            ? CopyLocalAsync(source.LocalPath, destination, maxBytes, cancellationToken)
            : DownloadAsync(source, destination, maxBytes, cancellationToken);

    private static async Task<long> CopyLocalAsync(string path, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FetchException(Strings.FetchNotFound);
        if (info.Length > maxBytes)
            throw new FetchException(Localized.Format(Strings.FetchTooLarge, info.Length, maxBytes));
        FileStream input;
        try
        {
            input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FetchException(Localized.Format(Strings.FetchCannotRead, e.Message), inner: e);
        }
        using (input)
        {
            // Only reading is the source's problem; a failure to write (a full disk) propagates as it is.
            var buffer = new byte[1 << 16];
            while (true)
            {
                int n;
                try
                {
                    n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new FetchException(Localized.Format(Strings.FetchCannotRead, e.Message), inner: e);
                }
                if (n == 0)
                    return info.Length;
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> DownloadAsync(Uri url, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using HttpResponseMessage response = await SendAsync(url, timer, cancellationToken).ConfigureAwait(false);
        CheckResponse(response, maxBytes);
        long? announced = response.Content.Headers.ContentLength;
        using Stream body = await response.Content.ReadAsStreamAsync(timer.Token).ConfigureAwait(false);
        long total = await CopyBodyAsync(body, destination, maxBytes, timer, cancellationToken).ConfigureAwait(false);
        if (announced is long expected && total != expected)
            throw new FetchException(Localized.Format(Strings.FetchClosed, total, expected));
        return total;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, CancellationTokenSource timer, CancellationToken cancellationToken)
    {
        timer.CancelAfter(options.ConnectTimeout);
        try
        {
            return await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException(Localized.Format(Strings.FetchNoResponse, options.ConnectTimeout.TotalSeconds), unreachable: true, e);
        }
        catch (HttpRequestException e)
        {
            bool unreachable = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            throw new FetchException(Localized.Format(unreachable ? Strings.FetchCouldNotConnect : Strings.FetchRequestFailed, Innermost(e).Message), unreachable, e);
        }
    }

    private static void CheckResponse(HttpResponseMessage response, long maxBytes)
    {
        if (!response.IsSuccessStatusCode)
            throw new FetchException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        if (response.Content.Headers.ContentType?.MediaType is "text/html")
            throw new FetchException(Strings.FetchHtml);
        if (response.Content.Headers.ContentLength > maxBytes)
            throw new FetchException(Localized.Format(Strings.FetchAnnouncesTooMuch, response.Content.Headers.ContentLength, maxBytes));
    }

    /// <summary>Copies the body, re-arming the stall timer before each read and stopping at the overall deadline.</summary>
    private async Task<long> CopyBodyAsync(Stream body, Stream destination, long maxBytes,
        CancellationTokenSource timer, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        var clock = Stopwatch.StartNew();
        long total = 0;
        while (true)
        {
            TimeSpan left = options.DownloadTimeout - clock.Elapsed;
            timer.CancelAfter(left < options.StallTimeout ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : options.StallTimeout);
            int n;
            try
            {
                n = await body.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new FetchException(clock.Elapsed >= options.DownloadTimeout
                    ? Localized.Format(Strings.FetchNotFinished, options.DownloadTimeout.TotalSeconds, total)
                    : Localized.Format(Strings.FetchStalled, options.StallTimeout.TotalSeconds, total), unreachable: true, e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new FetchException(Localized.Format(Strings.FetchBroke, total, Innermost(e).Message), inner: e);
            }
            if (n == 0)
                return total;
            total += n;
            if (total > maxBytes)
                throw new FetchException(Localized.Format(Strings.FetchSentTooMuch, maxBytes));
            await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}
