using System.Numerics;

namespace Mlp;

public static partial class Maths
{
    /// <summary>
    /// Step 1 of the lesson. W1 = randn(input, hidden)·√(1/input), W2 = randn(hidden, output)·√(1/hidden),
    /// b1 = b2 = 0. Scaling by √(1/fan_in) makes the variance of each unit's weighted sum z the mean square of
    /// its inputs, whatever their number (on MNIST about 0.11, so std(z) ≈ 0.33): the sigmoid starts in its steep,
    /// nearly straight middle, far from its flat (saturated) ends. The same seed gives the same weights.
    /// </summary>
    public static Network<T> InitializeWeights<T>(int inputSize, int hiddenSize, int outputSize, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequirePositive(inputSize, nameof(inputSize));
        RequirePositive(hiddenSize, nameof(hiddenSize));
        RequirePositive(outputSize, nameof(outputSize));
        var rng = new PortableRandom(seed, stream: 0);
        var W1 = RandomNormal<T>(inputSize, hiddenSize, rng, Math.Sqrt(1.0 / inputSize));
        var b1 = new Matrix<T>(1, hiddenSize);
        var W2 = RandomNormal<T>(hiddenSize, outputSize, rng, Math.Sqrt(1.0 / hiddenSize));
        var b2 = new Matrix<T>(1, outputSize);
        return new Network<T>(W1, b1, W2, b2);
    }

    /// <summary>A (rows×cols) matrix of independent N(0, 1) samples times <paramref name="scale"/>: numpy's <c>randn(rows, cols) * scale</c>.</summary>
    public static Matrix<T> RandomNormal<T>(int rows, int cols, Random rng, double scale = 1.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = new Matrix<T>(rows, cols);
        for (int i = 0; i < m.Data.Length; i++)
            m.Data[i] = T.CreateChecked(StandardNormal(rng) * scale);
        return m;
    }

    /// <summary>One N(0, 1) sample by the Box–Muller transform of two uniform samples.</summary>
    public static double StandardNormal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(); // in (0, 1], so the log is finite
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, Localized.Format(Strings.AtLeastOne, name));
    }
}
