using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// A long training step (a full batch, or any batch of a thousand rows or more) computed in blocks
/// of <see cref="BlockRows"/> rows. Each row's gradients need only that row's forward pass, so for
/// each block, while its 126 rows of X (395 KB) are still in the core's L2:
/// <list type="bullet">
/// <item>the forward pass (X·W1 with b1 and σ, then the second layer, <see cref="SecondLayer"/>, which
/// with the targets also gives dz2 and dz1), into a block-sized a1, dz2 and dz1 that stay in cache;
/// only a2 is written for the whole batch (the trainer reads it for the loss);</item>
/// <item>then the block's share of every gradient, added into its part's sums: Xᵀ·dz1, a1ᵀ·dz2, Σ dz1, Σ dz2.</item>
/// </list>
/// X is read from memory once per step instead of twice, Xᵀ·dz1 runs at a minibatch's speed rather
/// than a long sum's streamed from memory, and a1, dz2 and dz1 never go to memory at all. The blocks
/// are cut into <see cref="Parts"/> runs, each with its own sums: whoever is free takes the next run
/// (so a thread the OS pauses costs one run, not half the step), and the update adds the runs' sums
/// in their order (<see cref="Update"/>): the same numbers for any thread count.
/// <para>What it pays, BenchmarkDotNet (HeuristicBenchmarks, nothing against RowBlocks switched off: two passes over the
/// batch, the library's choice of threads, medians of 15), 2026-12-07 00:26 UTC, Intel(R) Xeon(R) Processor, 2 vCPUs, load
/// average 8: full-batch epoch 202.4 ms with, 282.0 ms without; the medians of five such runs 179 and 375 ms (slower without
/// in all five). lib/Mlp.Benchmarks/README.md, "What each heuristic pays".</para>
/// </summary>
internal static unsafe class RowBlocks
{
    /// <summary>Rows per block: 21 tiles of 6 rows with AVX-512, 42 of 3 with AVX2, so no block but the
    /// last has a partial tile; 395 KB of X, which with W1 and one part's sum of Xᵀ·dz1 (200 KB each) fits a core's L2.</summary>
    public const int BlockRows = 126;

    /// <summary>Runs of blocks, each with its own sums; fixed, so the numbers never depend on the threads.</summary>
    public const int Parts = 4;

    /// <summary>True for the steps computed this way (a thousand rows or more, with 784 inputs and 64 hidden units): decided by the
    /// shape alone, never by the threads.</summary>
    public static bool Apply(int rows, int inputs, int hidden) => 2L * rows * inputs * hidden >= ThreadChoice.LongJobFlops;

    /// <summary>One part's memory: its sums of the four gradients (W1: inputs×H, W2: H×C, b1, b2), then
    /// its block's a1 (BlockRows×H), dz2 (BlockRows×C) and dz1 (BlockRows×H), and the inputs its block's
    /// rows use (<see cref="ZeroInputs"/>, inputs ints). Each starts on a cache line.</summary>
    public struct Part
    {
        public float* W1, W2, B1, B2, A1, Dz2, Dz1; public int* Picked;
    }

    private static int Line(int floats) => (floats + 15) / 16 * 16;

    /// <summary>Floats per part: each part's memory starts this many floats after the one before.</summary>
    public static int PartFloats(int inputs, int H, int C) =>
        Line(inputs * H) + Line(H * C) + Line(H) + Line(C) + 2 * Line(BlockRows * H) + Line(BlockRows * C) + Line(inputs);

    /// <summary>Part p's memory in <paramref name="parts"/> (<see cref="Parts"/> × <see cref="PartFloats"/> floats, from a cache line).</summary>
    public static Part Of(float* parts, int p, int inputs, int H, int C)
    {
        float* q = parts + (nint)p * PartFloats(inputs, H, C);
        Part m;
        m.W1 = q; q += Line(inputs * H);
        m.W2 = q; q += Line(H * C);
        m.B1 = q; q += Line(H);
        m.B2 = q; q += Line(C);
        m.A1 = q; q += Line(BlockRows * H);
        m.Dz1 = q; q += Line(BlockRows * H);
        m.Dz2 = q; q += Line(BlockRows * C);
        m.Picked = (int*)q;
        return m;
    }

