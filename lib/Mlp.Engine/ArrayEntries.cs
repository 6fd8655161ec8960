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

    /// <summary><see cref="ZeroInputs.Multiply"/>: c = x[:, picked]·w[picked, :] over the n picked inputs.</summary>
    public static void MultiplyPicked(float[] x, int ld, int rows, int[] picked, int n, float[] w, int H, float[] c, SimdWidth width)
    {
        fixed (float* px = x, pw = w, pc = c) fixed (int* pp = picked)
        {
            var job = new ZeroInputs.Job { X = px, Ld = ld, Rows = rows, Picked = pp, N = n, W = pw, H = H, C = pc, Width = width };
            ZeroInputs.Multiply(&job, 1);
        }
    }

    /// <summary><see cref="ZeroInputs.AddTransposed"/>: w[picked, :] += scale·x[:, picked]ᵀ·dz.</summary>
    public static void AddTransposedPicked(float[] x, int ld, int rows, int[] picked, int n, float[] dz, int H, float[] w, float scale, SimdWidth width)
    {
        fixed (float* px = x, pw = w, pd = dz) fixed (int* pp = picked)
        {
            var job = new ZeroInputs.Job { X = px, Ld = ld, Rows = rows, Picked = pp, N = n, Dz = pd, W = pw, H = H, Scale = scale, Width = width };
            ZeroInputs.AddTransposed(&job, 1);
        }
    }

    /// <summary><see cref="Gemm.Multiply"/> on one thread: c (+)= scale·(a·b), a read with strides rs (rows) and ks (columns).</summary>
    public static void Multiply(float[] a, int rs, int ks, int M, int K, float[] b, int N, float[] c, SimdWidth width, bool addToC = false, float scale = 1)
    {
        fixed (float* pa = a, pb = b, pc = c)
            Gemm.Multiply(pa, rs, ks, M, K, pb, N, (long)K * N, false, N, pc, N, width, 1, long.MaxValue, addToC: addToC, scale: scale);
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
