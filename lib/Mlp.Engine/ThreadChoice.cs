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
/// vCPUs share one core's FMA units, or whose other cores are busy, that is one thread, so more
/// threads are never slower than fewer. Only the speed depends on it: results are the same for any
/// thread count.
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
        var shortJobs = Rates(most, pieces: 8, iterations: 2_000, tries: 7);   // 8 pieces of ~3 µs each per thread
        long before = WorkerPool.PiecesByWorkers;
        var longJobs = Rates(most, pieces: 12, iterations: 300_000, tries: 2); // 12 pieces of ~0.5 ms each per thread
        long helped = WorkerPool.PiecesByWorkers - before;
        Throughputs = (shortJobs, longJobs);
        // If the workers ran (nearly) nothing, the OS did not schedule them in time: that says nothing
        // about the hardware, and a long product loses nothing by offering them pieces (the caller takes
        // whatever they do not), so long products keep all threads. If they ran their share and it
        // brought no throughput, the cores share their FMA units: one thread.
        int longThreads = helped < 12 * (most - 1) ? most : Useful(longJobs);
        return (Useful(shortJobs), longThreads);
    }

    private static double[] Rates(int most, int pieces, int iterations, int tries)
    {
        var rates = new double[most];
        for (int t = 1; t <= most; t++)
        {
            double best = double.MaxValue;
            for (int i = 0; i < tries; i++) best = Math.Min(best, Run(t, pieces * t, iterations));
            rates[t - 1] = pieces * t / best;
        }
        return rates;
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

    /// <summary>One piece: 12 independent chains of 256-bit FMAs, *state iterations of them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Piece(void* state, int part, int parts)
    {
        int n = *(int*)state;
        var x = Vector256.Create(1.0000001f); var y = Vector256.Create(0.9999999f);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default,
            a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        for (int i = 0; i < n; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(x, y, a0); a1 = Vector256.FusedMultiplyAdd(x, y, a1); a2 = Vector256.FusedMultiplyAdd(x, y, a2);
            a3 = Vector256.FusedMultiplyAdd(x, y, a3); a4 = Vector256.FusedMultiplyAdd(x, y, a4); a5 = Vector256.FusedMultiplyAdd(x, y, a5);
            a6 = Vector256.FusedMultiplyAdd(x, y, a6); a7 = Vector256.FusedMultiplyAdd(x, y, a7); a8 = Vector256.FusedMultiplyAdd(x, y, a8);
            a9 = Vector256.FusedMultiplyAdd(x, y, a9); a10 = Vector256.FusedMultiplyAdd(x, y, a10); a11 = Vector256.FusedMultiplyAdd(x, y, a11);
        }
        Sink = Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private static float Sink;
}
