using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mlp.Tests.Data;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (a free port), written on a bare socket so that it can
/// misbehave on purpose: drop a connection mid-file, stall, lie about Content-Length.
/// </summary>
/// <remarks>
/// Each "mirror" is a path prefix (<c>http://127.0.0.1:PORT/{name}/</c>) with its own behaviour.
/// Every connection gets one response and is closed. Every wait inside is bounded, and disposing
/// the server stops it (the stalling behaviours wait on the server's stop token).
/// </remarks>
internal sealed class TestServer : IAsyncDisposable
{
    /// <summary>Answers one request for <paramref name="fileName"/> by writing raw HTTP to <paramref name="client"/>.</summary>
    public delegate Task Behaviour(Stream client, string fileName, CancellationToken stop);

    private static readonly TimeSpan LongestStall = TimeSpan.FromSeconds(20);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Behaviour> _mirrors = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    public TestServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Every request path received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Adds a mirror and returns its base URL.</summary>
    public Uri Mirror(string name, Behaviour behaviour)
    {
        _mirrors[name] = behaviour;
        return new Uri($"http://127.0.0.1:{Port}/{name}/");
    }

    /// <summary>A base URL on a port where nothing listens: connections are refused at once.</summary>
    public static Uri ClosedPortMirror()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/mnist/");
    }

    // ---- behaviours ----

    /// <summary>Serves the files (404 for others).</summary>
    public static Behaviour Serve(IReadOnlyDictionary<string, byte[]> files, string contentType = "application/x-gzip") =>
        (client, name, stop) => files.TryGetValue(name, out byte[]? body)
            ? RespondAsync(client, 200, "OK", body, contentType, stop)
            : RespondAsync(client, 404, "Not Found", "no such file"u8.ToArray(), "text/plain", stop);

    /// <summary>Answers every request with this status.</summary>
    public static Behaviour Status(int code, string reason) =>
        (client, _, stop) => RespondAsync(client, code, reason, Encoding.ASCII.GetBytes(reason), "text/plain", stop);

    /// <summary>A captive portal: a login page with status 200, whatever was asked for.</summary>
    public static Behaviour CaptivePortal(string contentType = "text/html") =>
        (client, _, stop) => RespondAsync(client, 200, "OK",
            "<!DOCTYPE html><html><body>Please log in to use the Wi-Fi</body></html>"u8.ToArray(), contentType, stop);

    /// <summary>Announces the full length, sends half, then closes the connection.</summary>
    public static Behaviour DropMidFile(IReadOnlyDictionary<string, byte[]> files) =>
        async (client, name, stop) =>
        {
            byte[] body = files[name];
            await WriteHeadAsync(client, 200, "OK", body.Length, "application/x-gzip", stop);
            await client.WriteAsync(body.AsMemory(0, body.Length / 2), stop);
        };

    /// <summary>Sends the headers and half the file, then goes silent until the server stops.</summary>
    public static Behaviour StallMidFile(IReadOnlyDictionary<string, byte[]> files) =>
        async (client, name, stop) =>
        {
            byte[] body = files[name];
            await WriteHeadAsync(client, 200, "OK", body.Length, "application/x-gzip", stop);
            await client.WriteAsync(body.AsMemory(0, body.Length / 2), stop);
            await client.FlushAsync(stop);
            await Task.Delay(LongestStall, stop);
        };

    /// <summary>Accepts the connection and never answers (until the server stops).</summary>
    public static Behaviour StallBeforeHeaders() => (_, _, stop) => Task.Delay(LongestStall, stop);

    /// <summary>Redirects (302) to the same file on another mirror of this server.</summary>
    public static Behaviour Redirect(string toMirror) =>
        async (client, name, stop) =>
        {
            string head = $"HTTP/1.1 302 Found\r\nLocation: /{toMirror}/{name}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await client.WriteAsync(Encoding.ASCII.GetBytes(head), stop);
        };

    /// <summary>Sends the whole file with a Content-Length off by <paramref name="delta"/>.</summary>
    public static Behaviour WrongContentLength(IReadOnlyDictionary<string, byte[]> files, int delta) =>
        async (client, name, stop) =>
        {
            byte[] body = files[name];
            await WriteHeadAsync(client, 200, "OK", body.Length + delta, "application/x-gzip", stop);
            await client.WriteAsync(body, stop);
        };

    public static async Task RespondAsync(Stream client, int code, string reason, byte[] body, string contentType, CancellationToken stop)
    {
        await WriteHeadAsync(client, code, reason, body.Length, contentType, stop);
        await client.WriteAsync(body, stop);
    }

    private static Task WriteHeadAsync(Stream client, int code, string reason, long length, string contentType, CancellationToken stop)
    {
        string head = $"HTTP/1.1 {code} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n";
        return client.WriteAsync(Encoding.ASCII.GetBytes(head), stop).AsTask();
    }

    // ---- plumbing ----

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _connections.Add(HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string? path = await ReadRequestPathAsync(stream);
                if (path is null)
                    return;
                Requests.Enqueue(path);
                string[] parts = path.TrimStart('/').Split('/', 2);
                if (parts.Length == 2 && _mirrors.TryGetValue(parts[0], out Behaviour? behaviour))
                    await behaviour(stream, parts[1], _stop.Token);
                else
                    await RespondAsync(stream, 404, "Not Found", [], "text/plain", _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    /// <summary>Reads the request head (at most 8 KiB, at most 5 s) and returns the path of "GET /path HTTP/1.1".</summary>
    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var head = new List<byte>();
        var buffer = new byte[1024];
        while (head.Count < 8192)
        {
            int n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
                return null;
            head.AddRange(buffer.AsSpan(0, n));
            string text = Encoding.ASCII.GetString(head.ToArray());
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
                return text.Split(' ', 3)[1];
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await Task.WhenAll([_acceptLoop, .. _connections]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
        _stop.Dispose();
    }
}
