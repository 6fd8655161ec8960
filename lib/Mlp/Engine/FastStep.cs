using System.Numerics.Tensors;

namespace Mlp.Engine;

/// <summary>
/// The training step of the fast single-precision engine: the same numbers as
/// <see cref="LessonStep{T}"/> (to float rounding), in fewer passes over memory.
/// <list type="bullet">
/// <item>Forward: one product X·W1 whose epilogue, on each tile of rows while it is in L1, adds b1 and
/// applies σ (z1 is not kept: σ' comes from a1), then runs the whole second layer on those rows
/// (<see cref="SecondLayer"/>): z2, softmax, and with the targets dz2 = a2 − Y and dz1.</item>
/// <item>Backward: dW2 = a1ᵀ·dz2 and the bias sums, then one product Xᵀ·dz1 that adds −η/n times
/// itself straight into W1 (each thread updates the rows of W1 it computed): dW1 is never stored.
/// Meanwhile that product copies the next minibatch's rows of the training set into the next
/// batch's memory, a few per tile, each asked for (prefetched) eight tiles before, their pages
/// touched all at once beforehand: the gather's waits for memory overlap with the arithmetic.</item>
/// </list>
/// Each buffer is allocated for the first batch of its size; a step allocates nothing after that.
/// </summary>
internal sealed unsafe class FastStep(int batchSize, int inputSize, int hiddenSize, int outputSize)
    : TrainingStep<float>(batchSize, inputSize, hiddenSize, outputSize)
{
    /// <summary>The work memory for batches of one size.</summary>
    private sealed class Buffers(int n, int hidden, int output)
    {
        public readonly Matrix<float> a1 = new(n, hidden), a2 = new(n, output), dz2 = new(n, output), dz1 = new(n, hidden);
        public readonly Matrix<float> dW2 = new(hidden, output), db1 = new(1, hidden), db2 = new(1, output);
        public Matrix<float>? ForTargets; // the Y whose dz2 and dz1 the last forward pass computed
        public int Rows => a1.Rows;
    }

    private Buffers? _main, _other; // for full batches, and for another size (the last, shorter batch)
    private readonly StepThreads _tuning = new(batchSize, inputSize, hiddenSize, outputSize);
    private int _threads = 1, _most; // this step's threads, and the most allowed
    private readonly float[] _w2Padded = new float[hiddenSize * 16], _b2Padded = new float[Math.Max(16, outputSize)], _w2T = new float[outputSize * hiddenSize];

    protected override bool IsEngine => true;

    private Buffers For(int rows)
    {
        ref var b = ref rows == BatchSize ? ref _main : ref _other;
        if (b is null || b.Rows != rows) b = new Buffers(rows, HiddenSize, OutputSize);
        return b;
    }

    /// <summary>Copies the rows, unless the previous step's last product already did (<see cref="Batch{T}.Prefilled"/>).</summary>
    public override void Gather(Dataset<float> train, ArraySegment<int> rows, Batch<float> batch)
    {
        var done = batch.Prefilled;
        batch.Prefilled = ArraySegment<int>.Empty;
        if (done.Array == rows.Array && done.Offset == rows.Offset && done.Count == rows.Count && rows.Count > 0) return;
        Engine.Gather.Rows(train.X, train.Y, rows, batch.X, batch.Y, _threads);
    }

    public override Matrix<float> Forward(Network<float> net, Matrix<float> X, Matrix<float>? Y = null)
    {
        Shapes.Require(X.Cols == net.InputSize, $"ForwardPass: X·W1 needs X to have {net.InputSize} columns (one per input), but X is {X.Shape}.");
        Shapes.Require(Y is null || Y.Rows == X.Rows && Y.Cols == net.OutputSize, $"ForwardPass: Y {Y?.Shape} does not fit X {X.Shape}.");
        var b = For(X.Rows);
        int H = HiddenSize, C = OutputSize;
        ChooseThreads(X.Rows);
        bool oneVector = Kernels.Width == SimdWidth.V512 && C <= 16;
        if (oneVector) // W2 and b2 zero-padded to 16 columns: one vector per row of W2
            for (int k = 0; k < H; k++) net.W2.Row(k).CopyTo(_w2Padded.AsSpan(k * 16, C));
        net.b2.Data.CopyTo(_b2Padded, 0);
        for (int k = 0; k < H; k++)
            for (int c = 0; c < C; c++) _w2T[c * H + k] = net.W2.Data[k * C + c];
        fixed (float* x = X.Data, w1 = net.W1.Data, b1 = net.b1.Data, a1 = b.a1.Data, a2 = b.a2.Data, y = Y?.Data, dz2 = b.dz2.Data, dz1 = b.dz1.Data)
        fixed (float* w2 = net.W2.Data, w2p = _w2Padded, w2t = _w2T, b2p = _b2Padded)
        {
            var layer = new SecondLayer
            {
                A1 = a1, A2 = a2, Y = y, Dz2 = dz2, Dz1 = dz1, W2 = w2, W2Padded = w2p, W2T = w2t, B2Padded = b2p,
                H = H, C = C, OneVector = oneVector,
            };
            // a1 = σ(X·W1 + b1) in place, then the second layer on each tile of rows
            Gemm.Multiply(x, X.Cols, 1, X.Rows, X.Cols, w1, H, net.W1.Data.Length, false, H, a1, H,
                Kernels.Width, _threads, Kernels.ParallelFlops, b1, a1, rowsDone: &SecondLayer.Rows, rowsState: &layer);
        }
        b.ForTargets = Y;
        return b.a2;
    }

    /// <summary>
    /// The threads of this step: as given by a test or benchmark; for long products (a full batch),
    /// what <see cref="ThreadChoice"/> measured; for a minibatch's short ones, what timing the step
    /// itself chose (<see cref="StepThreads"/>).
    /// </summary>
    private void ChooseThreads(int rows)
    {
        long flops = 2L * rows * InputSize * HiddenSize;
        _most = 0;
        if (Kernels.ThreadsAreGiven || flops >= ThreadChoice.LongJobFlops || rows != BatchSize) { _threads = Kernels.ThreadsFor(flops); return; }
        _most = Math.Min(Kernels.MaxThreads, Environment.ProcessorCount);
        _threads = _tuning.Next(_most);
    }

    /// <summary>Reads the first and last float of each of the next batch's rows (the one or two pages
    /// a row lies on), all at once so the reads overlap: the training set's 4 KB pages are scattered
    /// over 188 MB, and the page-table walks that would otherwise stall each copy (a prefetch does
    /// not wait for one) happen here, together. Measured: the overlapped copy cost 35 µs a step
    /// without this, 20 µs with it (one thread, a busy machine).</summary>
    private static float TouchPages(Batch<float> batch)
    {
        var next = batch.NextRows;
        if (next.Count == 0) return 0;
        var x = batch.Source.X; int cols = x.Cols;
        float sum = 0;
        for (int i = 0; i < next.Count; i++)
        {
            int r = next[i];
            sum += x.Data[r * cols] + x.Data[r * cols + cols - 1];
        }
        return sum;
    }

    private static float Sink; // keeps the reads

    public override void Backward(Network<float> net, Batch<float> batch, float learningRate)
    {
        var b = For(batch.Rows);
        Sink += TouchPages(batch); // the page walks of the next batch's rows, all at once, before the copies need them
        if (!ReferenceEquals(b.ForTargets, batch.Y)) Forward(net, batch.X, batch.Y); // dz2 and dz1 are made by the forward pass
        float step = -learningRate / batch.Rows;                 // −η/n: the mean's 1/n and the learning rate in one factor

        Products.MatMulTransposeA(b.a1, b.dz2, b.dW2);           // a1ᵀ·dz2
        fixed (float* dz2 = b.dz2.Data, dz1 = b.dz1.Data, db2 = b.db2.Data, db1 = b.db1.Data)
        {
            Elementwise.ColumnSums(dz2, b.Rows, OutputSize, db2); // Σ dz2
            Elementwise.ColumnSums(dz1, b.Rows, HiddenSize, db1); // Σ dz1
        }
        TensorPrimitives.MultiplyAdd(b.dW2.Data, step, net.W2.Data, net.W2.Data); // W2 ← W2 − η/n·a1ᵀ·dz2
        TensorPrimitives.MultiplyAdd(b.db2.Data, step, net.b2.Data, net.b2.Data);
        TensorPrimitives.MultiplyAdd(b.db1.Data, step, net.b1.Data, net.b1.Data);

        var source = batch.Source; var next = batch.NextRows; var into = batch.Next;
        bool fill = into is not null && next.Count == into.Rows && into.X.Cols == source.X.Cols && into.Y.Cols == source.Y.Cols;
        fixed (float* x = source.X.Data, y = source.Y.Data, intoX = fill ? into!.X.Data : null, intoY = fill ? into!.Y.Data : null)
        fixed (int* rows = next.Array)
        {
            var ahead = next.Count == 0 ? default : new Gemm.Ahead
            {
                X = (byte*)x, Y = (byte*)y, XRowBytes = source.X.Cols * sizeof(float), YRowBytes = source.Y.Cols * sizeof(float),
                Rows = rows + next.Offset, Count = next.Count, IntoX = (byte*)intoX, IntoY = (byte*)intoY,
            };
            Products.AddTransposeAProduct(batch.X, b.dz1, net.W1, step, ahead, _threads); // W1 ← W1 − η/n·Xᵀ·dz1, and the next batch's rows copied meanwhile
        }
        if (fill) into!.Prefilled = next;
        if (batch.Rows == BatchSize && _most > 0) _tuning.Finished(_most);
        b.ForTargets = null;
    }
}
