using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Mlp.Engine;

namespace Mlp.Benchmarks;

/// <summary>
/// The machine's FMA peak: 24 independent chains of 512-bit fused multiply-adds (no loads, no
/// dependencies a core must wait for), on 1 and on 2 threads at once through the library's own
/// worker pool. Run in the same BenchmarkDotNet run as the epochs, so that the ratio
/// epoch time ÷ (12.27 GFLOP ÷ peak) compares two numbers measured under the same conditions.
/// </summary>
public class PeakBenchmarks
{
    /// <summary>Multiply-adds of one benchmark invocation: 2 × 24 chains × 16 lanes × Iterations per thread piece.</summary>
    public const long Iterations = 2_000_000, PiecesPerThread = 4;

    [Params(1, 2)] public int Threads;

    /// <summary>Floating-point operations of one invocation (for the GFLOP/s column).</summary>
    public double Flops => 2.0 * 24 * 16 * Iterations * PiecesPerThread * Threads;

    [Benchmark]
    public void FmaPeak() => ArrayEntries.Run(Piece, (int)PiecesPerThread * Threads, Threads);

    private static readonly Action Piece = () => Sink = Loop(Iterations);

    private static float Sink;

    /// <summary>`quick peak`: the peak of 1 and 2 threads through the pool, as the benchmark runs it,
    /// five times each (a Stopwatch check, not for reporting).</summary>
    public static void Run()
    {
        foreach (int threads in new[] { 1, 2 })
            for (int r = 0; r < 5; r++)
            {
                var peak = new PeakBenchmarks { Threads = threads };
                long t = Stopwatch.GetTimestamp();
                peak.FmaPeak();
                double sec = Stopwatch.GetElapsedTime(t).TotalSeconds;
                Console.WriteLine($"FMA peak, {threads} thread{(threads > 1 ? "s" : "")}: {peak.Flops / sec / 1e9:F1} GFLOP/s");
            }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop(long iters)
    {
        var x = Vector512.Create(1.0000001f); var y = Vector512.Create(0.9999999f);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default,
            a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default,
            a16 = default, a17 = default, a18 = default, a19 = default, a20 = default, a21 = default, a22 = default, a23 = default;
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(x, y, a0); a1 = Vector512.FusedMultiplyAdd(x, y, a1); a2 = Vector512.FusedMultiplyAdd(x, y, a2);
            a3 = Vector512.FusedMultiplyAdd(x, y, a3); a4 = Vector512.FusedMultiplyAdd(x, y, a4); a5 = Vector512.FusedMultiplyAdd(x, y, a5);
            a6 = Vector512.FusedMultiplyAdd(x, y, a6); a7 = Vector512.FusedMultiplyAdd(x, y, a7); a8 = Vector512.FusedMultiplyAdd(x, y, a8);
            a9 = Vector512.FusedMultiplyAdd(x, y, a9); a10 = Vector512.FusedMultiplyAdd(x, y, a10); a11 = Vector512.FusedMultiplyAdd(x, y, a11);
            a12 = Vector512.FusedMultiplyAdd(x, y, a12); a13 = Vector512.FusedMultiplyAdd(x, y, a13); a14 = Vector512.FusedMultiplyAdd(x, y, a14);
            a15 = Vector512.FusedMultiplyAdd(x, y, a15); a16 = Vector512.FusedMultiplyAdd(x, y, a16); a17 = Vector512.FusedMultiplyAdd(x, y, a17);
            a18 = Vector512.FusedMultiplyAdd(x, y, a18); a19 = Vector512.FusedMultiplyAdd(x, y, a19); a20 = Vector512.FusedMultiplyAdd(x, y, a20);
            a21 = Vector512.FusedMultiplyAdd(x, y, a21); a22 = Vector512.FusedMultiplyAdd(x, y, a22); a23 = Vector512.FusedMultiplyAdd(x, y, a23);
        }
        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15 + a16 + a17 + a18 + a19 + a20 + a21 + a22 + a23;
        return Vector512.Sum(s);
    }
}
