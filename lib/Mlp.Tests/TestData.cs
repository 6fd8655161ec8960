using Mlp;

namespace Mlp.Tests;

/// <summary>Small deterministic data for tests that need no files.</summary>
internal static class TestData
{
    /// <summary>A random matrix with entries in [−scale, scale).</summary>
    public static Matrix<T> Random<T>(int rows, int cols, int seed, double scale = 1.0)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new System.Random(seed);
        var m = new Matrix<T>(rows, cols);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = T.CreateChecked((rng.NextDouble() * 2 - 1) * scale);
        return m;
    }

    /// <summary>
    /// A learnable toy problem: n samples of `features` pixels in [0, 1]; the class is the index of
    /// the brightest of the first `classes` pixels.
    /// </summary>
    public static Dataset<T> Toy<T>(int n, int features = 20, int classes = 4, int seed = 7)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new System.Random(seed);
        var X = new Matrix<T>(n, features);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < features; j++) X[i, j] = T.CreateChecked(rng.NextDouble());
            int best = 0;
            for (int c = 1; c < classes; c++) if (X[i, c] > X[i, best]) best = c;
            labels[i] = best;
        }
        return new Dataset<T>(X, labels, classes, "toy");
    }
}
