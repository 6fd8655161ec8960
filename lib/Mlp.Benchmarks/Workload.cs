using System.Numerics;
using Mlp.Engine;

namespace Mlp.Benchmarks;

/// <summary>
/// The operands of the five products of one training step of the 784-64-10 network, for a batch of
/// n rows: X (n×784), W1 (784×64), a1 (n×64), W2 (64×10), dz2 (n×10), dz1 (n×64).
/// Random numbers of the right shapes: the arithmetic, and so the time, is the same as with MNIST.
/// </summary>
public sealed class Workload
{
    public const int Inputs = 784, Hidden = 64, Classes = 10;
    public Matrix<float> X, W1, a1, W2, dz2, dz1;
    public Matrix<float> z1, z2, dW2, dz1Out, dW1;

    public Workload(int n, int seed = 1)
    {
        var rng = new Random(seed);
        X = Random(n, Inputs, rng); W1 = Random(Inputs, Hidden, rng); a1 = Random(n, Hidden, rng);
        W2 = Random(Hidden, Classes, rng); dz2 = Random(n, Classes, rng); dz1 = Random(n, Hidden, rng);
        z1 = new(n, Hidden); z2 = new(n, Classes); dW2 = new(Hidden, Classes); dz1Out = new(n, Hidden); dW1 = new(Inputs, Hidden);
    }

    public int N => X.Rows;

    public void XW1() => Mlp.Engine.Products.MatMul(X, W1, z1);
    public void A1W2() => Mlp.Engine.Products.MatMul(a1, W2, z2);
    public void A1tDz2() => Mlp.Engine.Products.MatMulTransposeA(a1, dz2, dW2);
    public void Dz2W2t() => Mlp.Engine.Products.MatMulTransposeB(dz2, W2, dz1Out);
    public void XtDz1() => Mlp.Engine.Products.MatMulTransposeA(X, dz1, dW1);

    /// <summary>Floating-point operations (2 per multiply-add) of each product, by benchmark name.</summary>
    public static double Flops(string product, int n) => product switch
    {
        nameof(XW1) or nameof(XtDz1) => 2.0 * n * Inputs * Hidden,
        nameof(A1W2) or nameof(A1tDz2) or nameof(Dz2W2t) => 2.0 * n * Hidden * Classes,
        _ => double.NaN,
    };

    /// <summary>The products of one epoch over 60,000 samples, however it is batched: X·W1 and Xᵀ·dz1
    /// (784·64 multiply-adds per sample each), a1·W2, a1ᵀ·dz2 and dz2·W2ᵀ (64·10 each), 2 flops per
    /// multiply-add: 2·60,000·(2·784·64 + 3·64·10) = 12.27 GFLOP.</summary>
    public const double EpochFlops = 2.0 * 60_000 * (2 * Inputs * Hidden + 3 * Hidden * Classes);

    public static readonly string[] Products = [nameof(XW1), nameof(A1W2), nameof(A1tDz2), nameof(Dz2W2t), nameof(XtDz1)];

    public Action Get(string product) => product switch
    {
        nameof(XW1) => XW1, nameof(A1W2) => A1W2, nameof(A1tDz2) => A1tDz2, nameof(Dz2W2t) => Dz2W2t, nameof(XtDz1) => XtDz1,
        _ => throw new ArgumentException(product),
    };

    private static Matrix<float> Random(int rows, int cols, Random rng)
    {
        var m = new Matrix<float>(rows, cols);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = (float)(rng.NextDouble() * 2 - 1);
        return m;
    }

    /// <summary>A training set of n random "images" (pixels in [0, 1]) with random labels.</summary>
    public static Dataset<float> RandomDataset(int n, int seed = 2)
    {
        var rng = new Random(seed);
        var X = new Matrix<float>(n, Inputs);
        for (int i = 0; i < X.Data.Length; i++) X.Data[i] = (float)rng.NextDouble();
        var labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rng.Next(Classes);
        return new Dataset<float>(X, labels, Classes, "random");
    }
}
