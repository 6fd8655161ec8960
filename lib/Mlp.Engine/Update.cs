using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// The backward pass and the update of a fast training step, once the forward pass has left dz2 and
/// dz1 (see <see cref="FastStep"/>). Two jobs for two threads, each part the same numbers whichever
/// thread runs it:
/// <list type="bullet">
/// <item>dW2 = a1ᵀ·dz2 and Σ dz1, then W2 and b1 take their step: part h for hidden units h·H/2 ..;
/// part 0 also Σ dz2 and b2;</item>
/// <item>W1 += Scale·Xᵀ·dz1 (Scale = −η/n): for a short step, one product that adds into W1 (cut between the threads by
/// rows of W1, only the rows of the inputs the batch uses when <see cref="ZeroInputs"/> listed them); for a long step
/// (<see cref="RowBlocks"/>), part h: W1's rows of input half h += Scale·(the parts' sums of Xᵀ·dz1, added in their order).</item>
/// </list>
/// </summary>
internal static unsafe class Update
{
    public struct Operands
    {
        public float* X, A1, Dz2, Dz1, W1, W2, B1, B2, DW2, Db1, Db2;
        public float* Parts, DW1; // a long step's: the sums of RowBlocks' parts, and room for the total of W1's
        public int* Picked; public int Used; // a short step's inputs used by its rows, as its forward pass found them (ZeroInputs), or null
        public int Rows, Inputs, H, C; public float Scale; public SimdWidth Width;
    }

    /// <summary>The whole update: a short step's, or a long step's, whose Xᵀ·dz1 the forward pass has summed (<see cref="RowBlocks"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(Operands* u, bool longStep, int threads)
    {
        WorkerPool.Run(longStep ? &BiasesAndSums : &Biases, u, 2, threads);
        if (!longStep) AddToW1(u, threads);
    }

    /// <summary>Part h of 2: dW2 = a1ᵀ·dz2, Σ dz1 and their steps for the rows of W2 and the entries of b1
    /// that belong to hidden units h·H/2 .. (h+1)·H/2; part 0 also Σ dz2 and the step of b2. Every
    /// element is summed in the same order as on one thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Biases(void* state, int part, int parts)
    {
        var u = (Operands*)state;
        var (j0, j) = HiddenUnits(u->H, part);
        if (j > 0)
        {
            Gemm.Multiply(u->A1 + j0, 1, u->H, j, u->Rows, u->Dz2, u->C, (long)u->Rows * u->C, false, u->C, u->DW2 + j0 * u->C, u->C,
                u->Width, maxThreads: 1, parallelFlops: long.MaxValue);                        // dW2 = a1ᵀ·dz2, rows j0 ..
            Elementwise.AddScaled(u->W2 + j0 * u->C, u->DW2 + j0 * u->C, u->Scale, j * u->C);  // W2 ← W2 − η/n·dW2
            Elementwise.ColumnSums(u->Dz1 + j0, u->Rows, j, u->Db1 + j0, stride: u->H);        // Σ dz1
            Elementwise.AddScaled(u->B1 + j0, u->Db1 + j0, u->Scale, j);                       // b1 ← b1 − η/n·Σ dz1
        }
        if (part == 0)
        {
            Elementwise.ColumnSums(u->Dz2, u->Rows, u->C, u->Db2);                              // Σ dz2
            Elementwise.AddScaled(u->B2, u->Db2, u->Scale, u->C);
        }
    }

    /// <summary>Part h's hidden units: the first, and how many (h·H/2 .. (h+1)·H/2).</summary>
    private static (int First, int Count) HiddenUnits(int H, int h) => (H * h / 2, H * (h + 1) / 2 - H * h / 2);

    /// <summary>Part h of a long step (<see cref="RowBlocks"/>): each gradient is the total of the parts'
    /// sums, added in the parts' order; then W1's rows of input half h, W2's rows and b1's entries of hidden
    /// units h·H/2 .., and for part 0 b2, take their step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BiasesAndSums(void* state, int h, int parts)
    {
        var u = (Operands*)state;
        int H = u->H, C = u->C;
        nint stride = RowBlocks.PartFloats(u->Inputs, H, C);
        var m = RowBlocks.Of(u->Parts, 0, u->Inputs, H, C);
        int k0 = h * (u->Inputs / 2), k = h == 0 ? u->Inputs / 2 : u->Inputs - k0;
        Total(m.W1 + k0 * H, k * H, u->DW1 + k0 * H, u->W1 + k0 * H);                           // W1 ← W1 − η/n·Σ xᵀ·dz1
        var (j0, j) = HiddenUnits(H, h);
        Total(m.W2 + j0 * C, j * C, u->DW2 + j0 * C, u->W2 + j0 * C);                           // W2 ← W2 − η/n·Σ a1ᵀ·dz2
        Total(m.B1 + j0, j, u->Db1 + j0, u->B1 + j0);                                           // b1 ← b1 − η/n·Σ dz1
        if (h == 0) Total(m.B2, C, u->Db2, u->B2);                                              // b2 ← b2 − η/n·Σ dz2

        void Total(float* part0, int n, float* total, float* w)
        {
            Elementwise.ColumnSums(part0, RowBlocks.Parts, n, total, stride);
            Elementwise.AddScaled(w, total, u->Scale, n);
        }
    }

    /// <summary>W1 += Scale·Xᵀ·dz1: only the rows of the inputs the batch uses while dz1 is finite (<see cref="ZeroInputs"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddToW1(Operands* u, int threads)
    {
        if (u->Picked != null && ZeroInputs.Finite(u->Dz1, u->Rows * u->H))
        {
            var job = new ZeroInputs.Job { X = u->X, Ld = u->Inputs, Rows = u->Rows, Picked = u->Picked, N = u->Used, Dz = u->Dz1, W = u->W1, H = u->H, Scale = u->Scale, Width = u->Width };
            ZeroInputs.AddTransposed(&job, threads);
            return;
        }
        Gemm.Multiply(u->X, 1, u->Inputs, u->Inputs, u->Rows, u->Dz1, u->H, (long)u->Rows * u->H, false,
            u->H, u->W1, u->H, u->Width, threads, Kernels.ParallelFlops, addToC: true, scale: u->Scale);
    }
}
