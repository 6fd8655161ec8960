using System.Numerics;
using System.Runtime.Intrinsics;
using Mlp.Engine;

namespace Mlp;

/// <summary>
/// The settings of the fast single-precision engine in this folder (lib/Mlp.Engine/): its switch,
/// its threads, its vector width. The lesson's code (<see cref="Maths"/>, <see cref="LinearAlgebra"/>)
/// knows nothing of it: it stays the definition and the tests' oracle, and double precision always
/// runs it. The trainer and the evaluation ask <see cref="UseEngine{T}"/> once which one to run.
/// </summary>
public static class Kernels
{
    /// <summary>On unless the environment variable MLP_KERNELS is "off" (to time or debug the readable path).</summary>
    private static bool _enabled = !string.Equals(Environment.GetEnvironmentVariable("MLP_KERNELS"), "off", StringComparison.OrdinalIgnoreCase);
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>Set to false to force the readable reference code everywhere (tests compare both).</summary>
    public static bool Enabled
    {
        get => _local?.Enabled ?? _enabled;
        set => _enabled = value;
    }

    /// <summary>
    /// How many threads a large product may use (default: the processor count). The engine uses at
    /// most <see cref="UsefulThreads"/> of them. Products split the rows of their result between
    /// threads, and each element is summed in the same order whatever this is, so the numbers do not
    /// depend on it — only the speed does.
    /// </summary>
    public static int MaxThreads
    {
        get => _local?.MaxThreads ?? _maxThreads;
        set => _maxThreads = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxThreads), value, Localized.Format(Strings.AtLeastOne, nameof(MaxThreads)));
    }

    /// <summary>
    /// How many threads make this machine faster for a large product, measured once per process
    /// (<see cref="ThreadChoice"/>): the processor count where each added thread adds FMA
    /// throughput, fewer where it does not (two vCPUs that share one core's FMA units, or a core
    /// busy with other processes). Short products (a minibatch's) are measured apart:
    /// <see cref="UsefulThreadsForShortJobs"/>.
    /// </summary>
    public static int UsefulThreads => ThreadChoice.UsefulFor(ThreadChoice.LongJobFlops);

    /// <summary>The same for products of a tenth of a millisecond, where a thread the OS does not
    /// schedule at once is no help.</summary>
    public static int UsefulThreadsForShortJobs => ThreadChoice.UsefulFor(0);

    /// <summary>The threads the engine runs a job of this many floating-point operations on: a
    /// thread-local setting as given (tests), else <see cref="ForcedThreads"/> (benchmarks), else
    /// the smaller of <see cref="MaxThreads"/> and what is useful for a job of that size.</summary>
    internal static int ThreadsFor(long flops) => _local?.MaxThreads ?? ForcedThreads ?? Math.Min(_maxThreads, ThreadChoice.UsefulFor(flops));

    /// <summary>Exactly this many threads, measured or not (to time 1 and 2 threads side by side).</summary>
    internal static int? ForcedThreads { get; set; }

    /// <summary>The vector width the kernels use: 512 bits where the CPU has AVX-512, else 256, else 128.</summary>
    public static int VectorBits => (int)Width;

    internal static SimdWidth Width => _local?.Width ?? NativeWidth;

    /// <summary>Products with fewer floating-point operations than this run on one thread: below it,
    /// handing work to another core costs more than it saves (measured: see the benchmarks README).</summary>
    internal static long ParallelFlops => _local?.ParallelFlops ?? DefaultParallelFlops;

    internal static long DefaultParallelFlops = 4_000_000;

    /// <summary>
    /// The CPU's vector level as .NET sees it, in a few words: "AVX-512 with FMA", "AVX2 with FMA",
    /// "AVX without FMA", "SSE4, no AVX", "arm64 NEON with FMA" (what
    /// <c>DOTNET_EnableAVX=0</c> or <c>DOTNET_EnableAVX2=0</c> hides counts as absent).
    /// </summary>
    public static string CpuLevel =>
        System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "arm64 NEON with FMA" :
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512 with FMA" :
        System.Runtime.Intrinsics.X86.Avx2.IsSupported ? (Hardware.Fma ? "AVX2 with FMA" : "AVX2 without FMA") :
        System.Runtime.Intrinsics.X86.Avx.IsSupported ? (Hardware.Fma ? "AVX with FMA" : "AVX without FMA") :
        System.Runtime.Intrinsics.X86.Sse41.IsSupported ? "SSE4, no AVX" :
        Vector128.IsHardwareAccelerated ? "128-bit vectors, no FMA" : "no hardware vectors";

    /// <summary>
    /// Which code trains single precision on this machine, in one line (the CLI prints it before
    /// training; <c>mlp-notebooks doctor</c> too). Decided once, from the CPU: the engine runs
    /// with fused multiply-adds where the hardware has them for its vector width (x64 FMA3, which
    /// every AVX2 and AVX-512 CPU has; arm64); elsewhere with a multiply and an add
    /// (<see cref="Hardware.Fma"/>), which was measured faster than the readable code: one MNIST
    /// minibatch epoch under <c>DOTNET_EnableAVX=0</c> took 1.37 s against the readable code's 3.12 s,
    /// under <c>DOTNET_EnableAVX2=0</c> 1.63 s against 3.00 s (lib/Mlp.Benchmarks/README.md).
    /// </summary>
    public static string PathDescription => !Enabled
        ? EngineStrings.PathReadable
        : Localized.Format(EngineStrings.PathFast, VectorBits, FusedMultiplyAdd
            ? EngineStrings.PathFma
            : Localized.Format(EngineStrings.PathNoFma, CpuLevel));

    /// <summary>True where the engine's vectors multiply and add in one fused instruction (every AVX2, AVX-512 and arm64 CPU):
    /// the usual path, which the setup cell does not mention.</summary>
    public static bool FusedMultiplyAdd => Width == SimdWidth.V512 || Hardware.Fma;

    internal static readonly SimdWidth NativeWidth =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 : SimdWidth.V128;

    /// <summary>Settings for the calling thread only, so tests running in parallel can compare the
    /// paths (or force a narrower vector) without changing what other threads do.</summary>
    internal sealed record Settings(bool? Enabled = null, int? MaxThreads = null, SimdWidth? Width = null, long? ParallelFlops = null, bool? SkipZeroInputs = null, bool? RowBlocks = null);

    /// <summary>True (the default) when the products leave out the inputs that are zero in every row of a
    /// batch (<see cref="ZeroInputs"/>: the same numbers, fewer multiply-adds); tests and benchmarks turn it off to compare.</summary>
    internal static bool SkipZeroInputs => _local?.SkipZeroInputs ?? true;

    /// <summary>True (the default) when a long training step runs block by block of rows (<see cref="Engine.RowBlocks"/>: the same
    /// numbers for any thread count); tests and benchmarks turn it off to compare with two passes over the batch.</summary>
    internal static bool RowBlocks => _local?.RowBlocks ?? true;

    [ThreadStatic] private static Settings? _local;

    /// <summary>Applies <paramref name="settings"/> on this thread until the result is disposed.</summary>
    internal static Restore OnThisThread(Settings settings)
    {
        var previous = _local;
        _local = settings;
        return new Restore(previous);
    }

    /// <summary>Puts back the settings that were before (a struct: a benchmark may wrap every call in it, allocating nothing).</summary>
    internal readonly struct Restore(Settings? previous) : IDisposable
    {
        public void Dispose() => _local = previous;
    }

    /// <summary>
    /// The one choice between the lesson's readable code and the fast engine: single precision with
    /// the kernels on. <see cref="TrainingStep{T}.For"/> and <see cref="Evaluation"/> ask it once
    /// per run; the lesson's files (lib/Mlp/Lesson/) never do.
    /// </summary>
    internal static bool UseEngine<T>() => Enabled && typeof(T) == typeof(float);
}
