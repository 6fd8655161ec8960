namespace Mlp.Data;

/// <summary>
/// How <see cref="DataLoader"/> fetches missing files. The defaults suit a student's laptop; tests
/// point <see cref="Mirrors"/> at a server on 127.0.0.1 and shorten the timeouts.
/// </summary>
public sealed record DataLoaderOptions
{
    /// <summary>
    /// Mirror base URLs to use instead of the data set's own; null keeps the data set's, after any
    /// given in the environment variable <see cref="MirrorsVariable"/>.
    /// </summary>
    public IReadOnlyList<Uri>? Mirrors { get; init; }

    /// <summary>
    /// <c>MLP_MIRRORS</c>: base URLs (separated by spaces or semicolons) tried before the public mirrors,
    /// e.g. a teacher's laptop serving the four files to a classroom (<c>http://192.168.1.10:8000/</c>).
    /// </summary>
    public const string MirrorsVariable = "MLP_MIRRORS";

    /// <summary>The mirrors named in <see cref="MirrorsVariable"/>; an entry that is not an http(s) URL is a clear error.</summary>
    public static IReadOnlyList<Uri> MirrorsFromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(MirrorsVariable);
        if (string.IsNullOrWhiteSpace(value)) return [];
        return value.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
            Uri.TryCreate(entry, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new ArgumentException(Localized.Format(Strings.MirrorNotUrl, MirrorsVariable, entry))).ToList();
    }

    /// <summary>Local folders to copy from instead of the data set's own; null keeps the data set's.</summary>
    public IReadOnlyList<string>? LocalSources { get; init; }

    /// <summary>
    /// The client to download with; null makes one for the call (with <see cref="ConnectTimeout"/>
    /// as its connect timeout). The loader applies its own timeouts to any client.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// False never touches the network: missing files then fail at once (local sources are still used).
    /// The default is true unless the environment variable <see cref="OfflineVariable"/> is "1" or "true".
    /// </summary>
    public bool AllowDownload { get; init; } = !IsOfflineByEnvironment();

    /// <summary><c>MLP_OFFLINE</c>: "1" or "true" makes every loader offline by default (the notebook tests set it, since tests never download).</summary>
    public const string OfflineVariable = "MLP_OFFLINE";

    internal static bool IsOfflineByEnvironment() =>
        Environment.GetEnvironmentVariable(OfflineVariable) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Longest wait to connect to a mirror and receive its response headers.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the next bytes of a download before giving up on that mirror.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest time for one file from one mirror, however steadily it trickles in.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where progress lines go ("downloading ... from ..."); standard error by default, null for silence.</summary>
    public Action<string>? Log { get; init; } = static line => Console.Error.WriteLine(line);
}
