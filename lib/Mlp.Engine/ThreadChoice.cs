using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mlp.Engine;

/// <summary>
/// How many threads are worth using, measured once per process at the engine's first use (about
/// 0.1 s): the same fused multiply-add loop, cut into pieces, is run on one thread and then on two,
/// three, … through <see cref="WorkerPool"/>, as the products are; a thread is added only while it
/// brings at least <see cref="MinimumGain"/> more throughput. Measured twice: for short jobs (a
/// tenth of a millisecond, like a minibatch's products, where a thread the OS has not scheduled
/// yet is of no help) and for long ones (milliseconds, like the full batch's). On a machine whose
/// vCPUs share one core's FMA units (this project's Intel Xeon), or whose other cores are busy, that is
/// one thread. Only the speed depends on it: results are the same for any thread count.
/// <para>What it pays, BenchmarkDotNet (EpochBenchmarks, Threads auto against 2, medians of 15), 2026-12-07 00:26 UTC,
/// Intel(R) Xeon(R) Processor, 2 vCPUs, load average 8: minibatch epoch 156.1 ms chosen, 175.3 ms on two threads; full batch
/// 160.3 and 161.7 ms; the medians of five such runs 195 against 264 ms and 160 against 197 ms. lib/Mlp.Benchmarks/README.md,
/// "What each heuristic pays".</para>
/// </summary>
internal static unsafe class ThreadChoice
{
    /// <summary>An added thread must raise throughput by this factor of one thread's (0.3: by 30%).</summary>
    public const double MinimumGain = 0.3;

    /// <summary>Products of at least this many floating-point operations (about a millisecond on one
    /// core) count as long jobs.</summary>
    public const long LongJobFlops = 100_000_000;

    private static readonly Lazy<(int Short, int Long)> Measured = new(Measure);

    /// <summary>Threads worth using for a job of this many floating-point operations.</summary>
    public static int UsefulFor(long flops) => flops >= LongJobFlops ? Measured.Value.Long : Measured.Value.Short;

    /// <summary>Throughput (pieces per second) of 1 .. ProcessorCount threads, short and long jobs, best of a few tries.</summary>
    public static (double[] Short, double[] Long) Throughputs { get; private set; } = ([], []);

    private static (int, int) Measure()
    {
        int most = Environment.ProcessorCount;
        if (most == 1) return (1, 1);
        Run(1, 4, 2000); // warm up: JIT, worker threads
        Run(most, 4 * most, 2000);
        Throughputs = (Rates(most, pieces: 8, iterations: 2_000, tries: 7),  // 8 pieces of ~3 µs each per thread
            Rates(most, pieces: 12, iterations: 300_000, tries: 2));        // 12 pieces of ~0.5 ms each per thread
        return (Useful(Throughputs.Short), Useful(Throughputs.Long));
    }

    /// <summary>Pieces per second of 1 .. most threads, the best of a few tries, the thread counts taken in turn within
    /// each try so that all see the same machine (a burst of other work during one count's tries misled the choice).</summary>
    private static double[] Rates(int most, int pieces, int iterations, int tries)
    {
        var best = Enumerable.Repeat(double.MaxValue, most).ToArray();
        for (int i = 0; i < tries; i++)
            for (int t = 1; t <= most; t++) best[t - 1] = Math.Min(best[t - 1], Run(t, pieces * t, iterations));
        return best.Select((seconds, t) => pieces * (t + 1) / seconds).ToArray();
    }

    private static int Useful(double[] rates)
    {
        int useful = 1;
        while (useful < rates.Length && rates[useful] >= rates[useful - 1] + MinimumGain * rates[0]) useful++;
        return useful;
    }

    private static double Run(int threads, int pieces, int iterations)
    {
        long start = Stopwatch.GetTimestamp();
        WorkerPool.Run(&Piece, &iterations, pieces, threads);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>One piece: 12 independent chains of 256-bit FMAs, *state iterations of them; of 128-bit
    /// multiply-adds where 256-bit vectors are not hardware (fused only where the hardware fuses them,
    /// as in the products: emulated, one piece took seconds).</summary>
    private static void Piece(void* state, int part, int parts)
    {
        if (Vector256.IsHardwareAccelerated) Piece<V256>(*(int*)state);
        else Piece<V128>(*(int*)state);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Piece<TV>(int n) where TV : struct, ISimd<TV>
    {
        var x = TV.Broadcast(1.0000001f); var y = TV.Broadcast(0.9999999f);
        TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero, a4 = TV.Zero, a5 = TV.Zero,
            a6 = TV.Zero, a7 = TV.Zero, a8 = TV.Zero, a9 = TV.Zero, a10 = TV.Zero, a11 = TV.Zero;
        for (int i = 0; i < n; i++)
        {
            a0 = TV.Fma(x, y, a0); a1 = TV.Fma(x, y, a1); a2 = TV.Fma(x, y, a2); a3 = TV.Fma(x, y, a3);
            a4 = TV.Fma(x, y, a4); a5 = TV.Fma(x, y, a5); a6 = TV.Fma(x, y, a6); a7 = TV.Fma(x, y, a7);
            a8 = TV.Fma(x, y, a8); a9 = TV.Fma(x, y, a9); a10 = TV.Fma(x, y, a10); a11 = TV.Fma(x, y, a11);
        }
        var sum = TV.Add(TV.Add(TV.Add(a0, a1), TV.Add(a2, a3)), TV.Add(TV.Add(TV.Add(a4, a5), TV.Add(a6, a7)), TV.Add(TV.Add(a8, a9), TV.Add(a10, a11))));
        float* keep = stackalloc float[TV.Width];
        TV.Store(sum, keep);
        Sink = keep[0];
    }

    private static float Sink;
}
