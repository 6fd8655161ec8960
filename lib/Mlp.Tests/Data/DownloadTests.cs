using System.Diagnostics;
using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>
/// The downloader against a real HTTP server on 127.0.0.1 that the test starts (and that stops
/// itself): good files, and every way a mirror or a network can go wrong.
/// </summary>
public sealed class DownloadTests : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, byte[]> Good = TinyDataset.Gzipped;
    private readonly LoaderSandbox _box = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _box.DisposeAsync().AsTask();

    [Fact]
    public void Downloads_missing_files_verifies_and_caches_them()
    {
        TinyLoad.AssertIsTiny(TinyLoad.Load(_box.Cache, _box.GoodMirror));

        Assert.Equal(TinyDataset.GzipNames.Order(), _box.Cache.FileNames());
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
        int requests = _box.Server.Requests.Count;
        TinyLoad.AssertIsTiny(TinyLoad.Load(_box.Cache, _box.GoodMirror));
        Assert.Equal(requests, _box.Server.Requests.Count); // the second load reads the cache only
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(403, "Forbidden")] // what the historic MNIST host often answers
    public void An_http_error_falls_back_to_the_next_mirror(int code, string reason)
    {
        var log = new List<string>();
        Uri failing = _box.Server.Mirror("failing", TestServer.Status(code, reason));

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([failing, _box.GoodMirror], log)));

        Assert.Equal(4, _box.RequestsTo("failing"));
        Assert.Contains(log, line => line.Contains($"HTTP {code} {reason}"));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void A_file_with_the_wrong_checksum_is_refused_and_the_next_mirror_used()
    {
        // Valid IDX files of the right shape, but other pixels: only the checksum can tell.
        var other = new Dictionary<string, byte[]>(Good)
        {
            ["train-images-idx3-ubyte.gz"] = Idx.Gzip(Idx.Images(TinyDataset.TrainCount, TinyDataset.Rows, TinyDataset.Cols, seed: 99)),
        };
        var log = new List<string>();
        Uri wrong = _box.Server.Mirror("wrong", TestServer.Serve(other));

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([wrong, _box.GoodMirror], log)));

        Assert.Contains(log, line => line.Contains("MD5 of its decompressed content"));
        Assert.Equal(1, _box.RequestsTo("good"));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Theory]
    [InlineData("text/html")]                // recognised from the Content-Type
    [InlineData("application/octet-stream")] // recognised from the content itself
    public void A_captive_portal_page_served_with_status_200_is_refused(string contentType)
    {
        Uri portal = _box.Server.Mirror("portal", TestServer.CaptivePortal(contentType));

        var e = TinyLoad.Fails(_box.Cache, portal);

        Assert.Contains("HTML page", e.Message);
        Assert.Empty(_box.Cache.FileNames());
    }

    [Fact]
    public void A_connection_dropped_mid_file_leaves_nothing_and_the_next_mirror_is_used()
    {
        var log = new List<string>();
        Uri dropping = _box.Server.Mirror("dropping", TestServer.DropMidFile(Good));

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([dropping, _box.GoodMirror], log)));

        Assert.Contains(log, line => line.Contains("the connection broke after"));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Theory]
    [InlineData(false, "the server stalled: no data for 1 s")]
    [InlineData(true, "no response within 1 s")]
    public void A_stalled_server_times_out_in_bounded_time_and_the_next_mirror_is_used(bool beforeHeaders, string expected)
    {
        var log = new List<string>();
        Uri stalling = _box.Server.Mirror("stalling", beforeHeaders ? TestServer.StallBeforeHeaders() : TestServer.StallMidFile(Good));
        var options = TinyLoad.Options([stalling, _box.GoodMirror], log) with
        {
            ConnectTimeout = TimeSpan.FromSeconds(1),
            StallTimeout = TimeSpan.FromSeconds(1),
        };
        var clock = Stopwatch.StartNew();

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, options));

        // One timeout only: a server that stalled is skipped for the other three files. The bound stays below the
        // server's 20 s stall, so a client that did not time out fails it, with room for a machine under load.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Equal(1, _box.RequestsTo("stalling"));
        Assert.Contains(log, line => line.Contains(expected));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void A_redirect_is_followed()
    {
        _ = _box.GoodMirror; // the redirect's target
        Uri redirecting = _box.Server.Mirror("moved", TestServer.Redirect("good"));

        TinyLoad.AssertIsTiny(TinyLoad.Load(_box.Cache, redirecting));

        Assert.Equal(4, _box.RequestsTo("moved"));
        Assert.Equal(4, _box.RequestsTo("good"));
    }

    [Theory]
    [InlineData(+100, "the connection broke after")]   // the body ends before the announced length
    [InlineData(-100, "the file is truncated")]        // the client stops at the announced length
    public void A_wrong_content_length_is_caught_and_the_next_mirror_used(int delta, string expected)
    {
        var log = new List<string>();
        Uri lying = _box.Server.Mirror("lying", TestServer.WrongContentLength(Good, delta));

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([lying, _box.GoodMirror], log)));

        Assert.Contains(log, line => line.Contains(expected));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void When_every_mirror_fails_the_message_lists_folder_files_mirrors_and_errors()
    {
        Uri notFound = _box.Server.Mirror("a", TestServer.Status(404, "Not Found"));
        Uri broken = _box.Server.Mirror("b", TestServer.Status(500, "Internal Server Error"));

        var e = TinyLoad.Fails(_box.Cache, notFound, broken);

        Assert.Equal(_box.Cache.Path, e.Folder);
        Assert.Equal(TinyDataset.GzipNames, e.FileNames);
        Assert.Contains(_box.Cache.Path, e.Message);
        foreach (string name in TinyDataset.GzipNames)
        {
            Assert.Contains($"{name}: missing", e.Message);
            Assert.Contains($"{notFound}{name}: HTTP 404 Not Found", e.Message);
            Assert.Contains($"{broken}{name}: HTTP 500 Internal Server Error", e.Message);
        }
        Assert.Contains("put them in", e.Message);
        Assert.Empty(_box.Cache.FileNames());
    }

    [Fact]
    public void Offline_with_no_cache_fails_fast_with_a_message_saying_what_to_do()
    {
        Uri[] unreachable = [TestServer.ClosedPortMirror(), TestServer.ClosedPortMirror()];
        var clock = Stopwatch.StartNew();

        var e = TinyLoad.Fails(_box.Cache, unreachable);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("could not connect", e.Message);
        Assert.Contains("could not be reached or stalled for an earlier file", e.Message); // each mirror tried once
        Assert.Contains("connect to the internet and run again", e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
        Assert.Empty(_box.Cache.FileNames());
    }

    [Fact]
    public void With_downloads_turned_off_a_missing_file_fails_at_once()
    {
        var options = TinyLoad.Options([_box.GoodMirror]) with { AllowDownload = false };

        var e = Assert.Throws<DataUnavailableException>(() => DataLoader.Load(TinyDataset.Info, _box.Cache.Path, options));

        Assert.Contains("downloading is turned off", e.Message);
        Assert.DoesNotContain("AllowDownload", e.Message);   // no API names in a message for students
        Assert.DoesNotContain("URLs above", e.Message);      // none are listed
        Assert.Contains("download", e.Message);
        Assert.Contains(DataLoaderOptions.MirrorsVariable, e.Message);
        Assert.Empty(_box.Server.Requests);
    }

    [Fact]
    public void The_message_for_Fashion_MNIST_names_the_command_that_downloads_Fashion_MNIST()
    {
        // `download` fetches MNIST unless told otherwise: the command in the message names its set.
        var offline = new DataLoaderOptions { AllowDownload = false, LocalSources = [], Log = null };
        var e = Assert.Throws<DataUnavailableException>(() => DataLoader.Load(DatasetInfo.FashionMnist, _box.Cache.Path, offline));
        Assert.Contains("`dotnet run -c Release --project lib/Mlp.Cli -- download --dataset fashion`", e.Message);
        e = Assert.Throws<DataUnavailableException>(() => DataLoader.Load(DatasetInfo.Mnist, _box.Cache.Path, offline));
        Assert.Contains("-- download --dataset mnist`", e.Message);
    }

    [Fact]
    public void A_local_read_only_copy_is_verified_and_copied_into_the_cache()
    {
        // The way Debian's dataset-fashion-mnist package is used: a folder of .gz files.
        using var local = new TempFolder();
        TinyDataset.WriteCache(local);
        var options = TinyLoad.Options([]) with { LocalSources = [local.Path] };

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, options));

        Assert.Equal(TinyDataset.GzipNames.Order(), _box.Cache.FileNames());
        Assert.Equal(TinyDataset.GzipNames.Order(), local.FileNames()); // the source is left as it was
    }

    [Fact]
    public void Cancelling_a_download_leaves_nothing_behind()
    {
        Uri stalling = _box.Server.Mirror("stalling", TestServer.StallMidFile(Good));
        var options = TinyLoad.Options([stalling]) with { StallTimeout = TimeSpan.FromSeconds(30) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        Assert.ThrowsAny<OperationCanceledException>(
            () => DataLoader.LoadAsync(TinyDataset.Info, _box.Cache.Path, options, cancel.Token).GetAwaiter().GetResult());

        Assert.Empty(_box.Cache.FileNames());
    }

    /// <summary>
    /// The synchronous Load blocks on asynchronous downloads. Under a context that never runs what
    /// is posted to it (as a blocked UI thread would), it must still finish: nothing inside may
    /// wait to come back to the caller's context.
    /// </summary>
    [Fact]
    public void The_synchronous_load_cannot_deadlock_on_the_callers_synchronization_context()
    {
        Uri mirror = _box.GoodMirror;
        object? result = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new NeverRunsContext());
            try
            {
                result = DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([mirror]));
            }
            catch (Exception e)
            {
                result = e;
            }
        });
        thread.Start();

        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "Load deadlocked");
        TinyLoad.AssertIsTiny(Assert.IsType<DataSplit>(result));
    }

    private sealed class NeverRunsContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) { }
    }

    /// <summary>
    /// Two loaders fill the same empty cache at the same time. They are independent (own options,
    /// own HttpClient) and race on two dedicated threads rather than in two processes: the
    /// protection is in the file system (unique temporary files, then a rename that never replaces
    /// a file), which behaves the same between threads as between processes. The server holds each
    /// file back until both loaders have asked for it, so both really download every file.
    /// </summary>
    [Fact]
    public void Two_loaders_filling_the_same_empty_cache_end_with_one_good_copy_and_no_error()
    {
        var askedTwice = TinyDataset.GzipNames.ToDictionary(n => n, _ => new TaskCompletionSource());
        var asked = new Dictionary<string, int>();
        TestServer.Behaviour serveGood = TestServer.Serve(Good);
        Uri mirror = _box.Server.Mirror("race", async (client, name, stop) =>
        {
            lock (asked)
                if ((asked[name] = asked.GetValueOrDefault(name) + 1) == 2)
                    askedTwice[name].TrySetResult();
            await askedTwice[name].Task.WaitAsync(TimeSpan.FromSeconds(5), stop).ContinueWith(_ => { });
            await serveGood(client, name, stop);
        });

        var results = new object?[2];
        Thread[] loaders = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            try
            {
                results[i] = DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([mirror]));
            }
            catch (Exception e)
            {
                results[i] = e;
            }
        })).ToArray();
        foreach (Thread loader in loaders)
            loader.Start();
        Assert.All(loaders, loader => Assert.True(loader.Join(TimeSpan.FromSeconds(30))));

        Assert.All(results, result => TinyLoad.AssertIsTiny(Assert.IsType<DataSplit>(result)));
        Assert.All(TinyDataset.GzipNames, name => Assert.Equal(2, asked[name]));
        Assert.Equal(TinyDataset.GzipNames.Order(), _box.Cache.FileNames());
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }
}
