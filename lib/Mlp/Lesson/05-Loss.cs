using System.Numerics;

namespace Mlp;

public static partial class Maths
{
    /// <summary>
    /// Step 5: cross-entropy loss = −(1/n) Σ_i log a2[i, y_i], where y_i is sample i's true class,
    /// read from the one-hot row Y[i, :] as the lesson does with argmax.
    /// A probability that underflowed to 0 is read as the smallest positive number, so the loss
    /// stays finite (very large) instead of becoming +∞.
    /// </summary>
    public static T CrossEntropy<T>(Matrix<T> Y, Matrix<T> a2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.RequireSame(Y, a2, "CrossEntropy (Y, a2)");
        T sum = T.Zero;
        for (int i = 0; i < a2.Rows; i++)
        {
            int y = TrueClass(Y.Row(i));
            sum += -T.Log(T.Max(a2[i, y], T.Epsilon));
        }
        return sum / T.CreateChecked(a2.Rows);
    }

    /// <summary>The same loss from class labels instead of one-hot rows.</summary>
    public static T CrossEntropy<T>(ReadOnlySpan<int> labels, Matrix<T> a2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (labels.Length != a2.Rows) throw Shapes.Mismatch(Strings.ShapeCrossEntropyLabels, labels.Length, a2.Shape);
        T sum = T.Zero;
        for (int i = 0; i < a2.Rows; i++)
            sum += -T.Log(T.Max(a2[i, labels[i]], T.Epsilon));
        return sum / T.CreateChecked(a2.Rows);
    }

    private static int TrueClass<T>(ReadOnlySpan<T> oneHotRow) where T : unmanaged, IFloatingPointIeee754<T>
        => LinearAlgebra.ArgMax(oneHotRow);
}
