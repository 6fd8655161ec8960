using BenchmarkDotNet.Attributes;
using Mlp.Engine;

namespace Mlp.Benchmarks;

/// <summary>
/// One input half (392 of the 784 inputs, as one thread computes it) of a minibatch's two large
/// products, on 100 shuffled MNIST training images, one thread: with the inputs that are zero in every
/// row left out (<see cref="ZeroInputs"/>) and dense, and the listing of the used inputs itself.
/// GFLOP/s counts the multiply-adds each one does (<see cref="Flops"/>).
/// </summary>
public class ZeroInputsBenchmarks
{
    private const int Rows = 100, Inputs = 784, Half = 392, Hidden = 64;

    /// <summary>The batch: rows of the training set in a seeded shuffle, and how many of the half's inputs they use.</summary>
    private static readonly Lazy<(float[] X, int[] Picked, int Used)> Batch = new(() =>
    {
        var train = BenchData.Training();
        var x = GC.AllocateArray<float>(Rows * Inputs, pinned: true);
        var rng = new Random(12);
        for (int i = 0; i < Rows; i++) train.X.Row(rng.Next(train.Count)).CopyTo(x.AsSpan(i * Inputs, Inputs));
        var picked = GC.AllocateArray<int>(Inputs, pinned: true);
        return (x, picked, ArrayEntries.Used(x, Rows, Inputs, 0, Half, picked));
    });

    private float[] _w1 = [], _z = [], _dz1 = [];

    [GlobalSetup]
    public void Setup()
    {
        Console.WriteLine($"// {Batch.Value.Used} of the first {Half} inputs used by the {Rows} rows");
        _w1 = Random(Inputs * Hidden, 1, 0.05f);
        _dz1 = Random(Rows * Hidden, 2, 0.01f);
        _z = GC.AllocateArray<float>(Rows * Hidden, pinned: true);
    }

    private static float[] Random(int n, int seed, float scale)
    {
        var rng = new Random(seed);
        var a = GC.AllocateArray<float>(n, pinned: true);
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    /// <summary>Floating-point operations of a benchmark (2 per multiply-add; none for the listing).</summary>
    public static double Flops(string method) => method switch
    {
        nameof(XW1LeftOut) or nameof(XtDz1LeftOut) => 2.0 * Rows * Batch.Value.Used * Hidden,
        nameof(XW1Dense) or nameof(XtDz1Dense) => 2.0 * Rows * Half * Hidden,
        _ => double.NaN,
    };

    /// <summary>The list of the half's inputs that some row uses (an OR of the rows' bits).</summary>
    [Benchmark]
    public int Used()
    {
        var (x, picked, _) = Batch.Value;
        return ArrayEntries.Used(x, Rows, Inputs, 0, Half, picked);
    }

    /// <summary>X[:, half]·W1[half, :] over the used inputs.</summary>
    [Benchmark]
    public void XW1LeftOut()
    {
        var (x, picked, used) = Batch.Value;
        ArrayEntries.MultiplyPicked(x, Inputs, Rows, picked, used, _w1, Hidden, _z, Kernels.Width);
    }

    /// <summary>The same product over all 392 inputs.</summary>
    [Benchmark]
    public void XW1Dense()
    {
        ArrayEntries.Multiply(Batch.Value.X, Inputs, 1, Rows, Half, _w1, Hidden, _z, Kernels.Width);
    }

    /// <summary>W1[used, :] += s·X[:, used]ᵀ·dz1 (s tiny, so W1 barely moves between iterations).</summary>
    [Benchmark]
    public void XtDz1LeftOut()
    {
        var (x, picked, used) = Batch.Value;
        ArrayEntries.AddTransposedPicked(x, Inputs, Rows, picked, used, _dz1, Hidden, _w1, -1e-9f, Kernels.Width);
    }

    /// <summary>The same update of W1's rows of all 392 inputs.</summary>
    [Benchmark]
    public void XtDz1Dense()
    {
        ArrayEntries.Multiply(Batch.Value.X, 1, Inputs, Half, Rows, _dz1, Hidden, _w1, Kernels.Width, addToC: true, scale: -1e-9f);
    }
}
