using System.IO.Compression;
using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>Loads <see cref="TinyDataset"/> with test options, and checks what the cache folder holds.</summary>
internal static class TinyLoad
{
    /// <summary>
    /// Only the given mirrors, no local sources, log lines into <paramref name="log"/>. The timeouts
    /// are generous, so a busy test machine does not trip them; the stall tests shorten them.
    /// </summary>
    public static DataLoaderOptions Options(IEnumerable<Uri> mirrors, List<string>? log = null) => new()
    {
        Mirrors = mirrors.ToArray(),
        LocalSources = [],
        ConnectTimeout = TimeSpan.FromSeconds(10),
        StallTimeout = TimeSpan.FromSeconds(10),
        Log = log is null ? null : line => { lock (log) log.Add(line); },
    };

    public static DataSplit Load(TempFolder cache, params Uri[] mirrors) =>
        DataLoader.Load(TinyDataset.Info, cache.Path, Options(mirrors));

    public static DataUnavailableException Fails(TempFolder cache, params Uri[] mirrors) =>
        Assert.Throws<DataUnavailableException>(() => Load(cache, mirrors));

    /// <summary>The split holds exactly the tiny data set.</summary>
    public static void AssertIsTiny(DataSplit split)
    {
        Assert.Equal((TinyDataset.TrainCount, TinyDataset.TestCount), (split.Train.Count, split.Test.Count));
        Assert.Equal((TinyDataset.Rows, TinyDataset.Cols), (split.Train.Rows, split.Train.Cols));
        Assert.Equal(TinyDataset.Content["train-images-idx3-ubyte.gz"][16..], split.Train.Pixels);
        Assert.Equal(TinyDataset.Content["t10k-labels-idx1-ubyte.gz"][8..], split.Test.Labels);
    }

    /// <summary>
    /// No file in the cache could later pass as good unless it is good: no temporary files remain,
    /// and every file under a final name has exactly the canonical content.
    /// </summary>
    public static void AssertNothingBadInPlace(TempFolder cache)
    {
        foreach (string name in cache.FileNames())
        {
            Assert.DoesNotContain(".part", name);
            if (TinyDataset.Content.TryGetValue(name, out byte[]? expected))
                Assert.Equal(expected, Decompress(File.ReadAllBytes(Path.Combine(cache.Path, name))));
        }
    }

    public static byte[] Decompress(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..])
            return bytes;
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
            gzip.CopyTo(output);
        return output.ToArray();
    }
}
