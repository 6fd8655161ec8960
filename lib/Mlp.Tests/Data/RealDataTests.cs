using System.Diagnostics;
using Mlp.Data;
using Xunit.Abstractions;

namespace Mlp.Tests.Data;

/// <summary>The real data sets, when they are on this machine (never downloaded by a test).</summary>
public sealed class RealDataTests(ITestOutputHelper output)
{
    [RealMnistFact]
    public void The_real_mnist_loads_from_the_repository_data_folder_verified_and_fast()
    {
        DataSplit mnist = DataLoader.Load(DatasetName.Mnist, options: RealMnist.Offline);
        var clock = Stopwatch.StartNew();
        DataLoader.Load(DatasetName.Mnist, options: RealMnist.Offline);
        TimeSpan warm = clock.Elapsed;
        output.WriteLine($"warm load of all of MNIST, MD5 included: {warm.TotalMilliseconds:0} ms");

        Assert.Equal((60_000, 10_000), (mnist.Train.Count, mnist.Test.Count));
        Assert.Equal((28, 28), (mnist.Train.Rows, mnist.Train.Cols));
        Assert.Equal("MNIST train", mnist.Train.Name);
        Assert.Equal(5, mnist.Train.Labels[0]);
        Assert.Equal(7, mnist.Test.Labels[0]);
        foreach (LabeledImages set in new[] { mnist.Train, mnist.Test })
        {
            int[] histogram = new int[10];
            foreach (byte label in set.Labels)
                histogram[label]++;
            Assert.Equal(set.Count, histogram.Sum());
            Assert.All(histogram, n => Assert.InRange(n, set.Count / 20, set.Count / 5)); // every digit is there
            Assert.Equal(0, set.Pixels.Min());
            Assert.Equal(255, set.Pixels.Max());
        }
        Assert.True(warm < TimeSpan.FromSeconds(2), $"a warm load took {warm}");
    }

    [RealMnistFact]
    public void A_folder_of_MNIST_loaded_as_Fashion_MNIST_is_named_and_left_as_it_is()
    {
        using var folder = new TempFolder();
        string mnist = Path.Combine(DataDirectory.FindRoot(), DatasetInfo.Mnist.FolderName);
        foreach (var f in DatasetInfo.Mnist.Files)
        {
            string source = File.Exists(Path.Combine(mnist, f.GzipName)) ? Path.Combine(mnist, f.GzipName) : Path.Combine(mnist, f.Name);
            File.Copy(source, Path.Combine(folder.Path, Path.GetFileName(source)));
        }
        string[] before = folder.FileNames();

        var e = Assert.Throws<DataUnavailableException>(() => DataLoader.Load(DatasetName.FashionMnist, folder.Path, RealMnist.Offline));

        Assert.Contains("is MNIST's train-images-idx3-ubyte", e.Message);
        Assert.Contains("Load it as MNIST (DatasetName.Mnist; the CLI's --dataset mnist)", e.Message);
        Assert.Contains("Nothing was moved", e.Message);
        Assert.Equal(before, folder.FileNames()); // no file set aside as damaged
    }

    [Fact]
    public void Fashion_mnist_checksums_match_debians_copy_when_it_is_installed()
    {
        if (RealMnist.DebianFashionFolder() is not string debian)
        {
            output.WriteLine("Skipped: Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist).");
            return;
        }
        using var cache = new TempFolder();

        DataSplit fashion = DataLoader.Load(DatasetName.FashionMnist, cache.Path, RealMnist.Offline with { LocalSources = [debian] });

        Assert.Equal((60_000, 10_000), (fashion.Train.Count, fashion.Test.Count));
        Assert.Equal(9, fashion.Train.Labels[0]); // an ankle boot
        Assert.Equal(4, cache.FileNames().Length);
    }
}
