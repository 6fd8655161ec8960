namespace Mlp.Data;

/// <summary>
/// What the loader needs to know about a data set: its four files with their canonical sizes and
/// checksums, the image shape, and where copies can be fetched from.
/// </summary>
/// <remarks>
/// <see cref="Mnist"/> and <see cref="FashionMnist"/> are built in. A test or an experiment can
/// describe its own set (for example small synthetic files on a local server) and pass it to
/// <see cref="DataLoader.Load(DatasetInfo, string?, DataLoaderOptions?)"/>.
/// </remarks>
public sealed record DatasetInfo
{
    /// <summary>A display name, for example "MNIST".</summary>
    public required string Name { get; init; }

    /// <summary>The folder under the repository's <c>data/</c>, for example "mnist".</summary>
    public required string FolderName { get; init; }

    /// <summary>What the messages tell people to run to fetch this set, from a checkout of the course (the
    /// command line's <c>download</c>; in a read-only install whoever installed it runs the built CLI, see the
    /// README's "Installing for a lab").</summary>
    public string DownloadCommand => $"dotnet run -c Release --project lib/Mlp.Cli -- download --dataset {FolderName}";

    /// <summary>The training images (IDX, 3 dimensions).</summary>
    public required DatasetFile TrainImages { get; init; }

    /// <summary>The training labels (IDX, 1 dimension).</summary>
    public required DatasetFile TrainLabels { get; init; }

    /// <summary>The test images.</summary>
    public required DatasetFile TestImages { get; init; }

    /// <summary>The test labels.</summary>
    public required DatasetFile TestLabels { get; init; }

    /// <summary>Image height in pixels.</summary>
    public int Rows { get; init; } = 28;

    /// <summary>Image width in pixels.</summary>
    public int Cols { get; init; } = 28;

    /// <summary>
    /// Base URLs (ending in '/') that serve the files as <c>{url}{name}.gz</c>, tried in order.
    /// </summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = [];

    /// <summary>
    /// Folders on this computer that may hold read-only copies (<c>{folder}/{name}.gz</c>), tried
    /// before the mirrors; a copy found there is verified and copied into the cache.
    /// </summary>
    public IReadOnlyList<string> LocalSources { get; init; } = [];

    /// <summary>The four files: train images, train labels, test images, test labels.</summary>
    public IReadOnlyList<DatasetFile> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>
    /// MNIST (Yann LeCun and Corinna Cortes, CC BY-SA 3.0): 60,000 training and 10,000 test
    /// images of handwritten digits, 28x28.
    /// </summary>
    public static DatasetInfo Mnist { get; } = new()
    {
        Name = "MNIST",
        FolderName = "mnist",
        TrainImages = new("train-images-idx3-ubyte", 47_040_016, "6bbc9ace898e44ae57da46a324031adb") { DownloadSize = 9_912_422 },
        TrainLabels = new("train-labels-idx1-ubyte", 60_008, "a25bea736e30d166cdddb491f175f624") { DownloadSize = 28_881 },
        TestImages = new("t10k-images-idx3-ubyte", 7_840_016, "2646ac647ad5339dbf082846283269ea") { DownloadSize = 1_648_877 },
        TestLabels = new("t10k-labels-idx1-ubyte", 10_008, "27ae3e4e09519cfbb04c329615203637") { DownloadSize = 4_542 },
        Mirrors =
        [
            new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            new("http://yann.lecun.com/exdb/mnist/"), // the historic home; often answers 403 now
        ],
    };

    /// <summary>
    /// Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test photos of
    /// clothing in 10 classes, 28x28, in the same format as MNIST.
    /// </summary>
    public static DatasetInfo FashionMnist { get; } = new()
    {
        Name = "Fashion-MNIST",
        FolderName = "fashion",
        TrainImages = new("train-images-idx3-ubyte", 47_040_016, "f4a8712d7a061bf5bd6d2ca38dc4d50a") { DownloadSize = 26_421_880 },
        TrainLabels = new("train-labels-idx1-ubyte", 60_008, "9018921c3c673c538a1fc5bad174d6f9") { DownloadSize = 29_515 },
        TestImages = new("t10k-images-idx3-ubyte", 7_840_016, "8181f5470baa50b63fa0f6fddb340f0a") { DownloadSize = 4_422_102 },
        TestLabels = new("t10k-labels-idx1-ubyte", 10_008, "15d484375f8d13e6eb1aabb0c3f46965") { DownloadSize = 5_148 },
        Mirrors = [new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")],
        LocalSources = ["/usr/share/datasets/fashion-mnist"], // Debian's package dataset-fashion-mnist
    };

    /// <summary>The built-in description of <paramref name="dataset"/>.</summary>
    public static DatasetInfo For(DatasetName dataset) => dataset switch
    {
        DatasetName.Mnist => Mnist,
        DatasetName.FashionMnist => FashionMnist,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, Strings.UnknownDataset),
    };
}
