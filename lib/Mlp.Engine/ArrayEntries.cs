using System.Runtime.InteropServices;

namespace Mlp.Engine;

/// <summary>
/// The engine's pointer kernels on arrays, for the tests and the benchmarks (lib/Mlp.Tests, lib/Mlp.Benchmarks), so that
/// unsafe code stays in this project alone. Each pins its arrays and calls the kernel the engine runs.
/// </summary>
internal static unsafe class ArrayEntries
{
    /// <summary><see cref="ZeroInputs.Used"/>: the inputs k0 … k0+k−1 that some row of x (rows×ld) uses, listed into picked.</summary>
    public static int Used(float[] x, int rows, int ld, int k0, int k, int[] picked)
    {
        fixed (float* px = x) fixed (int* pp = picked) return ZeroInputs.Used(px, rows, ld, k0, k, pp);
    }

    /// <summary><see cref="ZeroInputs.Finite"/>: no NaN nor infinity in v.</summary>
    public static bool Finite(float[] v)
    {
        fixed (float* p = v) return ZeroInputs.Finite(p, v.Length);
    }

    /// <summary><see cref="WorkerPool.Run"/> with a delegate: <paramref name="piece"/> once per part, on up to <paramref name="threads"/> threads.</summary>
    public static void Run(Action piece, int parts, int threads)
    {
        var handle = GCHandle.Alloc(piece);
        try { WorkerPool.Run(&Piece, (void*)GCHandle.ToIntPtr(handle), parts, threads); }
        finally { handle.Free(); }
    }

    private static void Piece(void* state, int part, int parts) => ((Action)GCHandle.FromIntPtr((nint)state).Target!)();
}
