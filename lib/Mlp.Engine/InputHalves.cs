using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// A minibatch step's two large products cut along the inputs instead of along the rows. Half h of
/// the 784 inputs is X's columns k0 .. k1 and W1's rows k0 .. k1:
/// <list type="bullet">
/// <item>forward: z1 = X[:, half 0]·W1[half 0, :] + X[:, half 1]·W1[half 1, :], the two partial
/// products first, then their sum (in that order whatever the thread count, so the numbers never
/// depend on it), then b1, σ and the second layer on the rows, cut between the threads by rows;</item>
/// <item>backward: W1[half h, :] += −η/n·X[:, half h]ᵀ·dz1, and meanwhile half h of each of the next
/// batch's rows (and, for half 0, its targets) is copied into the next batch's memory.</item>
/// </list>
/// With two threads each keeps its half of W1 (100 KB) and of the batch's pixels in its own cache from
/// one step to the next: only the partial sums and dz1 (25 KB each for 100 rows) pass between the
/// cores, where cutting by rows moved the W1 the other core had just updated, and half the batch,
/// every step. A long step (a full batch) is computed block by block of rows instead (<see cref="RowBlocks"/>):
/// its partial sums would no longer fit in cache.
/// </summary>
internal static unsafe class InputHalves
{
    /// <summary>Where the second half starts: 784 → 392, the same work for each.</summary>
    public static int Split(int inputs) => inputs / 2;

    /// <summary>Where the second half of each next row's copy starts (784 → 384): on a cache line, so the
    /// two threads never write the same line; the few pixels between it and <see cref="Split"/> pass between the cores.</summary>
    public static int CopySplit(int inputs) => inputs / 2 / 16 * 16;

    /// <summary>True for the steps cut this way: decided by the shape alone, never by the threads.</summary>
    public static bool Apply(int rows, int inputs, int hidden) =>
        CopySplit(inputs) > 0 && 2L * rows * inputs * hidden < ThreadChoice.LongJobFlops;

    /// <summary>The forward pass's operands: A1 receives half 0's product and then a1; Other half 1's.</summary>
    public struct Forward
    {
        public float* X, W1, B1, A1, Other; public int Rows, Inputs, H; public SimdWidth Width; public SecondLayer* Layer;
        public int* Picked, Counts; // when inputs that are zero in every row are left out (ZeroInputs): half h's used inputs from Picked[k0], Counts[h] of them (−1: too many to pay)
    }

    /// <summary>a1 = σ(X·W1 + b1) and the second layer on every row, as <see cref="SecondLayer"/> says.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // no slow first tier (a kernel may not tier up for many epochs)
    public static void RunForward(Forward* f, int threads)
    {
        WorkerPool.Run(&ForwardHalf, f, 2, threads);
        WorkerPool.Run(&Epilogue, f, 2, threads);
    }

    /// <summary>The first input of half h, and how many it has (cut at <paramref name="split"/>).</summary>
    public static (int From, int Count) Half(int inputs, int h, int split) => h == 0 ? (0, split) : (split, inputs - split);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardHalf(void* state, int h, int parts)
    {
        var f = (Forward*)state;
        var (k0, k) = Half(f->Inputs, h, Split(f->Inputs));
        float* into = h == 0 ? f->A1 : f->Other;
        if (f->Picked != null)
        {
            int* picked = f->Picked + k0;
            int n = f->Counts[h] = ZeroInputs.Used(f->X, f->Rows, f->Inputs, k0, k, picked);
            if (!ZeroInputs.Pays(n, k)) f->Counts[h] = -1;
            else if (ZeroInputs.LeftOutFinite(f->W1, f->H, k0, k, picked, n))
            {
                ZeroInputs.Multiply(f->X, f->Inputs, f->Rows, picked, n, f->W1, f->H, into, f->H, f->Width);
                return;
            }
        }
        Gemm.Multiply(f->X + k0, f->Inputs, 1, f->Rows, k, f->W1 + (nint)k0 * f->H, f->H, (long)k * f->H, false,
            f->H, into, f->H, f->Width, maxThreads: 1, parallelFlops: long.MaxValue);
    }

    /// <summary>Rows of this part, a few at a time so they stay in L1: z1 = half 0 + half 1, then b1 and σ, then the second layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Epilogue(void* state, int part, int parts)
    {
        var f = (Forward*)state;
        int r0 = f->Rows * part / parts, r1 = f->Rows * (part + 1) / parts;
        const int Rows = 8;
        for (int i0 = r0; i0 < r1; i0 += Rows)
        {
            int n = Math.Min(Rows, r1 - i0);
            for (int i = i0; i < i0 + n; i++)
            {
                float* a1 = f->A1 + (nint)i * f->H;
                Elementwise.AddBiasSigmoidRow(a1, f->B1, a1, f->H, other: f->Other + (nint)i * f->H);
            }
            SecondLayer.Rows(f->Layer, i0, n);
        }
    }
}
