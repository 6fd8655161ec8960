using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// An input that is zero in every row of a batch adds nothing to either large product: its column
/// of X adds 0·W1[k, :] to z1, and its row of dW1 = Xᵀ·dz1 is 0, so W1's row k keeps its value. MNIST's
/// border pixels are blank: in a minibatch of 100 shuffled images, 268 of the 784 inputs are zero in
/// every row (34%, measured over an epoch). So both products run over the inputs the batch uses
/// (<see cref="Used"/>, "picked"), in ascending order:
/// <list type="bullet">
/// <item>X·W1: each row of z1 is the same chain of fused multiply-adds as the dense product's, without
/// the links that add x·w = 0 (an accumulator that starts at +0 is never −0, so adding ±0 leaves it as it is);</item>
/// <item>W1 += −η/n·Xᵀ·dz1: the rows of the picked inputs only; every other row would have added 0.</item>
/// </list>
/// The numbers are bit for bit the dense products' as long as what is left out is exactly zero:
/// x = +0 (all its bits 0; −0 and NaN count as used) times a finite factor (0·∞ is NaN, not 0). So
/// inputs are left out of X·W1 only while their rows of W1 are finite (<see cref="LeftOutFinite"/>),
/// and out of Xᵀ·dz1 only while dz1 is (<see cref="Finite"/>); otherwise the dense product runs.
/// Only for widths of whole tiles (<see cref="Apply"/>: 64 hidden units with AVX-512), so the kernels
/// have no edge columns.
/// <para>What it pays, BenchmarkDotNet (HeuristicBenchmarks, nothing against ZeroInputs switched off, the library's choice
/// of threads, medians of 15), 2026-12-07 00:26 UTC, Intel(R) Xeon(R) Processor, 2 vCPUs, load average 8: minibatch epoch
/// 168.5 ms with, 201.5 ms without; the medians of five such runs 172 and 202 ms (slower without in 4 of 5). The full batch
/// showed no gain under that load (179 and 180 ms; Stopwatch, the same minutes: 191 and 230 ms). lib/Mlp.Benchmarks/README.md,
/// "What each heuristic pays".</para>
/// </summary>
internal static unsafe class ZeroInputs
{
    /// <summary>True when the hidden layer is a whole number of 4-vector tiles wide (64, 128, … with AVX-512; 32, 64, … with AVX2).</summary>
    public static bool Apply(int H, SimdWidth width) => H > 0 && H % (4 * ((int)width / 32)) == 0;

