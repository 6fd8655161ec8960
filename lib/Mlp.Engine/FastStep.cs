using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// The training step of the fast single-precision engine: the same numbers as
/// <see cref="LessonStep{T}"/> (to float rounding), in fewer passes over memory.
/// <list type="bullet">
/// <item>Forward: the product X·W1, whose epilogue, on each tile of rows while it is in L1, adds b1 and
/// applies σ (z1 is not kept: σ' comes from a1), then runs the whole second layer on those rows
/// (<see cref="SecondLayer"/>): z2, softmax, and with the targets dz2 = a2 − Y and dz1.</item>
/// <item>Backward (<see cref="Update"/>): dW2 = a1ᵀ·dz2 and the bias sums, then one product Xᵀ·dz1 that adds
/// −η/n times itself straight into W1 (dW1 is never stored).</item>
/// <item>A long step (a full batch) runs block by block of rows (<see cref="RowBlocks"/>): each block's
/// forward pass, then its share of every gradient while its X is in L2; the update adds those sums up.</item>
/// <item>Both large products leave out the inputs that are zero in every row of the batch (or of
/// the block): a third of MNIST's pixels, with the same numbers bit for bit (<see cref="ZeroInputs"/>).</item>
/// </list>
/// Each buffer is allocated for the first batch of its size; a step allocates nothing after that.
/// </summary>
internal sealed unsafe class FastStep(int batchSize, int inputSize, int hiddenSize, int outputSize)
    : TrainingStep<float>(batchSize, inputSize, hiddenSize, outputSize)
{
    /// <summary>The work memory for batches of one size.</summary>
    private sealed class Buffers
    {
        public Buffers(int n, int inputs, int hidden, int output, bool blocks)
        {
            a1 = new(n, hidden); a2 = new(n, output);
            dW2 = new(hidden, output); db1 = new(1, hidden); db2 = new(1, output);
            Blocks = blocks;
            if (!blocks)
            {
                dz2 = new(n, output); dz1 = new(n, hidden);
                _picked = GC.AllocateArray<int>(inputs, pinned: true);
                return;
            }
            // a long step (RowBlocks) keeps a1, dz2 and dz1 per block, in its parts' memory, with their sums
            _parts = GC.AllocateArray<float>(RowBlocks.Parts * RowBlocks.PartFloats(inputs, hidden, output) + 16, pinned: true);
            dW1 = new float[inputs * hidden];
        }

        public readonly bool Blocks; // a long training step, block by block of rows (RowBlocks)
        public readonly Matrix<float> a1, a2;
        public readonly Matrix<float>? dz2, dz1; // a short step's
        private readonly float[]? _parts;
        private readonly int[]? _picked; // a short step's: the inputs its rows use (ZeroInputs)
        public int* Picked => _picked is null ? null : (int*)Unsafe.AsPointer(ref _picked[0]);
        public int Used = -1; // how many inputs the last forward pass picked, −1 when it multiplied them all
        public float* Parts => _parts is null ? null : (float*)(((nint)Unsafe.AsPointer(ref _parts[0]) + 63) & ~(nint)63); // a long step's parts' memory (pinned), from a cache line
        public readonly float[]? dW1; // a long step's total of its parts' sums of Xᵀ·dz1
        public readonly Matrix<float> dW2, db1, db2;
        public Matrix<float>? ForTargets; // the Y whose dz2 and dz1 the last forward pass computed
        public int Rows => a1.Rows;
    }

    private Buffers? _main, _other; // for full batches, and for another size (the last, shorter batch)
    private int _threads = 1;
    private readonly float[] _w2Padded = new float[hiddenSize * 16], _b2Padded = new float[Math.Max(16, outputSize)], _w2T = new float[outputSize * hiddenSize];

    protected override bool IsEngine => true;

    private Buffers For(int rows, bool training)
    {
        bool blocks = training && Kernels.RowBlocks && RowBlocks.Apply(rows, InputSize, HiddenSize);
        ref var b = ref rows == BatchSize ? ref _main : ref _other;
        if (b is null || b.Rows != rows || training && b.Blocks != blocks) b = new Buffers(rows, InputSize, HiddenSize, OutputSize, blocks);
        return b;
    }

    /// <summary>a1 of the last forward pass of a batch of this many rows that kept it (a forward pass alone, or a short step's).</summary>
    internal Matrix<float> Hidden(int rows) => For(rows, training: false).a1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float> Forward(Network<float> net, Matrix<float> X, Matrix<float>? Y = null)
    {
        if (X.Cols != net.InputSize) throw Shapes.Mismatch(Strings.ShapeForwardX, net.InputSize, X.Shape, net.W1.Shape);
        if (Y is not null && (Y.Rows != X.Rows || Y.Cols != net.OutputSize)) throw Shapes.Mismatch(Strings.ShapeForwardY, Y.Shape, X.Shape);
        var b = For(X.Rows, training: Y is not null);
        int H = HiddenSize, C = OutputSize;
        _threads = Kernels.ThreadsFor(2L * X.Rows * InputSize * HiddenSize);
        bool skipZeros = Kernels.SkipZeroInputs && ZeroInputs.Apply(H, Kernels.Width);
        bool oneVector = Kernels.Width == SimdWidth.V512 && System.Runtime.Intrinsics.X86.Avx512F.IsSupported && C <= 16;
        if (oneVector) // W2 and b2 zero-padded to 16 columns: one vector per row of W2
            for (int k = 0; k < H; k++) net.W2.Row(k).CopyTo(_w2Padded.AsSpan(k * 16, C));
        net.b2.Data.CopyTo(_b2Padded, 0);
        for (int k = 0; k < H; k++)
            for (int c = 0; c < C; c++) _w2T[c * H + k] = net.W2.Data[k * C + c];
        fixed (float* x = X.Data, w1 = net.W1.Data, b1 = net.b1.Data, a1 = b.a1.Data, a2 = b.a2.Data, y = Y?.Data, dz2 = b.dz2?.Data, dz1 = b.dz1?.Data)
        fixed (float* w2 = net.W2.Data, w2p = _w2Padded, w2t = _w2T, b2p = _b2Padded)
        {
            var layer = new SecondLayer
            {
                A1 = a1, A2 = a2, Y = y, Dz2 = dz2, Dz1 = dz1, W2 = w2, W2Padded = w2p, W2T = w2t, B2Padded = b2p,
                H = H, C = C, OneVector = oneVector,
            };
            b.Used = -1;
            if (b.Blocks && y != null) // a long training step: block by block of rows, the forward pass and each part's sums of the gradients
            {
                var blocks = new RowBlocks.Step
                {
                    X = x, W1 = w1, B1 = b1, Parts = b.Parts, Rows = X.Rows, Inputs = X.Cols, H = H, C = C, Width = Kernels.Width, Layer = &layer,
                    SkipZeros = skipZeros,
                };
                RowBlocks.Run(&blocks, _threads);
            }
            else if (skipZeros && !RowBlocks.Apply(X.Rows, InputSize, H) && (b.Used = ZeroInputs.Used(x, X.Rows, X.Cols, 0, X.Cols, b.Picked)) >= 0
                && ZeroInputs.LeftOutFinite(w1, H, 0, X.Cols, b.Picked, b.Used))
            {   // a1 = σ(X[:, used]·W1[used, :] + b1) in place, then the second layer on each tile of rows
                var job = new ZeroInputs.Job
                {
                    X = x, Ld = X.Cols, Rows = X.Rows, Picked = b.Picked, N = b.Used, W = w1, H = H, C = a1, Bias = b1, Activation = a1,
                    Width = Kernels.Width, RowsDone = &SecondLayer.Rows, RowsState = &layer,
                };
                ZeroInputs.Multiply(&job, _threads);
            }
            else // a1 = σ(X·W1 + b1) in place, then the second layer on each tile of rows
            {
                b.Used = -1;
                Gemm.Multiply(x, X.Cols, 1, X.Rows, X.Cols, w1, H, net.W1.Data.Length, false, H, a1, H,
                    Kernels.Width, _threads, Kernels.ParallelFlops, b1, a1, rowsDone: &SecondLayer.Rows, rowsState: &layer);
            }
        }
        b.ForTargets = Y;
        return b.a2;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Network<float> net, Batch<float> batch, float learningRate)
    {
        var b = For(batch.Rows, training: true);
        if (!ReferenceEquals(b.ForTargets, batch.Y)) Forward(net, batch.X, batch.Y); // dz2 and dz1 are made by the forward pass
        fixed (float* bx = batch.X.Data, a1 = b.a1.Data, dz2 = b.dz2?.Data, dz1 = b.dz1?.Data, dW2 = b.dW2.Data, db1 = b.db1.Data, db2 = b.db2.Data)
        fixed (float* w1 = net.W1.Data, w2 = net.W2.Data, b1 = net.b1.Data, b2 = net.b2.Data, dW1 = b.dW1)
        {
            var update = new Update.Operands
            {
                X = bx, A1 = a1, Dz2 = dz2, Dz1 = dz1, W1 = w1, W2 = w2, B1 = b1, B2 = b2, DW2 = dW2, Db1 = db1, Db2 = db2, Parts = b.Parts, DW1 = dW1,
                Rows = b.Rows, Inputs = InputSize, H = HiddenSize, C = OutputSize, Width = Kernels.Width,
                Picked = b.Used >= 0 ? b.Picked : null, Used = b.Used,
                Scale = -learningRate / batch.Rows, // −η/n: the mean's 1/n and the learning rate in one factor
            };
            Update.Run(&update, b.Blocks, _threads); // W ← W − η/n·dW for every parameter
        }
        b.ForTargets = null;
    }
}
