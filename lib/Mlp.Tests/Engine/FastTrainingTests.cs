namespace Mlp.Tests.Engine;

/// <summary>Training end to end with the fast kernels: same accuracy as the reference, no
/// allocation per batch, and bit-identical weights from the same seed at any thread count.</summary>
public class FastTrainingTests
{
    // 784 inputs as MNIST has, so the training shapes are the real ones (batch 100 → 784×64, 64×10).
    private static readonly Dataset<float> Train = Blocks(3000, seed: 1);
    private static readonly Dataset<float> Test = Blocks(1000, seed: 2);

    /// <summary>Noisy 784-pixel "images" whose class c lights up pixels 78c .. 78c+77 a little more
    /// than the rest: learnable, but not in one step.</summary>
    private static Dataset<float> Blocks(int n, int seed)
    {
        var rng = new Random(seed);
        var X = new Matrix<float>(n, 784);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.Next(10);
            for (int j = 0; j < 784; j++)
                X[i, j] = (float)(rng.NextDouble() * 0.8 + (j / 78 == labels[i] ? 0.2 : 0));
        }
        return new Dataset<float>(X, labels, 10, "blocks");
    }
    private static readonly TrainingOptions Options = new() { Hidden = 64, LearningRate = 0.5, Epochs = 8, BatchSize = 100, Seed = 5 };

    private static (Network<float>, TrainingHistory) TrainWith(Kernels.Settings settings, TrainingOptions options)
    {
        using var _ = Kernels.OnThisThread(settings);
        return Trainer.Train(Train, Test, options);
    }

    [Fact]
    public void Fast_and_reference_training_reach_the_same_accuracy()
    {
        var (_, fast) = TrainWith(new(Enabled: true), Options);
        var (_, reference) = TrainWith(new(Enabled: false), Options);
        // Float rounding differs between the paths (sum order, FMA), so the weights drift apart by
        // rounding-sized amounts; the accuracy on 1,000 test samples may differ by a sample or two.
        Assert.True(fast[^1].TestAccuracy > 0.8, fast.ToString());
        Assert.InRange(fast[^1].TestAccuracy - reference[^1].TestAccuracy, -0.01, 0.01);
        Assert.InRange(fast[^1].TrainLoss - reference[^1].TrainLoss, -0.01, 0.01);
    }

    [Fact]
    public void Full_batch_fast_and_reference_losses_agree()
    {
        var o = Options with { FullBatch = true, Epochs = 5 };
        var (_, fast) = TrainWith(new(Enabled: true, MaxThreads: 2, ParallelFlops: 0), o);
        var (_, reference) = TrainWith(new(Enabled: false), o);
        for (int e = 0; e < fast.Count; e++) Assert.Equal(reference[e].TrainLoss, fast[e].TrainLoss, 4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Same_seed_gives_bit_identical_weights_at_any_thread_count(bool fullBatch)
    {
        var o = Options with { Epochs = 2, FullBatch = fullBatch };
        var (one, h1) = TrainWith(new(Enabled: true, MaxThreads: 1, ParallelFlops: 0), o);
        var (oneAgain, _) = TrainWith(new(Enabled: true, MaxThreads: 1, ParallelFlops: 0), o);
        var (two, h2) = TrainWith(new(Enabled: true, MaxThreads: 2, ParallelFlops: 0), o);
        var (three, _) = TrainWith(new(Enabled: true, MaxThreads: 3, ParallelFlops: 0), o);
        foreach (var other in new[] { oneAgain, two, three })
        {
            Assert.Equal(one.W1.Data, other.W1.Data);
            Assert.Equal(one.b1.Data, other.b1.Data);
            Assert.Equal(one.W2.Data, other.W2.Data);
            Assert.Equal(one.b2.Data, other.b2.Data);
        }
        Assert.Equal(h1.Losses, h2.Losses);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_training_step_allocates_nothing_after_warm_up(int threads)
    {
        using var _ = Kernels.OnThisThread(new(Enabled: true, MaxThreads: threads, ParallelFlops: 0));
        var net = Network<float>.Create(784, 64, 10, seed: 1);
        var step = TrainingStep<float>.For(net, 100);
        Assert.IsType<Mlp.Engine.FastStep>(step);
        var batch = new Batch<float>(100, Train); // full-size batches of the real shapes
        var order = Enumerable.Range(0, Train.Count).Reverse().ToArray();
        void Step(int b)
        {
            step.Gather(Train, order.AsSpan(b * 100, 100), batch);
            batch.NextRows = new ArraySegment<int>(order, (b + 1) % 30 * 100, 100); // prefetched meanwhile
            var a2 = step.Forward(net, batch.X);
            Mlp.Maths.CrossEntropy(batch.Y, a2);
            step.Backward(net, batch, 0.5f);
        }
        for (int b = 0; b < 30; b++) Step(b); // warm-up: kernel scratch, worker threads, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < 30; b++) Step(b);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_epoch_allocates_the_same_few_bytes_however_many_batches_it_has()
    {
        using var _ = Kernels.OnThisThread(new(Enabled: true));
        long PerEpoch(int batchSize)
        {
            var trainer = Trainer<float>.Create(Options with { Epochs = 1, BatchSize = batchSize, EvaluateTestEachEpoch = false }, 784, 10);
            trainer.Fit(Train); trainer.Fit(Train); // first epochs: buffers, scratch
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(Train);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long few = PerEpoch(1000), many = PerEpoch(10); // 3 batches vs 300 batches
        Assert.Equal(few, many);   // nothing per batch
        Assert.True(many < 2048, $"{many} bytes per epoch"); // only the epoch's record and iterator
    }
}
