using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>What the loader does with the files already in its folder: good, damaged, or unwritable.</summary>
public sealed class CacheTests : IAsyncLifetime
{
    private const string TrainImages = "train-images-idx3-ubyte.gz";
    private readonly LoaderSandbox _box = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _box.DisposeAsync().AsTask();

    /// <summary>A mirror whose every file is valid IDX with the right shape but the wrong content.</summary>
    private Uri WrongMirror => _box.Server.Mirror("wrong", TestServer.Serve(TinyDataset.Content.ToDictionary(
        kv => kv.Key, kv => Idx.Gzip(kv.Value.Select((b, i) => i < 16 ? b : (byte)(b ^ 1)).ToArray()))));

    [Fact]
    public void A_good_cache_is_used_as_it_is_without_any_request()
    {
        TinyDataset.WriteCache(_box.Cache);
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(_box.Cache.Path, TrainImages));

        TinyLoad.AssertIsTiny(TinyLoad.Load(_box.Cache, WrongMirror));

        Assert.Empty(_box.Server.Requests);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_box.Cache.Path, TrainImages)));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void Good_cached_files_are_never_overwritten_by_a_bad_download()
    {
        TinyDataset.WriteCache(_box.Cache);
        File.Delete(Path.Combine(_box.Cache.Path, TrainImages));

        var e = TinyLoad.Fails(_box.Cache, WrongMirror);

        Assert.Equal([TrainImages], e.FileNames);
        Assert.Equal(["/wrong/" + TrainImages], _box.Server.Requests); // only the missing file was fetched
        Assert.Equal(3, _box.Cache.FileNames().Length);
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void Unpacked_files_without_the_gz_are_accepted()
    {
        foreach ((string name, byte[] content) in TinyDataset.Content)
            _box.Cache.Write(name[..^3], content);

        TinyLoad.AssertIsTiny(TinyLoad.Load(_box.Cache));
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
        TinyDataset.WriteCache(_box.Cache);
        byte[] bad = Damaged(how);
        _box.Cache.Write(TrainImages, bad);

        TinyLoad.AssertIsTiny(DataLoader.Load(TinyDataset.Info, _box.Cache.Path, TinyLoad.Options([_box.GoodMirror], log)));

        string aside = Assert.Single(_box.Cache.FileNames(), n => n.StartsWith(TrainImages + ".bad-", StringComparison.Ordinal));
        Assert.Equal(bad, File.ReadAllBytes(Path.Combine(_box.Cache.Path, aside))); // kept, never deleted
        Assert.Equal(["/good/" + TrainImages], _box.Server.Requests);
        Assert.Contains(log, line => line.Contains(problem) && line.Contains(aside));
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void A_damaged_cached_file_with_no_mirror_reachable_gives_a_clear_message()
    {
        TinyDataset.WriteCache(_box.Cache);
        _box.Cache.Write(TrainImages, Damaged("truncated"));

        var e = TinyLoad.Fails(_box.Cache, TestServer.ClosedPortMirror());

        Assert.Contains($"{TrainImages}: damaged (expected", e.Message);
        Assert.Contains("the file is truncated", e.Message);
        Assert.Contains($"moved aside to '{TrainImages}.bad-", e.Message);
        Assert.Contains("could not connect", e.Message);
        Assert.Equal([TrainImages], e.FileNames);
        TinyLoad.AssertNothingBadInPlace(_box.Cache);
    }

    [Fact]
    public void A_missing_data_folder_gives_a_clear_message()
    {
        string missing = Path.Combine(_box.Cache.Path, "no-such-folder");

        var e = Assert.Throws<DataUnavailableException>(() =>
            DataLoader.Load(TinyDataset.Info, missing, TinyLoad.Options([_box.GoodMirror])));

        Assert.Contains($"The data folder '{missing}' does not exist", e.Message);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(_box.Server.Requests);
    }

    [UnixFact]
    public void A_read_only_data_folder_gives_a_clear_message()
    {
        string folder = UnwritableFolder();

        var e = Assert.Throws<DataUnavailableException>(() =>
            DataLoader.Load(TinyDataset.Info, folder, TinyLoad.Options([_box.GoodMirror])));

        Assert.Contains($"the data folder '{folder}' is not writable", e.Message);
        Assert.Contains("put good copies of the files there by hand", e.Message);
        Assert.Empty(_box.Server.Requests); // found out before any download
    }

    [UnixFact]
    public void A_read_only_folder_with_good_files_still_loads()
    {
        TinyDataset.WriteCache(_box.Cache);
        MakeReadOnly(_box.Cache.Path);

        TinyLoad.AssertIsTiny(TinyLoad.Load(_box.Cache, _box.GoodMirror));
    }

    /// <summary>
    /// A folder nobody can create files in. Permissions do not stop root (CI runs as root), so
    /// there the test uses /proc/self on Linux, which refuses new files to everyone.
    /// </summary>
    private string UnwritableFolder()
    {
        MakeReadOnly(_box.Cache.Path);
        try
        {
            File.WriteAllBytes(Path.Combine(_box.Cache.Path, "probe"), []);
            File.Delete(Path.Combine(_box.Cache.Path, "probe"));
        }
        catch (UnauthorizedAccessException)
        {
            return _box.Cache.Path;
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
