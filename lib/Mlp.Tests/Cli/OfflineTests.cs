using System.Net;
using System.Net.Sockets;
using Mlp.Data;

namespace Mlp.Tests.Cli;

/// <summary>
/// Issue 11, case 6: MLP_OFFLINE=1 is honoured by `train` and `evaluate` (the CLI's own default
/// used to override it), and the offline message says what to do without naming an API.
/// </summary>
public sealed class OfflineTests : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("mlp-offline-").FullName;
    public void Dispose() => Directory.Delete(_empty, recursive: true);

    /// <summary>A mirror on 127.0.0.1 that counts the connections made to it and closes each at once.</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _connections;
        public CountingListener()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true) { using var c = await _listener.AcceptTcpClientAsync(); Interlocked.Increment(ref _connections); }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            });
        }
        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/mnist/");
        public int Connections => Volatile.Read(ref _connections);
        public void Dispose() => _listener.Stop();
    }

    private static void AssertSaysWhatToDo(string message)
    {
        Assert.Contains("downloading is turned off (MLP_OFFLINE is set)", message);
        Assert.Contains("-- download", message);               // run `download` with a network
        Assert.Contains("copy the four files", message);
        Assert.Contains("MLP_MIRRORS", message);
        Assert.DoesNotContain("AllowDownload", message);
        Assert.DoesNotContain("URLs above", message);
        Assert.DoesNotContain("   at ", message);
    }

    [Fact]
    public void MLP_OFFLINE_train_never_connects_and_says_what_to_do()
    {
        using var mirror = new CountingListener();
        var env = new Dictionary<string, string?> { ["MLP_OFFLINE"] = "1", ["MLP_MIRRORS"] = mirror.Url.ToString() };

        var (exit, stdout, stderr) = CliProcess.Run(env, "train", "--epochs", "1", "--data", _empty);

        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        Assert.Equal(0, mirror.Connections);
        AssertSaysWhatToDo(stderr);
    }

    [Fact]
    public void MLP_OFFLINE_evaluate_never_connects()
    {
        using var mirror = new CountingListener();
        string model = Path.Combine(_empty, "net.mlp");
        ModelFile.Save(Network<float>.Create(784, 8, 10, seed: 1), model, "MNIST");
        var env = new Dictionary<string, string?> { ["MLP_OFFLINE"] = "1", ["MLP_MIRRORS"] = mirror.Url.ToString() };

        var (exit, _, stderr) = CliProcess.Run(env, "evaluate", "--model", model, "--data", _empty);

        Assert.Equal(3, exit);
        Assert.Equal(0, mirror.Connections);
        AssertSaysWhatToDo(stderr);
    }

    [Fact]
    public void The_listener_does_see_a_loader_that_is_allowed_to_connect()
    {
        // The control for the two tests above: the same mirror, downloads allowed, and the connection is counted.
        using var mirror = new CountingListener();
        var options = new DataLoaderOptions { Mirrors = [mirror.Url], LocalSources = [], AllowDownload = true, Log = null };
        Assert.Throws<DataUnavailableException>(() => DataLoader.Load(DatasetInfo.Mnist, _empty, options));
        Assert.True(mirror.Connections >= 1);
    }
}
