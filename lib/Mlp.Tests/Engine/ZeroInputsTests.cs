using Mlp.Engine;

namespace Mlp.Tests.Engine;

/// <summary>
/// Leaving out the inputs that are zero in every row of a batch (<see cref="ZeroInputs"/>) is an
/// optimisation only: every weight, every loss, bit for bit the dense products', on every vector width
/// and thread count, and the same NaN where a left-out term would have been 0·∞.
/// </summary>
public class ZeroInputsTests
{
    /// <summary>
    /// MNIST-like rows: of 784 inputs, a border of columns that are zero in every row, columns that are
    /// lit in only one row of the whole set (so most batches leave them out and one does not), −0 in one
    /// column (it counts as used), and random values elsewhere, mostly zero.
    /// </summary>
    internal static Dataset<float> Sparse(int n, int inputs = 784, int seed = 11)
    {
        var rng = new Random(seed);
        var X = new Matrix<float>(n, inputs);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = rng.Next(10);
            for (int j = 0; j < inputs; j++)
            {
                bool border = j % 28 < 3 || j % 28 > 24 || j < 3 * 28;
                if (!border && rng.NextDouble() < 0.3) X[i, j] = (float)rng.NextDouble() * (1 + labels[i] % 3);
            }
        }
        for (int j = 1; j < 40; j += 3) X[(j * 37) % n, j] = 0.5f; // border columns lit once in the whole set
        X[n / 2, 2] = -0f;
        return new Dataset<float>(X, labels, 10, "sparse");
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (var w in KernelProductTests.Widths())
            foreach (int threads in new[] { 1, 2 })
                foreach (var (batch, hidden) in new[] { (100, 64), (61, 32), (4, 64) })
                    yield return [w[0], threads, batch, hidden];
    }

    [Theory, MemberData(nameof(Cases))]
    public void Leaving_out_the_zero_inputs_changes_no_bit_of_a_minibatch_training(int bits, int threads, int batch, int hidden)
    {
        var data = Sparse(600);
        var options = new TrainingOptions { Hidden = hidden, LearningRate = 0.5, Epochs = 2, BatchSize = batch, Seed = 4, EvaluateTestEachEpoch = false };
        Assert.True(ZeroInputs.Apply(hidden, (SimdWidth)bits) || bits == 512 && hidden == 32);
        AssertSkippingChangesNoBit(data, options, threads, (SimdWidth)bits);
    }

    /// <summary>Trains twice from the same seed, with the zero inputs multiplied and left out, and compares every bit.</summary>
    private static void AssertSkippingChangesNoBit(Dataset<float> data, TrainingOptions options, int threads, SimdWidth? width = null)
    {
        (Network<float> Net, TrainingHistory History) Run(bool skip)
        {
            using var _ = Kernels.OnThisThread(new(Enabled: true, MaxThreads: threads, Width: width, ParallelFlops: 0, SkipZeroInputs: skip));
            return Trainer.Train(data, null, options);
        }
        var (dense, skipped) = (Run(false), Run(true));
        Assert.Equal(dense.Net.W1.Data, skipped.Net.W1.Data);
        Assert.Equal(dense.Net.b1.Data, skipped.Net.b1.Data);
        Assert.Equal(dense.Net.W2.Data, skipped.Net.W2.Data);
        Assert.Equal(dense.Net.b2.Data, skipped.Net.b2.Data);
        Assert.Equal(dense.History.Losses, skipped.History.Losses);
        Assert.True(dense.History[^1].TrainLoss < dense.History[0].TrainLoss, "the network learned something");
    }

    public static IEnumerable<object[]> LongCases()
    {
        foreach (var w in KernelProductTests.Widths())
            foreach (int threads in new[] { 1, 2 })
                yield return [w[0], threads];
    }

    [Theory, MemberData(nameof(LongCases))]
    public void Leaving_out_the_zero_inputs_changes_no_bit_of_a_full_batch_training(int bits, int threads)
    {
        var data = Sparse(2000); // 16 blocks of rows (RowBlocks), the last one partial
        var options = new TrainingOptions { Hidden = 64, LearningRate = 0.5, Epochs = 3, FullBatch = true, Seed = 4, EvaluateTestEachEpoch = false };
        AssertSkippingChangesNoBit(data, options, threads, (SimdWidth)bits);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public void Batches_that_use_every_input_change_no_bit_either(bool fullBatch, int threads)
    {
        // A few rows with every pixel lit: a batch (or block of rows) that holds one uses every input, so it leaves
        // nothing out; the others, about half of them, leave their zero inputs out.
        var data = Sparse(fullBatch ? 4000 : 1000);
        int every = fullBatch ? 500 : 100;
        for (int i = every / 2; i < data.Count; i += every)
            for (int j = 0; j < 784; j++) data.X[i, j] = 0.25f;
        var options = new TrainingOptions { Hidden = 64, LearningRate = 0.5, Epochs = 3, BatchSize = 50, FullBatch = fullBatch, Seed = 4, EvaluateTestEachEpoch = false };
        AssertSkippingChangesNoBit(data, options, threads);
    }

    [Fact]
    public void Used_lists_the_inputs_with_any_bit_set_in_any_row_in_order()
    {
        const int rows = 5, inputs = 150; // more than one chunk of columns, and a tail
        var x = new float[rows * inputs];
        var expected = new SortedSet<int>();
        void Set(int i, int j, float v) { x[i * inputs + j] = v; expected.Add(j); }
        Set(0, 0, 1f); Set(4, 63, 2f); Set(2, 64, -0f); Set(1, 100, float.NaN); Set(3, 149, float.Epsilon); Set(0, 130, -3f);
        var picked = new int[inputs];
        int n = ArrayEntries.Used(x, rows, inputs, 0, inputs, picked);
        Assert.Equal(expected.ToArray(), picked[..n]);
        n = ArrayEntries.Used(x, rows, inputs, 64, inputs - 64, picked); // a range that starts inside the row
        Assert.Equal(expected.Where(j => j >= 64).ToArray(), picked[..n]);
        n = ArrayEntries.Used(x, 0, inputs, 0, inputs, picked);          // no rows: nothing is used
        Assert.Equal(0, n);
    }

    [Fact]
    public void Finite_finds_infinities_and_NaN_anywhere()
    {
        var v = new float[37];
        Assert.True(ArrayEntries.Finite(v));
        foreach (int at in new[] { 0, 15, 16, 36 })
            foreach (float bad in new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN })
            {
                v[at] = bad;
                Assert.False(ArrayEntries.Finite(v), $"{bad} at {at}");
                v[at] = float.MaxValue;
            }
        Assert.True(ArrayEntries.Finite(v));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2000)]
    public void An_infinite_weight_of_a_zero_input_gives_the_dense_products_NaN(int n)
    {
        var data = Sparse(n);
        var batch = new Batch<float>(data.X, data.Y, data.Labels);
        var net = Network<float>.Create(784, 64, 10, seed: 3);
        net.W1[0, 5] = float.PositiveInfinity; // input 0 is zero in every row: 0·∞ = NaN in every z1
        Network<float> After(bool skip, out float[] a2)
        {
            using var _ = Kernels.OnThisThread(new(Enabled: true, MaxThreads: 1, SkipZeroInputs: skip));
            var copy = net.Clone();
            var step = TrainingStep<float>.For(copy, n);
            a2 = step.Forward(copy, data.X, data.Y).Data.ToArray();
            step.Backward(copy, batch, 0.1f);
            return copy;
        }
        var skipped = After(true, out var a2Skipped);
        var dense = After(false, out var a2Dense);
        Assert.All(a2Dense, v => Assert.True(float.IsNaN(v)));
        Assert.Equal(a2Dense.Select(BitConverter.SingleToInt32Bits), a2Skipped.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(dense.W1.Data.Select(BitConverter.SingleToInt32Bits), skipped.W1.Data.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(dense.W2.Data.Select(BitConverter.SingleToInt32Bits), skipped.W2.Data.Select(BitConverter.SingleToInt32Bits));
    }
}
