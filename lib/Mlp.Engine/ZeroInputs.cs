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
/// have no edge columns. Where too few inputs are unused for it to pay (<see cref="Pays"/>), the products
/// run dense and look again <see cref="DenseRun"/> batches later.
/// </summary>
internal static unsafe class ZeroInputs
{
    /// <summary>True when the hidden layer is a whole number of 4-vector tiles wide (64, 128, … with AVX-512; 32, 64, … with AVX2).</summary>
    public static bool Apply(int H, SimdWidth width) => H > 0 && H % (4 * ((int)width / 32)) == 0;

    /// <summary>True when at least an eighth of the inputs are unused: below that, the multiply-adds left out
    /// would save little more than listing them costs (2.8 µs for 100 rows × 392 inputs, about 6% of that
    /// product, BenchmarkDotNet). MNIST's minibatches use 66% of theirs; Fashion-MNIST's 98%, so its products run dense.</summary>
    public static bool Pays(int used, int inputs) => (long)used * 8 <= (long)inputs * 7;

    /// <summary>After a batch (or block) where it did not pay, this many more run dense before the next look.</summary>
    public const int DenseRun = 15;

    /// <summary>When to look for unused inputs: at every batch (or block) while it pays; after one where it
    /// did not (<see cref="NotPaying"/>), <see cref="DenseRun"/> more run dense before the next look.</summary>
    public struct Lookout
    {
        private int _denseFor;

        /// <summary>Whether this batch should list its inputs; false for one of the dense run after a look that did not pay.</summary>
        public bool Look()
        {
            if (_denseFor == 0) return true;
            _denseFor--;
            return false;
        }

        /// <summary>The last look found too few unused inputs for it to pay.</summary>
        public void NotPaying() => _denseFor = DenseRun;
    }

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

    /// <summary>
    /// C (rows×H, row stride ldc) = X[:, picked]·W[picked, :], where X's rows have stride ld and W is
    /// H wide: tile by tile of rows. With a bias, each tile's rows then get a = σ(C + bias) into
    /// activation, and <paramref name="rowsDone"/> runs on them, as <see cref="Gemm.Multiply"/>'s epilogue does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* x, nint ld, int rows, int* picked, int n, float* w, int H, float* c, nint ldc, SimdWidth width,
        float* bias = null, float* activation = null, delegate*<void*, int, int, void> rowsDone = null, void* rowsState = null)
    {
        switch (width)
        {
            case SimdWidth.V512: Multiply<V512>(x, ld, rows, picked, n, w, H, c, ldc, bias, activation, rowsDone, rowsState); break;
            case SimdWidth.V256: Multiply<V256>(x, ld, rows, picked, n, w, H, c, ldc, bias, activation, rowsDone, rowsState); break;
            default: Multiply<V128>(x, ld, rows, picked, n, w, H, c, ldc, bias, activation, rowsDone, rowsState); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply<TV>(float* x, nint ld, int rows, int* picked, int n, float* w, int H, float* c, nint ldc,
        float* bias, float* activation, delegate*<void*, int, int, void> rowsDone, void* rowsState) where TV : struct, ISimd<TV>
    {
        int MR = TV.Rows, NR = 4 * TV.Width;
        nint* offsets = stackalloc nint[6];
        float** into = stackalloc float*[6];
        float* tile = stackalloc float[6 * 64 + 16]; // a partial tile's rows (MR × NR), then copied out
        for (int i0 = 0; i0 < rows; i0 += MR)
        {
            int r = Math.Min(MR, rows - i0);
            for (int q = 0; q < 6; q++) offsets[q] = (i0 + Math.Min(q, r - 1)) * ld; // a partial tile repeats its last row
            for (int j0 = 0; j0 < H; j0 += NR)
            {
                float* cp = c + i0 * ldc + j0;
                for (int q = 0; q < 6; q++) into[q] = r == MR ? cp + q * ldc : tile + q * NR;
                MicroKernels.Tile4<TV>(x, offsets, picked, 1, n, w + j0, H, into, accumulate: false, scale: 1f);
                if (r < MR)
                    for (int q = 0; q < r; q++) new ReadOnlySpan<float>(tile + q * NR, NR).CopyTo(new Span<float>(cp + q * ldc, NR));
            }
            if (bias != null)
                for (int q = i0; q < i0 + r; q++) Elementwise.AddBiasSigmoidRow(c + q * ldc, bias, activation + q * ldc, H);
            if (rowsDone != null) rowsDone(rowsState, i0, r);
        }
    }

    /// <summary>
    /// For each picked input kk: W's row kk (H wide) += scale·Σ_i X(i, kk)·dz(i, :) over the rows of X
    /// (row stride ld) and of dz (H wide), tile by tile of picked inputs. Each tile first copies its
    /// share of the rows that <paramref name="ahead"/> names, as the dense product does (<see cref="Gemm.Ahead"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddTransposed(float* x, nint ld, int rows, int* picked, int n, float* dz, int H, float* w, float scale, SimdWidth width, in Gemm.Ahead ahead)
    {
        switch (width)
        {
            case SimdWidth.V512: AddTransposed<V512>(x, ld, rows, picked, n, dz, H, w, scale, in ahead); break;
            case SimdWidth.V256: AddTransposed<V256>(x, ld, rows, picked, n, dz, H, w, scale, in ahead); break;
            default: AddTransposed<V128>(x, ld, rows, picked, n, dz, H, w, scale, in ahead); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTransposed<TV>(float* x, nint ld, int rows, int* picked, int n, float* dz, int H, float* w, float scale, in Gemm.Ahead ahead)
        where TV : struct, ISimd<TV>
    {
        int MR = TV.Rows, NR = 4 * TV.Width, tiles = (n + MR - 1) / MR;
        nint* offsets = stackalloc nint[6];
        float** into = stackalloc float*[6];
        float* spare = stackalloc float[64 + 16]; // where a partial tile's missing rows go
        if (tiles == 0 && ahead.Count > 0) Gemm.FetchShare(in ahead, 0, 0, 1, 1); // nothing to add: just copy the next rows
        for (int t = 0; t < tiles; t++)
        {
            if (ahead.Count > 0) Gemm.FetchShare(in ahead, t, 0, tiles, tiles);
            int first = t * MR, r = Math.Min(MR, n - first);
            for (int q = 0; q < 6; q++) offsets[q] = picked[first + Math.Min(q, r - 1)];
            for (int j0 = 0; j0 < H; j0 += NR)
            {
                for (int q = 0; q < 6; q++) into[q] = q < r ? w + (nint)picked[first + q] * H + j0 : spare;
                MicroKernels.Tile4<TV>(x, offsets, Steps.All(rows), ld, rows, dz + j0, H, into, accumulate: true, scale);
            }
        }
    }
}
