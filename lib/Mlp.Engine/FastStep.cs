using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// The training step of the fast single-precision engine: the same numbers as
/// <see cref="LessonStep{T}"/> (to float rounding), in fewer passes over memory.
/// <list type="bullet">
/// <item>Forward: the product X·W1, whose epilogue, on each tile of rows while it is in L1, adds b1 and
/// applies σ (z1 is not kept: σ' comes from a1), then runs the whole second layer on those rows
/// (<see cref="SecondLayer"/>): z2, softmax, and with the targets dz2 = a2 − Y and dz1.</item>
/// <item>A minibatch cuts both large products along the 784 inputs (<see cref="InputHalves"/>), so
/// that with two threads each keeps its half of W1 and of the batch in its own cache. Its backward
/// pass (<see cref="Update"/>): dW2 = a1ᵀ·dz2 and the bias sums, then one product Xᵀ·dz1 that adds
/// −η/n times itself straight into W1 (dW1 is never stored). Meanwhile that product copies the next
/// minibatch's rows of the training set into the next batch's memory, a few per tile, each asked for
/// (prefetched) eight tiles before, their pages touched all at once beforehand: the gather's waits
/// for memory overlap with the arithmetic.</item>
/// <item>A long step (a full batch) runs block by block of rows (<see cref="RowBlocks"/>): each block's
/// forward pass, then its share of every gradient while its X is in L2; the update adds those sums up.</item>
/// <item>Both large products leave out the inputs that are zero in every row of the minibatch (or of
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
        public Buffers(int n, int inputs, int hidden, int output)
        {
            a1 = new(n, hidden); a2 = new(n, output);
            dW2 = new(hidden, output); db1 = new(1, hidden); db2 = new(1, output);
            Halves = InputHalves.Apply(n, inputs, hidden);
            if (Halves)
            {
                dz2 = new(n, output); dz1 = new(n, hidden); z1Half1 = new(n, hidden);
                _picked = GC.AllocateArray<int>(inputs + 2, pinned: true);
                return;
            }
            // a long step (RowBlocks) keeps a1, dz2 and dz1 per block, in its parts' memory, with their sums
            _parts = GC.AllocateArray<float>(RowBlocks.Parts * RowBlocks.PartFloats(inputs, hidden, output) + 16, pinned: true);
            dW1 = new float[inputs * hidden];
        }

        public readonly bool Halves; // a minibatch: its products are cut along the inputs (InputHalves); else a long step (RowBlocks)
        public readonly Matrix<float> a1, a2;
        public readonly Matrix<float>? dz2, dz1, z1Half1; // a minibatch's; z1Half1 is input half 1's part of z1
        private readonly float[]? _parts;
        private readonly int[]? _picked; // a minibatch's: the inputs its rows use, per input half (ZeroInputs), then the two halves' counts
        public int* Picked => _picked is null ? null : (int*)Unsafe.AsPointer(ref _picked[0]);
        public int* Counts => Picked == null ? null : Picked + (_picked!.Length - 2);
        public float* Parts => _parts is null ? null : (float*)(((nint)Unsafe.AsPointer(ref _parts[0]) + 63) & ~(nint)63); // a long step's parts' memory (pinned), from a cache line
        public readonly float[]? dW1; // a long step's total of its parts' sums of Xᵀ·dz1
        public readonly Matrix<float> dW2, db1, db2;
        public Matrix<float>? ForTargets; // the Y whose dz2 and dz1 the last forward pass computed
        public bool SkipsZeros; // whether the last forward pass found the inputs the rows use (ZeroInputs)
        public ZeroInputs.Lookout Zeros; // when a minibatch next looks for zero inputs
        public int Rows => a1.Rows;
    }

    private Buffers? _main, _other; // for full batches, and for another size (the last, shorter batch)
    private readonly StepThreads _tuning = new(batchSize, inputSize, hiddenSize, outputSize,
        longSteps: 2L * batchSize * inputSize * hiddenSize >= ThreadChoice.LongJobFlops);
    private int _threads = 1, _most; // this step's threads, and the most allowed
    private readonly float[] _w2Padded = new float[hiddenSize * 16], _b2Padded = new float[Math.Max(16, outputSize)], _w2T = new float[outputSize * hiddenSize];

    protected override bool IsEngine => true;

    private Buffers For(int rows)
    {
        ref var b = ref rows == BatchSize ? ref _main : ref _other;
        if (b is null || b.Rows != rows) b = new Buffers(rows, InputSize, HiddenSize, OutputSize);
        return b;
    }

    /// <summary>a1 of the last forward pass of a batch of this many rows that kept it (a forward pass alone, or a minibatch's).</summary>
    internal Matrix<float> Hidden(int rows) => For(rows).a1;

    /// <summary>Copies the rows, unless the previous step's last product already did (<see cref="Batch{T}.Prefilled"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Gather(Dataset<float> train, ArraySegment<int> rows, Batch<float> batch)
    {
        var done = batch.Prefilled;
        batch.Prefilled = ArraySegment<int>.Empty;
        if (done.Array == rows.Array && done.Offset == rows.Offset && done.Count == rows.Count && rows.Count > 0) return;
        Engine.Gather.Rows(train.X, train.Y, rows, batch.X, batch.Y, _threads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Matrix<float> Forward(Network<float> net, Matrix<float> X, Matrix<float>? Y = null)
    {
        Shapes.Require(X.Cols == net.InputSize, $"ForwardPass: X·W1 needs X to have {net.InputSize} columns (one per input), but X is {X.Shape}.");
        Shapes.Require(Y is null || Y.Rows == X.Rows && Y.Cols == net.OutputSize, $"ForwardPass: Y {Y?.Shape} does not fit X {X.Shape}.");
        var b = For(X.Rows);
        int H = HiddenSize, C = OutputSize;
        ChooseThreads(X.Rows, training: Y is not null);
        bool skipZeros = Kernels.SkipZeroInputs && ZeroInputs.Apply(H, Kernels.Width);
        if (skipZeros && b.Halves) skipZeros = b.Zeros.Look(); // not while a look found too few zeros
        b.SkipsZeros = skipZeros;
        bool oneVector = Kernels.Width == SimdWidth.V512 && System.Runtime.Intrinsics.X86.Avx512F.IsSupported && C <= 16;
        if (oneVector) // W2 and b2 zero-padded to 16 columns: one vector per row of W2
            for (int k = 0; k < H; k++) net.W2.Row(k).CopyTo(_w2Padded.AsSpan(k * 16, C));
        net.b2.Data.CopyTo(_b2Padded, 0);
        for (int k = 0; k < H; k++)
            for (int c = 0; c < C; c++) _w2T[c * H + k] = net.W2.Data[k * C + c];
        fixed (float* x = X.Data, w1 = net.W1.Data, b1 = net.b1.Data, a1 = b.a1.Data, a2 = b.a2.Data, y = Y?.Data, dz2 = b.dz2?.Data, dz1 = b.dz1?.Data)
        fixed (float* w2 = net.W2.Data, w2p = _w2Padded, w2t = _w2T, b2p = _b2Padded, half1 = b.z1Half1?.Data)
        {
            var layer = new SecondLayer
            {
                A1 = a1, A2 = a2, Y = y, Dz2 = dz2, Dz1 = dz1, W2 = w2, W2Padded = w2p, W2T = w2t, B2Padded = b2p,
                H = H, C = C, OneVector = oneVector,
            };
            if (b.Halves)
            {
                var halves = new InputHalves.Forward
                {
                    X = x, W1 = w1, B1 = b1, A1 = a1, Other = half1, Rows = X.Rows, Inputs = X.Cols, H = H, Width = Kernels.Width, Layer = &layer,
                    Picked = skipZeros ? b.Picked : null, Counts = skipZeros ? b.Counts : null,
                };
                InputHalves.RunForward(&halves, _threads);
                if (skipZeros && (b.Counts[0] < 0 || b.Counts[1] < 0)) b.Zeros.NotPaying();
            }
            else if (y != null) // a long training step: block by block of rows, the forward pass and each part's sums of the gradients
            {
                var blocks = new RowBlocks.Step
                {
                    X = x, W1 = w1, B1 = b1, Parts = b.Parts, Rows = X.Rows, Inputs = X.Cols, H = H, C = C, Width = Kernels.Width, Layer = &layer,
                    SkipZeros = skipZeros,
                };
                RowBlocks.Run(&blocks, _threads);
            }
            else // a1 = σ(X·W1 + b1) in place, then the second layer on each tile of rows
                Gemm.Multiply(x, X.Cols, 1, X.Rows, X.Cols, w1, H, net.W1.Data.Length, false, H, a1, H,
                    Kernels.Width, _threads, Kernels.ParallelFlops, b1, a1, rowsDone: &SecondLayer.Rows, rowsState: &layer);
        }
        b.ForTargets = Y;
        return b.a2;
    }

    /// <summary>
    /// The threads of this step: as given by a test or benchmark; for a training step, what timing
    /// the step itself chose (<see cref="StepThreads"/>); for a forward pass alone (evaluation),
    /// what <see cref="ThreadChoice"/> measured.
    /// </summary>
    private void ChooseThreads(int rows, bool training)
    {
        long flops = 2L * rows * InputSize * HiddenSize;
        _most = 0;
        if (Kernels.ThreadsAreGiven || !training || rows != BatchSize) { _threads = Kernels.ThreadsFor(flops); return; }
        _most = Math.Min(Kernels.MaxThreads, Environment.ProcessorCount);
        _threads = _tuning.Next(_most);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Backward(Network<float> net, Batch<float> batch, float learningRate)
    {
        var b = For(batch.Rows);
        if (!ReferenceEquals(b.ForTargets, batch.Y)) Forward(net, batch.X, batch.Y); // dz2 and dz1 are made by the forward pass
        var source = batch.Source; var next = batch.NextRows; var into = batch.Next;
        bool fill = b.Halves && into is not null && next.Count == into.Rows && into.X.Cols == source.X.Cols && into.Y.Cols == source.Y.Cols;
        fixed (float* x = source.X.Data, y = source.Y.Data, intoX = fill ? into!.X.Data : null, intoY = fill ? into!.Y.Data : null)
        fixed (int* rows = next.Array)
        fixed (float* bx = batch.X.Data, a1 = b.a1.Data, dz2 = b.dz2?.Data, dz1 = b.dz1?.Data, dW2 = b.dW2.Data, db1 = b.db1.Data, db2 = b.db2.Data)
        fixed (float* w1 = net.W1.Data, w2 = net.W2.Data, b1 = net.b1.Data, b2 = net.b2.Data, dW1 = b.dW1)
        {
            var update = new Update.Operands
            {
                X = bx, A1 = a1, Dz2 = dz2, Dz1 = dz1, W1 = w1, W2 = w2, B1 = b1, B2 = b2, DW2 = dW2, Db1 = db1, Db2 = db2, Parts = b.Parts, DW1 = dW1,
                Rows = b.Rows, Inputs = InputSize, H = HiddenSize, C = OutputSize, Width = Kernels.Width,
                Picked = b.Halves && b.SkipsZeros ? b.Picked : null, Counts = b.Halves && b.SkipsZeros ? b.Counts : null,
                Scale = -learningRate / batch.Rows, // −η/n: the mean's 1/n and the learning rate in one factor
                Ahead = !b.Halves || next.Count == 0 ? default : new Gemm.Ahead
                {
                    X = (byte*)x, Y = (byte*)y, XRowBytes = source.X.Cols * sizeof(float), YRowBytes = source.Y.Cols * sizeof(float),
                    XBytes = source.X.Cols * sizeof(float), Rows = rows + next.Offset, Count = next.Count, IntoX = (byte*)intoX, IntoY = (byte*)intoY,
                },
            };
            Update.Run(&update, b.Halves, _threads); // W ← W − η/n·dW for every parameter, and the next batch's rows copied meanwhile
        }
        if (fill) into!.Prefilled = next;
        if (batch.Rows == BatchSize && _most > 0) _tuning.Finished(_most);
        b.ForTargets = null;
    }
}
