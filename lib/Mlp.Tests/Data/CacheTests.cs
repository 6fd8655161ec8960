using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>What the loader does with the files already in its folder: good, damaged, or unwritable.</summary>
public sealed class CacheTests : IAsyncLifetime
{
    private const string TrainImages = "train-images-idx3-ubyte.gz";
    private readonly TestServer _server = new();
    private readonly TempFolder _cache = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cache.Dispose();
    }

    private Uri GoodMirror => _server.Mirror("good", TestServer.Serve(TinyDataset.Gzipped));

    /// <summary>A mirror whose every file is valid IDX with the right shape but the wrong content.</summary>
    private Uri WrongMirror => _server.Mirror("wrong", TestServer.Serve(TinyDataset.Content.ToDictionary(
        kv => kv.Key, kv => Idx.Gzip(kv.Value.Select((b, i) => i < 16 ? b : (byte)(b ^ 1)).ToArray()))));

    [Fact]
    public void A_good_cache_is_used_as_it_is_without_any_request()
    {
        TinyDataset.WriteCache(_cache);
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(_cache.Path, TrainImages));

        TinyLoad.AssertIsTiny(TinyLoad.Load(_cache, WrongMirror));

        Assert.Empty(_server.Requests);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_cache.Path, TrainImages)));
        TinyLoad.AssertNothingBadInPlace(_cache);
    }

    [Fact]
    public void Good_cached_files_are_never_overwritten_by_a_bad_download()
    {
        TinyDataset.WriteCache(_cache);
        File.Delete(Path.Combine(_cache.Path, TrainImages));

        var e = TinyLoad.Fails(_cache, WrongMirror);

        Assert.Equal([TrainImages], e.FileNames);
        Assert.Equal(["/wrong/" + TrainImages], _server.Requests); // only the missing file was fetched
        Assert.Equal(3, _cache.FileNames().Length);
        TinyLoad.AssertNothingBadInPlace(_cache);
    }

    [Fact]
    public void Unpacked_files_without_the_gz_are_accepted()
    {
        foreach ((string name, byte[] content) in TinyDataset.Content)
            _cache.Write(name[..^3], content);

        TinyLoad.AssertIsTiny(TinyLoad.Load(_cache));
    }

    public static TheoryData<string, string> Damage => new()
    {
        { "truncated", "truncated" },
        { "bit-flipped", "MD5 of its decompressed content" },
        { "gzip bit-flipped", ": damaged (" },
        { "html", "HTML page" },
        { "other file", "magic number is 0x00000801 (labels)" },
    };

    private static byte[] Damaged(string how)
    {
        byte[] good = TinyDataset.Gzipped[TrainImages];
        byte[] content = TinyDataset.Content[TrainImages];
        return how switch
        {
            "truncated" => good[..(good.Length / 2)],
            "bit-flipped" => Idx.Gzip(content.Select((b, i) => i == 100 ? (byte)(b ^ 0x04) : b).ToArray()),
            "gzip bit-flipped" => good.Select((b, i) => i == good.Length / 2 ? (byte)(b ^ 0x04) : b).ToArray(),
            "html" => "<html><body>Sign in to the Wi-Fi</body></html>"u8.ToArray(),
            "other file" => TinyDataset.Gzipped["train-labels-idx1-ubyte.gz"],
            _ => throw new ArgumentException(how),
        };
    }

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_cached_file_is_moved_aside_and_fetched_again(string how, string problem)
    {
        var log = new List<string>();
        TinyDataset.WriteCache(_cache);
        byte[] bad = Damaged(how);
        _cache.Write(TrainImages, bad);

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _cache.Path, TinyLoad.Options([GoodMirror], log)));

        string aside = Assert.Single(_cache.FileNames(), n => n.StartsWith(TrainImages + ".bad-", StringComparison.Ordinal));
        Assert.Equal(bad, File.ReadAllBytes(Path.Combine(_cache.Path, aside))); // kept, never deleted
        Assert.Equal(["/good/" + TrainImages], _server.Requests);
        Assert.Contains(log, line => line.Contains(problem) && line.Contains(aside));
        TinyLoad.AssertNothingBadInPlace(_cache);
    }

    [Fact]
    public void A_damaged_cached_file_with_no_mirror_reachable_gives_a_clear_message()
    {
        TinyDataset.WriteCache(_cache);
        _cache.Write(TrainImages, Damaged("truncated"));

        var e = TinyLoad.Fails(_cache, TestServer.ClosedPortMirror());

        Assert.Contains($"{TrainImages}: damaged (expected", e.Message);
        Assert.Contains("the file is truncated", e.Message);
        Assert.Contains($"moved aside to '{TrainImages}.bad-", e.Message);
        Assert.Contains("could not connect", e.Message);
        Assert.Equal([TrainImages], e.FileNames);
        TinyLoad.AssertNothingBadInPlace(_cache);
    }

    [Fact]
    public void A_missing_data_folder_gives_a_clear_message()
    {
        string missing = Path.Combine(_cache.Path, "no-such-folder");

        var e = Assert.Throws<DataUnavailableException>(() =>
            DataLoader.Load(TinyDataset.Info, missing, TinyLoad.Options([GoodMirror])));

        Assert.Contains($"The data folder '{missing}' does not exist", e.Message);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(_server.Requests);
    }

    [UnixFact]
    public void A_read_only_data_folder_gives_a_clear_message()
    {
        string folder = UnwritableFolder();

        var e = Assert.Throws<DataUnavailableException>(() =>
            DataLoader.Load(TinyDataset.Info, folder, TinyLoad.Options([GoodMirror])));

        Assert.Contains($"the data folder '{folder}' is not writable", e.Message);
        Assert.Contains("put good copies of the files there by hand", e.Message);
        Assert.Empty(_server.Requests); // found out before any download
    }

    [UnixFact]
    public void A_read_only_folder_with_good_files_still_loads()
    {
        TinyDataset.WriteCache(_cache);
        MakeReadOnly(_cache.Path);

        TinyLoad.AssertIsTiny(TinyLoad.Load(_cache, GoodMirror));
    }

    /// <summary>
    /// A folder nobody can create files in. Permissions do not stop root (CI runs as root), so
    /// there the test uses /proc/self on Linux, which refuses new files to everyone.
    /// </summary>
    private string UnwritableFolder()
    {
        MakeReadOnly(_cache.Path);
        try
        {
            File.WriteAllBytes(Path.Combine(_cache.Path, "probe"), []);
            File.Delete(Path.Combine(_cache.Path, "probe"));
        }
        catch (UnauthorizedAccessException)
        {
            return _cache.Path;
        }
        Assert.True(OperatingSystem.IsLinux(), "Running with permissions that ignore read-only folders, outside Linux.");
        return "/proc/self";
    }

    private static void MakeReadOnly(string folder)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
    }
}
