using System.Numerics;

namespace Mlp;

public static partial class Maths
{
    /// <summary>
    /// σ(z) = 1 / (1 + e^(−z)). For z &lt; 0 it uses the equal form e^z / (1 + e^z), so e^(−z)
    /// never overflows: σ(−1000) is 0 and σ(1000) is 1, never NaN.
    /// </summary>
    public static T Sigmoid<T>(T z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (z >= T.Zero) return T.One / (T.One + T.Exp(-z));
        T e = T.Exp(z);
        return e / (T.One + e);
    }

    /// <summary>
    /// σ'(z) = σ(z)·(1 − σ(z)), the lesson's formula. Its largest value is 0.25, at z = 0. Finite for every z, but for
    /// large z the subtraction 1 − σ(z) cancels: in double σ'(30) keeps about 3 significant digits (9.348e−14 against the
    /// true 9.358e−14), and from z ≈ 36.7 on σ(z) rounds to 1 and σ'(z) is 0 (in float from z ≈ 17). The absolute error stays
    /// below 1e−16, harmless in training; σ(z)·σ(−z) is the same number with full relative precision.
    /// </summary>
    public static T SigmoidDerivative<T>(T z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = Sigmoid(z);
        return s * (T.One - s);
    }

    /// <summary>σ applied to every element of Z: the function above, entry by entry.</summary>
    public static Matrix<T> Sigmoid<T>(Matrix<T> Z, Matrix<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var A = LinearAlgebra.Output(into, Z.Rows, Z.Cols, "Sigmoid");
        for (int i = 0; i < Z.Data.Length; i++) A.Data[i] = Sigmoid(Z.Data[i]);
        return A;
    }

    /// <summary>dz ← dz ⊙ σ'(z), element by element, with σ' the function above (the lesson's <c>* sigmoid_derivative(z1)</c>).</summary>
    public static void MultiplyBySigmoidDerivative<T>(Matrix<T> dz, Matrix<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.RequireSame(dz, z, "MultiplyBySigmoidDerivative");
        for (int i = 0; i < dz.Data.Length; i++) dz.Data[i] *= SigmoidDerivative(z.Data[i]);
    }

    /// <summary>σ' applied to every element of Z.</summary>
    public static Matrix<T> SigmoidDerivative<T>(Matrix<T> Z, Matrix<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var D = LinearAlgebra.Output(into, Z.Rows, Z.Cols, "SigmoidDerivative");
        for (int i = 0; i < Z.Data.Length; i++) D.Data[i] = SigmoidDerivative(Z.Data[i]);
        return D;
    }
}
