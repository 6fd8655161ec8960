using System.Numerics;

namespace Mlp;

/// <summary>
/// Everything the forward pass computes for a batch of n samples, kept for the backward pass.
/// Shapes: z1, a1 (n×hidden); z2, a2 (n×output).
/// </summary>
public sealed class Activations<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Matrix<T> z1 { get; }
    public Matrix<T> a1 { get; }
    public Matrix<T> z2 { get; }
    public Matrix<T> a2 { get; }

    public Activations(int batchSize, int hiddenSize, int outputSize)
    {
        z1 = new Matrix<T>(batchSize, hiddenSize);
        a1 = new Matrix<T>(batchSize, hiddenSize);
        z2 = new Matrix<T>(batchSize, outputSize);
        a2 = new Matrix<T>(batchSize, outputSize);
    }

    public int BatchSize => z1.Rows;

    /// <summary>Lets a cell write <c>var (z1, a1, z2, a2) = Maths.ForwardPass(X, net);</c> as the lesson does.</summary>
    public void Deconstruct(out Matrix<T> z1, out Matrix<T> a1, out Matrix<T> z2, out Matrix<T> a2)
    {
        z1 = this.z1; a1 = this.a1; z2 = this.z2; a2 = this.a2;
    }
}

public static partial class Maths
{
    /// <summary>
    /// Step 4 of the lesson, for a batch X (n×input):
    /// z1 = X·W1 + b1, a1 = σ(z1), z2 = a1·W2 + b2, a2 = softmax(z2).
    /// Pass <paramref name="into"/> (sized for n) to reuse its buffers instead of allocating.
    /// </summary>
    public static Activations<T> ForwardPass<T>(Matrix<T> X, Network<T> net, Activations<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (X.Cols != net.InputSize) throw Shapes.Mismatch(Strings.ShapeForwardX, net.InputSize, X.Shape, net.W1.Shape);
        var f = into ?? new Activations<T>(X.Rows, net.HiddenSize, net.OutputSize);
        if (f.BatchSize != X.Rows || f.z1.Cols != net.HiddenSize || f.z2.Cols != net.OutputSize)
            throw Shapes.Mismatch(Strings.ShapeForwardBuffers, f.z1.Shape, f.z2.Shape, X.Shape);

        LinearAlgebra.MatMul(X, net.W1, into: f.z1);     // z1 = X·W1        (n×hidden)
        LinearAlgebra.AddRowVector(f.z1, net.b1);        //    + b1
        Sigmoid(f.z1, into: f.a1);                       // a1 = σ(z1)       (n×hidden)
        LinearAlgebra.MatMul(f.a1, net.W2, into: f.z2);  // z2 = a1·W2       (n×output)
        LinearAlgebra.AddRowVector(f.z2, net.b2);        //    + b2
        Softmax(f.z2, into: f.a2);                       // a2 = softmax(z2) (n×output)
        return f;
    }
}
