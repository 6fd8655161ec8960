using System.Numerics.Tensors;

namespace Mlp.Engine;

/// <summary>
/// The training step of the fast single-precision engine: the same numbers as
/// <see cref="LessonStep{T}"/> (to float rounding), computed with fewer passes over memory.
/// <list type="bullet">
/// <item>a1 = σ(X·W1 + b1) in one product whose epilogue adds the bias and applies σ to each tile
/// while it is in L1; z1 is not kept (σ' is computed from a1).</item>
/// <item>The backward pass never stores dW1: the product Xᵀ·dz1 adds −η/n times itself straight into
/// W1 (each thread updates the rows of W1 it computed, where they are in its cache), and dW2, db1,
/// db2 are applied with the same factor. Meanwhile that product prefetches the next minibatch's
/// rows of the training set, so the next gather copies from cache instead of waiting for memory.</item>
/// <item>Softmax is one vector per row (10 classes fit one AVX-512 register).</item>
/// </list>
/// Each buffer is allocated for the first batch of its size; a step allocates nothing after that.
/// </summary>
internal sealed unsafe class FastStep(int batchSize, int inputSize, int hiddenSize, int outputSize)
    : TrainingStep<float>(batchSize, inputSize, hiddenSize, outputSize)
{
    /// <summary>The work memory for batches of one size.</summary>
    private sealed class Buffers(int n, int hidden, int output)
    {
        public readonly Matrix<float> a1 = new(n, hidden), z2 = new(n, output), a2 = new(n, output);
        public Matrix<float>? dz2, dz1, dW2, db1, db2; // allocated by the first backward pass
        public int Rows => a1.Rows;
    }

    private Buffers? _main, _other; // for full batches, and for another size (the last, shorter batch)

    protected override bool IsEngine => true;

    private Buffers For(int rows)
    {
        ref var b = ref rows == BatchSize ? ref _main : ref _other;
        if (b is null || b.Rows != rows) b = new Buffers(rows, HiddenSize, OutputSize);
        return b;
    }

    public override void Gather(Dataset<float> train, ReadOnlySpan<int> rows, Batch<float> batch)
        => Engine.Gather.Rows(train.X, train.Y, rows, batch.X, batch.Y, Kernels.MaxThreads);

    public override Matrix<float> Forward(Network<float> net, Matrix<float> X)
    {
        Shapes.Require(X.Cols == net.InputSize, $"ForwardPass: X·W1 needs X to have {net.InputSize} columns (one per input), but X is {X.Shape}.");
        var b = For(X.Rows);
        Products.LinearSigmoid(X, net.W1, net.b1, b.a1, b.a1);   // a1 = σ(X·W1 + b1), in place
        Products.MatMul(b.a1, net.W2, b.z2);                     // z2 = a1·W2
        LinearAlgebra.AddRowVector(b.z2, net.b2);                //    + b2
        if (!Elementwise.SoftmaxRows(b.z2.Data, b.a2.Data, b.z2.Rows, b.z2.Cols, Kernels.Width))
            Maths.Softmax(b.z2, into: b.a2);                     // a2 = softmax(z2)
        return b.a2;
    }

    public override void Backward(Network<float> net, Batch<float> batch, float learningRate)
    {
        var b = For(batch.Rows);
        b.dz2 ??= new(b.Rows, OutputSize); b.dz1 ??= new(b.Rows, HiddenSize);
        b.dW2 ??= new(HiddenSize, OutputSize); b.db1 ??= new(1, HiddenSize); b.db2 ??= new(1, OutputSize);
        float step = -learningRate / batch.Rows;                 // −η/n: the mean's 1/n and the learning rate in one factor

        LinearAlgebra.Subtract(b.a2, batch.Y, into: b.dz2);      // dz2 = a2 − Y
        Products.MatMulTransposeA(b.a1, b.dz2, b.dW2);           // a1ᵀ·dz2
        LinearAlgebra.ColumnSums(b.dz2, into: b.db2);            // Σ dz2
        Products.MatMulTransposeB(b.dz2, net.W2, b.dz1);         // dz1 = dz2·W2ᵀ (W2 before its update)
        Elementwise.MultiplySigmoidDerivative(b.dz1.Data, b.a1.Data); //  ⊙ a1·(1 − a1)
        LinearAlgebra.ColumnSums(b.dz1, into: b.db1);            // Σ dz1
        TensorPrimitives.MultiplyAdd(b.dW2.Data, step, net.W2.Data, net.W2.Data); // W2 ← W2 − η/n·a1ᵀ·dz2
        TensorPrimitives.MultiplyAdd(b.db2.Data, step, net.b2.Data, net.b2.Data);
        TensorPrimitives.MultiplyAdd(b.db1.Data, step, net.b1.Data, net.b1.Data);

        var source = batch.Source; var next = batch.NextRows;
        fixed (float* x = source.X.Data, y = source.Y.Data)
        fixed (int* rows = next.Array)
        {
            var ahead = next.Count == 0 ? default : new Gemm.Prefetch
            {
                X = (byte*)x, Y = (byte*)y, XRowBytes = source.X.Cols * sizeof(float), YRowBytes = source.Y.Cols * sizeof(float),
                Rows = rows + next.Offset, Count = next.Count,
            };
            Products.AddTransposeAProduct(batch.X, b.dz1, net.W1, step, ahead); // W1 ← W1 − η/n·Xᵀ·dz1
        }
    }
}
