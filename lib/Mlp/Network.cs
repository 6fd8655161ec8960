using System.Numerics;

namespace Mlp;

/// <summary>
/// The lesson's network: input → hidden sigmoid layer → softmax output.
/// Shapes: W1 (inputSize×hiddenSize), b1 (1×hiddenSize), W2 (hiddenSize×outputSize), b2 (1×outputSize).
/// </summary>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Matrix<T> W1 { get; }
    public Matrix<T> b1 { get; }
    public Matrix<T> W2 { get; }
    public Matrix<T> b2 { get; }

    public int InputSize => W1.Rows;
    public int HiddenSize => W1.Cols;
    public int OutputSize => W2.Cols;

    /// <summary>Number of trainable numbers: 784·64 + 64 + 64·10 + 10 = 50,890 for the default network.</summary>
    public int ParameterCount => W1.Data.Length + b1.Data.Length + W2.Data.Length + b2.Data.Length;

    public Network(Matrix<T> W1, Matrix<T> b1, Matrix<T> W2, Matrix<T> b2)
    {
        if (b1.Rows != 1 || b1.Cols != W1.Cols) throw Shapes.Mismatch(Strings.ShapeNetworkBias, "b1", W1.Cols, "W1", W1.Shape, b1.Shape);
        if (W2.Rows != W1.Cols) throw Shapes.Mismatch(Strings.ShapeNetworkW2, W1.Cols, W1.Shape, W2.Shape);
        if (b2.Rows != 1 || b2.Cols != W2.Cols) throw Shapes.Mismatch(Strings.ShapeNetworkBias, "b2", W2.Cols, "W2", W2.Shape, b2.Shape);
        this.W1 = W1; this.b1 = b1; this.W2 = W2; this.b2 = b2;
    }

    /// <summary>A new network initialised as the lesson does it (see <see cref="Maths.InitializeWeights{T}"/>).</summary>
    public static Network<T> Create(int inputSize = 784, int hiddenSize = 64, int outputSize = 10, int seed = 1)
        => Maths.InitializeWeights<T>(inputSize, hiddenSize, outputSize, seed);

    /// <summary>The most probable class of each row of X (n×inputSize).</summary>
    public int[] Predict(Matrix<T> X) => Evaluation.Predict(this, X);

    /// <summary>Class probabilities a2 (n×outputSize) for each row of X.</summary>
    public Matrix<T> PredictProbabilities(Matrix<T> X) => Maths.ForwardPass(X, this).a2;

    /// <summary>A deep copy (used to keep the last good weights while training).</summary>
    public Network<T> Clone() => new(W1.Clone(), b1.Clone(), W2.Clone(), b2.Clone());

    /// <summary>Overwrites this network's parameters with <paramref name="other"/>'s (same shapes).</summary>
    public void CopyFrom(Network<T> other)
    {
        W1.CopyFrom(other.W1); b1.CopyFrom(other.b1); W2.CopyFrom(other.W2); b2.CopyFrom(other.b2);
    }

    /// <summary>The same network in another precision (e.g. to gradient-check a float network in double).</summary>
    public Network<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
        => new(W1.Cast<TOut>(), b1.Cast<TOut>(), W2.Cast<TOut>(), b2.Cast<TOut>());

    public override string ToString() =>
Localized.Format(Strings.Network, typeof(T).Name, InputSize, HiddenSize, OutputSize, ParameterCount);
}