    /// <summary>The operands: the batch X (Rows×Inputs), W1 and b1, the second layer (for row 0 of the
    /// batch, with the targets Y: this is a training step) and the parts' memory.</summary>
    public struct Step
    {
        public float* X, W1, B1, Parts; public int Rows, Inputs, H, C; public SimdWidth Width; public SecondLayer* Layer;
        public bool SkipZeros; // leave out the inputs that are zero in every row of a block (ZeroInputs)
    }

    /// <summary>The forward pass of every row (a2), and in each part's sums its rows' gradients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(Step* s, int threads) => WorkerPool.Run(&RunPart, s, Parts, threads);

    /// <summary>The blocks of part p: the first, and how many.</summary>
    public static (int First, int Count) Blocks(int rows, int p)
    {
        int blocks = (rows + BlockRows - 1) / BlockRows, first = blocks * p / Parts;
        return (first, blocks * (p + 1) / Parts - first);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart(void* state, int p, int parts)
    {
        var s = (Step*)state;
        int inputs = s->Inputs, H = s->H, C = s->C;
        var m = Of(s->Parts, p, inputs, H, C);
        var (first, count) = Blocks(s->Rows, p);
        if (count == 0) // no rows: sums of nothing
            new Span<float>(m.W1, (int)(m.A1 - m.W1)).Clear();
        for (int b = first; b < first + count; b++)
        {
            int r0 = b * BlockRows, n = Math.Min(BlockRows, s->Rows - r0);
            float* x = s->X + (nint)r0 * inputs;
            var layer = *s->Layer; // this block's rows: a2 and Y of the batch, the rest in the part's memory
            layer.A1 = m.A1; layer.Dz2 = m.Dz2; layer.Dz1 = m.Dz1;
            layer.A2 += (nint)r0 * C; layer.Y += (nint)r0 * C;
            // a1 = σ(x·W1 + b1) in place, then the second layer on each tile of rows: a2, dz2, dz1
            int used = s->SkipZeros ? ZeroInputs.Used(x, n, inputs, 0, inputs, m.Picked) : inputs;
            bool leaveOut = s->SkipZeros && ZeroInputs.LeftOutFinite(s->W1, H, 0, inputs, m.Picked, used);
            var job = new ZeroInputs.Job
            {
                X = x, Ld = inputs, Rows = n, Picked = m.Picked, N = used, W = s->W1, H = H, C = m.A1, Bias = s->B1, Activation = m.A1,
                Dz = m.Dz1, Scale = 1f, Width = s->Width, RowsDone = &SecondLayer.Rows, RowsState = &layer,
            };
            if (leaveOut) ZeroInputs.Multiply(&job, 1);
            else
                Gemm.Multiply(x, inputs, 1, n, inputs, s->W1, H, (long)inputs * H, false, H, m.A1, H,
                    s->Width, maxThreads: 1, parallelFlops: long.MaxValue, bias: s->B1, activation: m.A1,
                    rowsDone: &SecondLayer.Rows, rowsState: &layer);
            bool add = b > first;
            if (leaveOut && ZeroInputs.Finite(m.Dz1, n * H))
            {   // the rows of the inputs this block leaves out add 0: the first block's are its zeros
                if (!add) new Span<float>(m.W1, inputs * H).Clear();
                job.W = m.W1;
                ZeroInputs.AddTransposed(&job, 1); // Σ xᵀ·dz1
            }
            else
                Gemm.Multiply(x, 1, inputs, inputs, n, m.Dz1, H, (long)n * H, false, H, m.W1, H,
                    s->Width, maxThreads: 1, parallelFlops: long.MaxValue, addToC: add);  // Σ xᵀ·dz1
            Gemm.Multiply(m.A1, 1, H, H, n, m.Dz2, C, (long)n * C, false, C, m.W2, C,
                s->Width, maxThreads: 1, parallelFlops: long.MaxValue, addToC: add);      // Σ a1ᵀ·dz2
            Elementwise.ColumnSums(m.Dz1, n, H, m.B1, add: add);                          // Σ dz1
            Elementwise.ColumnSums(m.Dz2, n, C, m.B2, add: add);                          // Σ dz2
        }
    }
}
