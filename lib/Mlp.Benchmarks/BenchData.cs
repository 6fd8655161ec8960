namespace Mlp.Benchmarks;

/// <summary>The training set the epoch benchmarks run on.</summary>
internal static class BenchData
{
    /// <summary>60,000 random 784-pixel samples: the same arithmetic as MNIST's training set.</summary>
    public static Dataset<float> Training() => Workload.RandomDataset(60000);
}
