namespace Mlp.Tests.Data;

/// <summary>
/// What one loader test needs: a local HTTP server and an empty cache folder. Disposing it stops
/// the server and deletes the folder.
/// </summary>
internal sealed class LoaderSandbox : IAsyncDisposable
{
    public TestServer Server { get; } = new();

    public TempFolder Cache { get; } = new();

    /// <summary>A mirror serving the tiny data set's good files.</summary>
    public Uri GoodMirror => Server.Mirror("good", TestServer.Serve(TinyDataset.Gzipped));

    /// <summary>How many requests went to <paramref name="mirror"/>.</summary>
    public int RequestsTo(string mirror) =>
        Server.Requests.Count(p => p.StartsWith($"/{mirror}/", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Cache.Dispose();
    }
}
