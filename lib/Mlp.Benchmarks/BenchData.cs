using Mlp.Data;

namespace Mlp.Benchmarks;

/// <summary>The training set the epoch benchmarks run on.</summary>
internal static class BenchData
{
    /// <summary>
    /// MNIST's 60,000 training images through the library's loader (from data/mnist, never
    /// downloading here: a benchmark should not time or depend on the network). Without the files,
    /// 60,000 random images of the same shape: the arithmetic, and so the time, is the same.
    /// </summary>
    public static Dataset<float> Training()
    {
        try
        {
            var split = DataLoader.Load(Data.DatasetName.Mnist, options: new DataLoaderOptions { AllowDownload = false, Log = null });
            return split.Train.ToDataset<float>();
        }
        catch (DataUnavailableException e)
        {
            Console.Error.WriteLine($"MNIST not found ({e.Message.Split('.')[0]}); timing 60,000 random images instead.");
            return Workload.RandomDataset(60000);
        }
    }
}
