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
        Batch<float>[] batches = [new(100, Train), new(100, Train)]; // full-size batches of the real shapes, alternating
        var order = Enumerable.Range(0, Train.Count).Reverse().ToArray();
        void Step(int b)
        {
            var batch = batches[b % 2];
            Fill(batch, order, b * 100);
            var a2 = step.Forward(net, batch.X, batch.Y);
            Mlp.Maths.CrossEntropy(batch.Y, a2);
            step.Backward(net, batch, 0.5f);
        }
        AssertAllocatesNothingAfterWarmUp(Step, steps: 30);
    }

    /// <summary>Copies rows order[from ..] of the training set into the batch, as the trainer's buffers do.</summary>
    private static void Fill(Batch<float> batch, int[] order, int from)
    {
        for (int i = 0; i < batch.Rows; i++)
        {
            Train.X.Row(order[from + i]).CopyTo(batch.X.Row(i));
            Train.Y.Row(order[from + i]).CopyTo(batch.Y.Row(i));
        }
    }

    /// <summary>Runs steps 0 .. steps−1 once to warm up (kernel scratch, worker threads, JIT), then again, and
    /// asserts that the second round allocated nothing on this thread.</summary>
    private static void AssertAllocatesNothingAfterWarmUp(Action<int> step, int steps)
    {
        for (int b = 0; b < steps; b++) step(b);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < steps; b++) step(b);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_long_step_in_blocks_of_rows_allocates_nothing_after_warm_up(int threads)
    {
        using var _ = Kernels.OnThisThread(new(Enabled: true, MaxThreads: threads, ParallelFlops: 0));
        var net = Network<float>.Create(784, 64, 10, seed: 1);
        var step = TrainingStep<float>.For(net, 2000); // 2,000 rows: a long step (RowBlocks), 16 blocks in 4 parts
        var batch = new Batch<float>(2000, Train);
        var order = Enumerable.Range(0, Train.Count).Reverse().ToArray();
        void Step(int b)
        {
            Fill(batch, order, b % 2 * 1000);
            var a2 = step.Forward(net, batch.X, batch.Y);
            Mlp.Maths.CrossEntropy(batch.Y, a2);
            step.Backward(net, batch, 0.5f);
        }
        AssertAllocatesNothingAfterWarmUp(Step, steps: 4);
    }

    [Fact]
    public void An_epoch_allocates_the_same_few_bytes_however_many_batches_it_has()
    {
        using var _ = Kernels.OnThisThread(new(Enabled: true));
        long PerEpoch(int batchSize)
        {
            var trainer = Trainer<float>.Create(Options with { Epochs = 1, BatchSize = batchSize, EvaluateTestEachEpoch = false }, 784, 10);
            trainer.Fit(Train); trainer.Fit(Train); trainer.Fit(Train); // first epochs: buffers, scratch, the thread choice (7 steps of batch 1000)
            long before = GC.GetAllocatedBytesForCurrentThread();
            trainer.Fit(Train);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long few = PerEpoch(1000), many = PerEpoch(10); // 3 batches vs 300 batches
        Assert.Equal(few, many);   // nothing per batch
        Assert.True(many < 2048, $"{many} bytes per epoch"); // only the epoch's record and iterator
    }
}

/// <summary>One training step of the engine against the lesson's, on awkward shapes and every vector width.</summary>
public class FastStepTests
{
    public static IEnumerable<object[]> Cases()
    {
        var shapes = new[] { (100, 784, 64, 10), (7, 63, 65, 17), (13, 20, 17, 3), (1, 1, 1, 1), (61, 100, 16, 16), (2000, 784, 64, 10), (300, 784, 256, 10) }; // the last two: long steps (RowBlocks), the last with fewer blocks than parts
        foreach (var w in KernelProductTests.Widths())
            foreach (var (n, inputs, hidden, classes) in shapes)
                foreach (int threads in new[] { 1, 2 })
                    yield return [w[0], n, inputs, hidden, classes, threads, true];
        foreach (int threads in new[] { 1, 2 }) // a long step in two passes over the batch, as HeuristicBenchmarks times it
            yield return [(int)Kernels.NativeWidth, 2000, 784, 64, 10, threads, false];
    }

    [Theory, MemberData(nameof(Cases))]
    public void A_fast_step_matches_the_lessons_step(int bits, int n, int inputs, int hidden, int classes, int threads, bool rowBlocks)
    {
        var net = new Network<float>(TestData.Random<float>(inputs, hidden, 1, 0.1), TestData.Random<float>(1, hidden, 2),
            TestData.Random<float>(hidden, classes, 3), TestData.Random<float>(1, classes, 4));
        var X = TestData.Random<float>(n, inputs, 5);
        var labels = Enumerable.Range(0, n).Select(i => i * 7 % classes).ToArray();
        var data = new Dataset<float>(X, labels, classes, "random");
        var batch = new Batch<float>(X, data.Y, labels);
        var (fast, reference) = (net.Clone(), net.Clone());
        Matrix<float> fastA2;
        using (Kernels.OnThisThread(new(Enabled: true, MaxThreads: threads, Width: (Mlp.Engine.SimdWidth)bits, ParallelFlops: 0, RowBlocks: rowBlocks)))
        {
            var step = TrainingStep<float>.For(fast, n);
            Assert.IsType<Mlp.Engine.FastStep>(step);
            fastA2 = step.Forward(fast, X, data.Y).Clone();
            step.Backward(fast, batch, 0.5f);
        }
        var lesson = new LessonStep<float>(n, inputs, hidden, classes);
        var referenceA2 = lesson.Forward(reference, X);
        for (int i = 0; i < fastA2.Data.Length; i++) Assert.InRange(fastA2.Data[i] - referenceA2.Data[i], -1e-4f, 1e-4f);
        lesson.Backward(reference, batch, 0.5f);
        // After one step the weights differ by the float rounding of the products and of the update's factor.
        foreach (var (f, r, name) in new[] { (fast.W1, reference.W1, "W1"), (fast.b1, reference.b1, "b1"), (fast.W2, reference.W2, "W2"), (fast.b2, reference.b2, "b2") })
            for (int i = 0; i < f.Data.Length; i++)
                Assert.True(Math.Abs(f.Data[i] - r.Data[i]) <= 2e-5f * (1 + Math.Abs(r.Data[i])), $"{name}[{i}]: fast {f.Data[i]}, lesson {r.Data[i]}");
    }
}

public class ThreadChoiceTests
{
    [Fact]
    public void The_librarys_choice_of_threads_keeps_the_same_numbers()
    {
        var data = new Dataset<float>(TestData.Random<float>(3000, 784, 3), Enumerable.Range(0, 3000).Select(i => i % 10).ToArray(), 10, "random");
        var options = new TrainingOptions { Hidden = 64, LearningRate = 0.5, Epochs = 1, BatchSize = 75, Seed = 3, EvaluateTestEachEpoch = false };
        Network<float> tuned, one;
        using (Kernels.OnThisThread(new(Enabled: true))) tuned = Trainer.Train(data, null, options).Network; // the threads ThreadChoice measured
        Assert.InRange(Kernels.UsefulThreadsForShortJobs, 1, Environment.ProcessorCount);
        using (Kernels.OnThisThread(new(Enabled: true, MaxThreads: 1))) one = Trainer.Train(data, null, options).Network;
        Assert.Equal(one.W1.Data, tuned.W1.Data);
        Assert.Equal(one.W2.Data, tuned.W2.Data);
        Assert.Equal(one.b1.Data, tuned.b1.Data);
        Assert.Equal(one.b2.Data, tuned.b2.Data);
    }
}