    /// <summary>Of the inputs k0 .. k0+k, those with any bit set in any of the rows of x (row stride ld),
    /// into <paramref name="picked"/> in ascending order; returns how many.</summary>
    public static int Used(float* x, int rows, nint ld, int k0, int k, int* picked) =>
        Kernels.NativeWidth switch
        {
            SimdWidth.V512 => Used<V512>(x, rows, ld, k0, k, picked),
            SimdWidth.V256 => Used<V256>(x, rows, ld, k0, k, picked),
            _ => Used<V128>(x, rows, ld, k0, k, picked),
        };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Used<TV>(float* x, int rows, nint ld, int k0, int k, int* picked) where TV : struct, ISimd<TV>
    {
        int W = TV.Width, chunk = 8 * W, n = 0; // eight vectors of columns, held in registers while the rows stream past
        uint* mask = stackalloc uint[8 * 16];
        for (int c0 = 0; c0 < k; c0 += chunk)
        {
            int len = Math.Min(chunk, k - c0);
            float* col = x + k0 + c0;
            if (len == chunk)
            {
                TV m0 = TV.Zero, m1 = TV.Zero, m2 = TV.Zero, m3 = TV.Zero, m4 = TV.Zero, m5 = TV.Zero, m6 = TV.Zero, m7 = TV.Zero;
                for (int i = 0; i < rows; i++)
                {
                    float* r = col + i * ld;
                    m0 = TV.Or(m0, TV.Load(r)); m1 = TV.Or(m1, TV.Load(r + W)); m2 = TV.Or(m2, TV.Load(r + 2 * W)); m3 = TV.Or(m3, TV.Load(r + 3 * W));
                    m4 = TV.Or(m4, TV.Load(r + 4 * W)); m5 = TV.Or(m5, TV.Load(r + 5 * W)); m6 = TV.Or(m6, TV.Load(r + 6 * W)); m7 = TV.Or(m7, TV.Load(r + 7 * W));
                }
                float* m = (float*)mask;
                TV.Store(m0, m); TV.Store(m1, m + W); TV.Store(m2, m + 2 * W); TV.Store(m3, m + 3 * W);
                TV.Store(m4, m + 4 * W); TV.Store(m5, m + 5 * W); TV.Store(m6, m + 6 * W); TV.Store(m7, m + 7 * W);
            }
            else
            {
                new Span<uint>(mask, len).Clear();
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < len; j++) mask[j] |= ((uint*)col)[i * ld + j];
            }
            for (int j = 0; j < len; j++)
                if (mask[j] != 0) picked[n++] = k0 + c0 + j;
        }
        return n;
    }

    /// <summary>True when the rows of w (H wide) of the inputs k0 .. k0+k that are not among the n picked are all finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool LeftOutFinite(float* w, int H, int k0, int k, int* picked, int n)
    {
        int p = 0;
        for (int kk = k0; kk < k0 + k; kk++)
        {
            if (p < n && picked[p] == kk) { p++; continue; }
            if (!Finite(w + (nint)kk * H, H)) return false;
        }
        return true;
    }

    /// <summary>True when none of the n floats is ±∞ or NaN (an exponent of all ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Finite(float* v, int n)
    {
        int W = Vector<uint>.Count, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var exponent = new Vector<uint>(0x7F80_0000u);
            var bad = Vector<uint>.Zero;
            for (; i <= n - W; i += W) bad |= Vector.Equals(Vector.Load((uint*)v + i) & exponent, exponent);
            if (bad != Vector<uint>.Zero) return false;
        }
        for (; i < n; i++)
            if (!float.IsFinite(v[i])) return false;
        return true;
    }

    /// <summary>The operands of the two products over the picked inputs: X (Rows rows, row stride Ld), the N picked inputs,
    /// W (H wide: W1), and for <see cref="Multiply"/> C (H wide) with its epilogue, for <see cref="AddTransposed"/> dz (H wide) and Scale.</summary>
    public struct Job
    {
        public float* X, W, C, Bias, Activation, Dz; public nint Ld; public int Rows, N, H; public int* Picked; public float Scale; public SimdWidth Width;
        public delegate*<void*, int, int, void> RowsDone; public void* RowsState;
    }

    /// <summary>
    /// C = X[:, picked]·W[picked, :], tile by tile of rows, cut between the threads by whole tiles. With a bias, each tile's
    /// rows then get a = σ(C + bias) into Activation, and RowsDone runs on them, as <see cref="Gemm.Multiply"/>'s epilogue does.
    /// </summary>
    public static void Multiply(Job* j, int threads) =>
        WorkerPool.Run(j->Width switch { SimdWidth.V512 => &MultiplyPart<V512>, SimdWidth.V256 => &MultiplyPart<V256>, _ => &MultiplyPart<V128> },
            j, Math.Max(1, Math.Min(threads * Gemm.PiecesPerThread, j->Rows / 6)), threads);

    /// <summary>For each picked input kk: W's row kk += Scale·Σ_i X(i, kk)·dz(i, :), tile by tile of picked inputs, cut between the threads.</summary>
    public static void AddTransposed(Job* j, int threads) =>
        WorkerPool.Run(j->Width switch { SimdWidth.V512 => &AddTransposedPart<V512>, SimdWidth.V256 => &AddTransposedPart<V256>, _ => &AddTransposedPart<V128> },
            j, Math.Max(1, Math.Min(threads * Gemm.PiecesPerThread, j->N / 6)), threads);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyPart<TV>(void* state, int part, int parts) where TV : struct, ISimd<TV>
    {
        ref Job g = ref *(Job*)state;
        int MR = TV.Rows, NR = 4 * TV.Width, tiles = (g.Rows + MR - 1) / MR, H = g.H;
        nint* offsets = stackalloc nint[6];
        float** into = stackalloc float*[6];
        float* tile = stackalloc float[6 * 64 + 16]; // a partial tile's rows (MR × NR), then copied out
        for (int t = tiles * part / parts; t < tiles * (part + 1) / parts; t++)
        {
            int i0 = t * MR, r = Math.Min(MR, g.Rows - i0);
            for (int q = 0; q < 6; q++) offsets[q] = (i0 + Math.Min(q, r - 1)) * g.Ld; // a partial tile repeats its last row
            for (int j0 = 0; j0 < H; j0 += NR)
            {
                float* cp = g.C + (nint)i0 * H + j0;
                for (int q = 0; q < 6; q++) into[q] = r == MR ? cp + q * H : tile + q * NR;
                MicroKernels.Tile4<TV>(g.X, offsets, g.Picked, 1, g.N, g.W + j0, H, into, accumulate: false, scale: 1f);
                if (r < MR)
                    for (int q = 0; q < r; q++) new ReadOnlySpan<float>(tile + q * NR, NR).CopyTo(new Span<float>(cp + q * H, NR));
            }
            if (g.Bias != null)
                for (int q = i0; q < i0 + r; q++) Elementwise.AddBiasSigmoidRow(g.C + (nint)q * H, g.Bias, g.Activation + (nint)q * H, H);
            if (g.RowsDone != null) g.RowsDone(g.RowsState, i0, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTransposedPart<TV>(void* state, int part, int parts) where TV : struct, ISimd<TV>
    {
        ref Job g = ref *(Job*)state;
        int MR = TV.Rows, NR = 4 * TV.Width, tiles = (g.N + MR - 1) / MR, H = g.H;
        nint* offsets = stackalloc nint[6];
        float** into = stackalloc float*[6];
        float* spare = stackalloc float[64 + 16]; // where a partial tile's missing rows go
        for (int t = tiles * part / parts; t < tiles * (part + 1) / parts; t++)
        {
            int first = t * MR, r = Math.Min(MR, g.N - first);
            for (int q = 0; q < 6; q++) offsets[q] = g.Picked[first + Math.Min(q, r - 1)];
            for (int j0 = 0; j0 < H; j0 += NR)
            {
                for (int q = 0; q < 6; q++) into[q] = q < r ? g.W + (nint)g.Picked[first + q] * H + j0 : spare;
                MicroKernels.Tile4<TV>(g.X, offsets, Steps.All(g.Rows), g.Ld, g.Rows, g.Dz + j0, H, into, accumulate: true, g.Scale);
            }
        }
    }
}
