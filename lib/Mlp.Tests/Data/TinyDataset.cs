using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>
/// A synthetic data set in MNIST's format but tiny (30 training and 12 test images of 5x6 pixels),
/// with its own checksums, so loader tests need neither the real files nor the internet.
/// </summary>
internal static class TinyDataset
{
    public const int Rows = 5;
    public const int Cols = 6;
    public const int TrainCount = 30;
    public const int TestCount = 12;

    /// <summary>The decompressed content of each file, by its .gz name.</summary>
    public static IReadOnlyDictionary<string, byte[]> Content { get; } = new Dictionary<string, byte[]>
    {
        ["train-images-idx3-ubyte.gz"] = Idx.Images(TrainCount, Rows, Cols, seed: 1),
        ["train-labels-idx1-ubyte.gz"] = Idx.Labels(TrainCount),
        ["t10k-images-idx3-ubyte.gz"] = Idx.Images(TestCount, Rows, Cols, seed: 2),
        ["t10k-labels-idx1-ubyte.gz"] = Idx.Labels(TestCount),
    };

    /// <summary>Each file gzip'd, as a mirror serves it, by its .gz name.</summary>
    public static IReadOnlyDictionary<string, byte[]> Gzipped { get; } =
        Content.ToDictionary(kv => kv.Key, kv => Idx.Gzip(kv.Value));

    /// <summary>The description the loader checks against; no sources (tests add them).</summary>
    public static DatasetInfo Info { get; } = Describe("Tiny", "tiny", Content) with { Rows = Rows, Cols = Cols };

    /// <summary>A data set's description from the decompressed content of its four files (by .gz name): sizes and MD5s.</summary>
    public static DatasetInfo Describe(string name, string folderName, IReadOnlyDictionary<string, byte[]> content)
    {
        DatasetFile File(string file) => new(file, content[file + ".gz"].Length, Idx.Md5(content[file + ".gz"]));
        return new()
        {
            Name = name,
            FolderName = folderName,
            TrainImages = File("train-images-idx3-ubyte"),
            TrainLabels = File("train-labels-idx1-ubyte"),
            TestImages = File("t10k-images-idx3-ubyte"),
            TestLabels = File("t10k-labels-idx1-ubyte"),
        };
    }

    public static IEnumerable<string> GzipNames => Gzipped.Keys;

    /// <summary>Writes all four good .gz files into <paramref name="folder"/>.</summary>
    public static void WriteCache(TempFolder folder)
    {
        foreach ((string name, byte[] bytes) in Gzipped)
            folder.Write(name, bytes);
    }

}
