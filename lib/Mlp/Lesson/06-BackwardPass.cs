using System.Numerics;

namespace Mlp;

/// <summary>
/// The gradients of the loss with respect to each parameter (same shapes as the parameters),
/// plus the two error signals dz1 (n×hidden) and dz2 (n×output) they are built from.
/// </summary>
public sealed class Gradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Matrix<T> dW1 { get; }
    public Matrix<T> db1 { get; }
    public Matrix<T> dW2 { get; }
    public Matrix<T> db2 { get; }
    public Matrix<T> dz1 { get; }
    public Matrix<T> dz2 { get; }

    public Gradients(int batchSize, int inputSize, int hiddenSize, int outputSize)
    {
        dW1 = new Matrix<T>(inputSize, hiddenSize);
        db1 = new Matrix<T>(1, hiddenSize);
        dW2 = new Matrix<T>(hiddenSize, outputSize);
        db2 = new Matrix<T>(1, outputSize);
        dz1 = new Matrix<T>(batchSize, hiddenSize);
        dz2 = new Matrix<T>(batchSize, outputSize);
    }

    public static Gradients<T> For(Network<T> net, int batchSize) =>
        new(batchSize, net.InputSize, net.HiddenSize, net.OutputSize);

    public void Deconstruct(out Matrix<T> dW1, out Matrix<T> db1, out Matrix<T> dW2, out Matrix<T> db2)
    {
        dW1 = this.dW1; db1 = this.db1; dW2 = this.dW2; db2 = this.db2;
    }
}

public static partial class Maths
{
    /// <summary>
    /// Step 6, backpropagation, for a batch of n samples X (n×input) with one-hot targets Y (n×output):
    /// <code>
    /// dz2 = a2 − Y                      (n×output)   softmax + cross-entropy together
    /// dW2 = a1ᵀ·dz2 / n                 (hidden×output)
    /// db2 = Σ_rows dz2 / n              (1×output)
    /// dz1 = (dz2·W2ᵀ) ⊙ σ'(z1)          (n×hidden)
    /// dW1 = Xᵀ·dz1 / n                  (input×hidden)
    /// db1 = Σ_rows dz1 / n              (1×hidden)
    /// </code>
    /// </summary>
    public static Gradients<T> BackwardPass<T>(Matrix<T> X, Matrix<T> Y, Activations<T> f, Network<T> net, Gradients<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.RequireSame(Y, f.a2, "BackwardPass (Y, a2)");
        if (X.Rows != f.BatchSize) throw Shapes.Mismatch(Strings.ShapeBackwardRows, X.Shape, f.BatchSize);
        var g = into ?? Gradients<T>.For(net, X.Rows);
        T n = T.CreateChecked(X.Rows);

        LinearAlgebra.Subtract(f.a2, Y, into: g.dz2);              // dz2 = a2 − Y
        LinearAlgebra.MatMulTransposeA(f.a1, g.dz2, into: g.dW2);  // dW2 = a1ᵀ·dz2
        LinearAlgebra.Scale(g.dW2, T.One / n);                     //     / n
        LinearAlgebra.ColumnSums(g.dz2, into: g.db2);              // db2 = Σ dz2
        LinearAlgebra.Scale(g.db2, T.One / n);                     //     / n

        LinearAlgebra.MatMulTransposeB(g.dz2, net.W2, into: g.dz1); // dz1 = dz2·W2ᵀ
        MultiplyBySigmoidDerivative(g.dz1, f.z1);                  //     ⊙ σ'(z1)

        LinearAlgebra.MatMulTransposeA(X, g.dz1, into: g.dW1);     // dW1 = Xᵀ·dz1
        LinearAlgebra.Scale(g.dW1, T.One / n);                     //     / n
        LinearAlgebra.ColumnSums(g.dz1, into: g.db1);              // db1 = Σ dz1
        LinearAlgebra.Scale(g.db1, T.One / n);                     //     / n
        return g;
    }
}
