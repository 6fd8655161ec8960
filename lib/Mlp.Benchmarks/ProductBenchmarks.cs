using BenchmarkDotNet.Attributes;

namespace Mlp.Benchmarks;

/// <summary>The five products of a training step, at a minibatch (100) and the full batch (60,000).</summary>
public class ProductBenchmarks
{
    [Params(100, 60000)] public int Rows;
    [Params(1, 2)] public int Threads;
    private Workload _w = null!;

    [GlobalSetup]
    public void Setup()
    {
        Kernels.ForcedThreads = Threads;
        _w = new Workload(Rows);
    }

    /// <summary>z1 = X·W1: (n×784)(784×64).</summary>
    [Benchmark] public void XW1() => _w.XW1();
    /// <summary>z2 = a1·W2: (n×64)(64×10).</summary>
    [Benchmark] public void A1W2() => _w.A1W2();
    /// <summary>dW2 = a1ᵀ·dz2: (64×n)(n×10).</summary>
    [Benchmark] public void A1tDz2() => _w.A1tDz2();
    /// <summary>dz1 = dz2·W2ᵀ: (n×10)(10×64).</summary>
    [Benchmark] public void Dz2W2t() => _w.Dz2W2t();
    /// <summary>dW1 = Xᵀ·dz1: (784×n)(n×64).</summary>
    [Benchmark] public void XtDz1() => _w.XtDz1();
}
