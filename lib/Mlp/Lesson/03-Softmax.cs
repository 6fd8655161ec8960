using System.Numerics;
using System.Numerics.Tensors;

namespace Mlp;

public static partial class Maths
{
    /// <summary>
    /// softmax(z)_i = e^(z_i) / Σ_j e^(z_j), for each row of Z. Subtracting the row's maximum first
    /// changes nothing mathematically (the factor e^(−max) cancels) but keeps every exponent ≤ 0,
    /// so e^z cannot overflow: a row [1000, 0] gives [1, 0] (e^(−1000) underflows to 0) instead of NaN.
    /// </summary>
    public static Matrix<T> Softmax<T>(Matrix<T> Z, Matrix<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var A = LinearAlgebra.Output(into, Z.Rows, Z.Cols, "Softmax");
        for (int r = 0; r < Z.Rows; r++)
            SoftmaxRow<T>(Z.Row(r), A.Row(r));
        return A;
    }

    /// <summary>Softmax of one vector z into p.</summary>
    public static void SoftmaxRow<T>(ReadOnlySpan<T> z, Span<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(z);
        TensorPrimitives.Subtract(z, max, p); // p = z − max(z), every entry ≤ 0
        TensorPrimitives.Exp<T>(p, p);           // p = e^(z − max), each in (0, 1]
        T sum = TensorPrimitives.Sum<T>(p);    // ≥ 1, because the largest entry is e^0 = 1
        TensorPrimitives.Divide(p, sum, p);
    }
}
