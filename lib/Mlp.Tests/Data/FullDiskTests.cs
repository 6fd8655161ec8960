using Mlp.Data;
using Mlp.Tests.Cli;

namespace Mlp.Tests.Data;

/// <summary>
/// Issue 11, case 5: the disk fills during a download. The files already there stay as they are,
/// no partial file is left, and the message is one line: "no space left in DIR: free N MB, need about M MB".
/// </summary>
public sealed class FullDiskTests
{
    /// <summary>A data set in MNIST's format, larger than the 64 KB disk (random pixels do not compress).</summary>
    private static readonly Dictionary<string, byte[]> Content = new()
    {
        ["train-images-idx3-ubyte.gz"] = Idx.Images(200, 28, 28, seed: 1),
        ["train-labels-idx1-ubyte.gz"] = Idx.Labels(200),
        ["t10k-images-idx3-ubyte.gz"] = Idx.Images(20, 28, 28, seed: 2),
        ["t10k-labels-idx1-ubyte.gz"] = Idx.Labels(20),
    };

    private static DatasetInfo Info { get; } = TinyDataset.Describe("Big", "big", Content);

    [MountFact]
    public async Task A_full_disk_during_download_gives_one_line_and_keeps_the_folder_as_it_was()
    {
        await using var server = new TestServer();
        var gzipped = Content.ToDictionary(kv => kv.Key, kv => Idx.Gzip(kv.Value));
        var mirror = server.Mirror("good", TestServer.Serve(gzipped));
        using var disk = Mount.Tmpfs(64 << 10);
        File.WriteAllBytes(Path.Combine(disk.Path, "t10k-labels-idx1-ubyte.gz"), gzipped["t10k-labels-idx1-ubyte.gz"]); // one good file already there
        var options = TinyLoad.Options([mirror]);

        var e = Assert.Throws<DataUnavailableException>(() => DataLoader.Load(Info, disk.Path, options));

        Assert.DoesNotContain('\n', e.Message);
        Assert.Matches($@"^Big: no space left in {System.Text.RegularExpressions.Regex.Escape(disk.Path)}: free [0-9.]+ MB, need about [0-9.]+ MB", e.Message);
        Assert.Contains("--data DIR", e.Message);
        Assert.Equal(["t10k-labels-idx1-ubyte.gz"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));   // kept, and no .part left
    }

    [MountFact]
    public void A_full_disk_while_copying_a_local_copy_is_the_same_one_line_not_a_bad_source()
    {
        // Debian's dataset-fashion-mnist is used this way: a local folder of .gz files copied into the cache.
        using var local = new TempFolder();
        foreach (var (name, bytes) in Content) local.Write(name, Idx.Gzip(bytes));
        using var disk = Mount.Tmpfs(64 << 10);
        var options = TinyLoad.Options([]) with { LocalSources = [local.Path] };

        var e = Assert.Throws<DataUnavailableException>(() => DataLoader.Load(Info, disk.Path, options));

        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("no space left in", e.Message);
        Assert.DoesNotContain("cannot read it", e.Message);   // the copy failed writing, not reading
        Assert.Empty(Directory.GetFiles(disk.Path));
    }

    [MountFact(NeedsMnist = true)]
    public async Task The_download_command_prints_the_one_line_and_exits_3()
    {
        // A mirror on 127.0.0.1 serving the real MNIST files; a full disk stops the load at once, so no other mirror is tried.
        string mnist = Path.Combine(DataDirectory.FindRoot(), "mnist");
        var files = DatasetInfo.Mnist.Files.Where(f => File.Exists(Path.Combine(mnist, f.GzipName)))
            .ToDictionary(f => f.GzipName, f => File.ReadAllBytes(Path.Combine(mnist, f.GzipName)));
        await using var server = new TestServer();
        var mirror = server.Mirror("mnist", TestServer.Serve(files));
        using var disk = Mount.Tmpfs(64 << 10);

        var (exit, stdout, stderr) = CliProcess.Run(new Dictionary<string, string?> { ["MLP_MIRRORS"] = mirror.ToString() }, "download", "--data", disk.Path);

        Assert.Equal(3, exit);
        Assert.Equal("", stdout);
        var errors = stderr.Split('\n').Where(l => l.StartsWith("error:")).ToArray();
        Assert.Single(errors);
        Assert.Matches(@"^error: MNIST: no space left in .*: free 0\.[01] MB, need about 1[0-4] MB", errors[0]);   // the 64 KB disk; MNIST's 11.6 MB gzip'd
        Assert.DoesNotContain("   at ", stderr);
        Assert.Empty(Directory.GetFiles(disk.Path));
    }
}
