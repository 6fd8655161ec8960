using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mlp.Engine;

/// <summary>
/// Single-precision matrix products for the network's skinny shapes: C (M×N) = Σ_k A(i, k)·B(k, j)
/// where N (the output width: 64 hidden units or 10 classes) is small and M (the batch, or the 784
/// inputs for Xᵀ·dz1) and K may be large.
/// <list type="bullet">
/// <item>Register blocking: a micro-kernel keeps a whole tile of C in registers — 6 rows × 64
/// columns with AVX-512 — and streams A and B through it, one broadcast of A and four vector
/// loads of B per 24 fused multiply-adds (<see cref="MicroKernels"/>). Outputs no wider than one
/// vector use an 8 rows × 1 vector tile.</item>
/// <item>Cache blocking: when K is long (Aᵀ·B over 60,000 samples) it is cut into blocks of
/// <see cref="KBlock"/> so that block of B stays in L2 while every tile of C (small: 784×64)
/// passes over it; otherwise whole rows of A run against all of B (W1 is 200 KB, it stays in L2).</item>
/// <item>No packing in the common case: B is read in place when its row holds whole vectors, A is
/// read in place through two strides (A or Aᵀ). Only edges are copied into zero-padded scratch:
/// the last rows of A that do not fill a tile (where C is added to or has an epilogue; otherwise the
/// last tile ends at the last row and overlaps the one before), a partial last column panel of B, and Bᵀ.</item>
/// <item>Threads split the rows of C into contiguous runs of whole tiles. Every element of C is
/// summed in the same order whatever the thread count, so results are bit-identical for any
/// thread count (<see cref="Kernels.ThreadsFor"/>).</item>
/// </list>
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>K is cut into blocks of KBlock steps when it is longer than LongK.</summary>
    public const int KBlock = 128, LongK = 1024;

    /// <summary>How many pieces each thread's share of the rows of C is cut into.</summary>
    public const int PiecesPerThread = 4;

    private struct Args
    {
        public float* A; public nint Rs, Ks;        // A(i, k) = A[i·Rs + k·Ks]
        public float* B; public nint Ldb; public long BLength; public bool BTransposed;
        public float* C; public nint Ldc;
        public int M, N, K, Tiles;
        public float* Bias, Activation;             // optional epilogue: C += bias, Activation = σ(C)
        public bool AddToC; public float Scale;     // or C += Scale·(A·B) (the update W ← W − η/n·Xᵀ·dz1)
        public delegate*<void*, int, int, void> RowsDone; public void* RowsState; // epilogue(state, first row, rows)
    }

    /// <summary>
    /// C = A·B with A(i, k) = a[i·rs + k·ks]; B(k, j) = b[k·ldb + j], or b[j·ldb + k] when
    /// <paramref name="bTransposed"/>; bLength is how many floats b holds (to know how far a whole
    /// vector may be read). C is written, not added to; or, with <paramref name="addToC"/>, C += scale·(A·B).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* a, nint rs, nint ks, int M, int K, float* b, nint ldb, long bLength, bool bTransposed,
        int N, float* c, nint ldc, SimdWidth width, int maxThreads, long parallelFlops,
        float* bias = null, float* activation = null, bool addToC = false, float scale = 1f,
        delegate*<void*, int, int, void> rowsDone = null, void* rowsState = null)
    {
        if (M == 0 || N == 0 || K == 0 && addToC) return;
        if (K == 0)
        {
            for (int i = 0; i < M; i++)
            {
                new Span<float>(c + i * ldc, N).Clear();
                if (bias != null) Elementwise.AddBiasSigmoidRow(c + i * ldc, bias, activation + i * ldc, N);
            }
            if (rowsDone != null) rowsDone(rowsState, 0, M);
            return;
        }
        var args = new Args
        {
            A = a, Rs = rs, Ks = ks, B = b, Ldb = ldb, BLength = bLength, BTransposed = bTransposed,
            C = c, Ldc = ldc, M = M, N = N, K = K, Bias = bias, Activation = activation, AddToC = addToC, Scale = addToC ? scale : 1f,
            RowsDone = rowsDone, RowsState = rowsState,
        };
        int rowsPerTile = width switch
        {
            SimdWidth.V512 => N <= V512.Width ? MicroKernels.Rows1 : V512.Rows,
            SimdWidth.V256 => N <= V256.Width ? MicroKernels.Rows1 : V256.Rows,
            _ => N <= V128.Width ? MicroKernels.Rows1 : V128.Rows,
        };
        args.Tiles = (M + rowsPerTile - 1) / rowsPerTile;
        long flops = 2L * M * N * K;
        // Several pieces per thread, so a thread that the OS pauses costs one small piece, not half.
        // Not for long sums: each piece streams all of B (dz1 over 60,000 rows) once more.
        int threads = flops < parallelFlops ? 1 : Math.Clamp(maxThreads, 1, args.Tiles);
        int parts = threads == 1 ? 1 : Math.Min(args.Tiles, K > LongK ? threads : threads * PiecesPerThread);
        delegate*<void*, int, int, void> part = width switch
        {
            SimdWidth.V512 => &Part<V512>,
            SimdWidth.V256 => &Part<V256>,
            _ => &Part<V128>,
        };
        WorkerPool.Run(part, &args, parts, threads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // no slow first tier: the first epoch is timed too
    private static void Part<TV>(void* state, int part, int parts) where TV : struct, ISimd<TV>
    {
        ref readonly Args g = ref Unsafe.AsRef<Args>(state);
        int t0 = (int)((long)g.Tiles * part / parts), t1 = (int)((long)g.Tiles * (part + 1) / parts);
        if (g.N <= TV.Width) Run<TV, Narrow<TV>>(in g, t0, t1);
        else Run<TV, Wide<TV>>(in g, t0, t1);
    }

    /// <summary>A micro-kernel shape: rows × (vectors·width) columns of C per tile.</summary>
    private interface ITile
    {
        static abstract int Rows { get; }
        static abstract int Cols { get; }
        static abstract void Kernel(float* a, nint rs, nint ks, float* b, nint ldb, int k, float* c, nint ldc, bool accumulate, float scale);
    }

    private struct Wide<TV> : ITile where TV : struct, ISimd<TV>
    {
        public static int Rows => TV.Rows;
        public static int Cols => 4 * TV.Width;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Kernel(float* a, nint rs, nint ks, float* b, nint ldb, int k, float* c, nint ldc, bool accumulate, float scale)
        {
            nint* rows = stackalloc nint[6];
            float** into = stackalloc float*[6];
            for (int r = 0; r < 6; r++) { rows[r] = r * rs; into[r] = c + r * ldc; }
            MicroKernels.Tile4<TV>(a, rows, Steps.All(k), ks, k, b, ldb, into, accumulate, scale);
        }
    }

    private struct Narrow<TV> : ITile where TV : struct, ISimd<TV>
    {
        public static int Rows => MicroKernels.Rows1;
        public static int Cols => TV.Width;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Kernel(float* a, nint rs, nint ks, float* b, nint ldb, int k, float* c, nint ldc, bool accumulate, float scale)
            => MicroKernels.Tile1<TV>(a, rs, ks, b, ldb, k, c, ldc, accumulate, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TV, TT>(in Args g, int t0, int t1) where TV : struct, ISimd<TV> where TT : struct, ITile
    {
        if (t0 >= t1) return;
        int MR = TT.Rows, NR = TT.Cols;
        int panels = (g.N + NR - 1) / NR, nPad = panels * NR;
        int kc = g.K <= LongK ? g.K : KBlock;
        var scratch = Scratch.For(kc * nPad, kc * MR, MR * NR);

        for (int k0 = 0; k0 < g.K; k0 += kc)
        {
            int kLen = Math.Min(kc, g.K - k0);
            bool accumulate = k0 > 0 || g.AddToC;

            // This block of B, read in place when every vector load stays inside b, else packed.
            float* bp; nint ldbp;
            bool overRead = g.N % NR != 0 && (long)(k0 + kLen - 1) * g.Ldb + nPad > g.BLength;
            if (g.BTransposed || overRead)
            {
                bp = scratch.B; ldbp = nPad;
                PackB(in g, k0, kLen, bp, nPad);
            }
            else
            {
                bp = g.B + k0 * g.Ldb; ldbp = g.Ldb;
            }

            for (int t = t0; t < t1; t++)
            {
                int i0 = t * MR, rows = Math.Min(MR, g.M - i0);
                if (rows < MR && g.M >= MR && kc == g.K && !g.AddToC && g.Bias == null && g.RowsDone == null)
                {   // the last, partial tile: computed as the full tile that ends at the last row, so in place. The
                    // rows it shares with the tile before get the same sums in the same order, written again.
                    i0 = g.M - MR; rows = MR;
                }
                float* ap; nint rs, ks;
                if (rows == MR)
                {
                    ap = g.A + i0 * g.Rs + k0 * g.Ks; rs = g.Rs; ks = g.Ks;
                }
                else
                {   // the last, partial tile: its rows of A, zero-padded, laid out [k][MR]
                    ap = scratch.A; rs = 1; ks = MR;
                    for (int k = 0; k < kLen; k++)
                        for (int r = 0; r < MR; r++)
                            ap[k * MR + r] = r < rows ? g.A[(i0 + r) * g.Rs + (k0 + k) * g.Ks] : 0f;
                }
                for (int p = 0; p < panels; p++)
                {
                    int j0 = p * NR, cols = Math.Min(NR, g.N - j0);
                    float* cp = g.C + i0 * g.Ldc + j0;
                    if (rows == MR && cols == NR)
                    {
                        TT.Kernel(ap, rs, ks, bp + j0, ldbp, kLen, cp, g.Ldc, accumulate, g.Scale);
                        continue;
                    }
                    float* tile = scratch.C; // an edge tile goes through a full-size scratch tile
                    if (accumulate)
                        for (int r = 0; r < rows; r++)
                            new ReadOnlySpan<float>(cp + r * g.Ldc, cols).CopyTo(new Span<float>(tile + r * NR, cols));
                    TT.Kernel(ap, rs, ks, bp + j0, ldbp, kLen, tile, NR, accumulate, g.Scale);
                    for (int r = 0; r < rows; r++)
                        new ReadOnlySpan<float>(tile + r * NR, cols).CopyTo(new Span<float>(cp + r * g.Ldc, cols));
                }
                if (g.Bias != null && k0 + kLen == g.K) // the tile is final: fused bias + σ while it is in L1
                    for (int r = 0; r < rows; r++)
                        Elementwise.AddBiasSigmoidRow(g.C + (i0 + r) * g.Ldc, g.Bias, g.Activation + (i0 + r) * g.Ldc, g.N);
                if (g.RowsDone != null && k0 + kLen == g.K) g.RowsDone(g.RowsState, i0, rows); // these rows are final: the caller's next step on them, while in L1
            }
        }
    }

    /// <summary>Rows k0 .. k0+kLen of B into dst (kLen × nPad), zero beyond column N.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(in Args g, int k0, int kLen, float* dst, int nPad)
    {
        for (int k = 0; k < kLen; k++)
        {
            float* row = dst + k * nPad;
            if (g.BTransposed)
                for (int j = 0; j < g.N; j++) row[j] = g.B[j * g.Ldb + k0 + k];
            else
                new ReadOnlySpan<float>(g.B + (k0 + k) * g.Ldb, g.N).CopyTo(new Span<float>(row, g.N));
            new Span<float>(row + g.N, nPad - g.N).Clear();
        }
    }

    /// <summary>Per-thread work memory, pinned (so raw pointers stay valid) and grown, never shrunk. It starts at the
    /// most the 784-64-10 network's products need (K up to LongK, 64 wide), so that a thread which takes, late, a
    /// piece of a kind it never ran (a pool's pieces go to whoever is free) does not allocate in the middle of training.</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _mine;
        private float[] _b = [], _a = [], _c = [];
        public float* B, A, C;

        public static Scratch For(int bFloats, int aFloats, int cFloats)
        {
            var s = _mine ??= new Scratch();
            Grow(ref s._b, ref s.B, Math.Max(bFloats, LongK * 64));
            Grow(ref s._a, ref s.A, Math.Max(aFloats, LongK * 8));
            Grow(ref s._c, ref s.C, Math.Max(cFloats, 8 * 64));
            return s;
        }

        private static void Grow(ref float[] array, ref float* pointer, int floats)
        {
            if (array.Length - 16 >= floats && pointer != null) return;
            // 16 floats (64 bytes) of slack so the pointer can be aligned to a cache line.
            array = GC.AllocateUninitializedArray<float>(Math.Max(floats, 16) + 16, pinned: true);
            float* p = (float*)Unsafe.AsPointer(ref array[0]);
            pointer = (float*)(((nint)p + 63) & ~(nint)63);
        }
    }
}

/// <summary>The steps 0, 1, 2, … k−1 of a sum that leaves none out, for <see cref="MicroKernels.Tile4{TV}"/>:
/// one pinned array, grown (never shrunk) for a longer sum; the arrays it outgrew stay alive, as a
/// thread may still be reading one.</summary>
internal static unsafe class Steps
{
    private static int[] _all = [];
    private static readonly List<int[]> Outgrown = [];
    private static readonly object Gate = new();

    public static int* All(int k)
    {
        var all = Volatile.Read(ref _all);
        if (all.Length < k)
            lock (Gate)
            {
                all = _all;
                if (all.Length < k)
                {
                    Outgrown.Add(all);
                    all = GC.AllocateArray<int>(Math.Max(k, 2 * Gemm.LongK), pinned: true);
                    for (int i = 0; i < all.Length; i++) all[i] = i;
                    Volatile.Write(ref _all, all);
                }
            }
        return (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(all));
    }
}
