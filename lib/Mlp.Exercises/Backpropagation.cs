using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 06, exercise 1: the output layer's gradients, with dz2 = a2 − Y:
/// dW2 = a1ᵀ·dz2 / n and db2 = (column sums of dz2) / n.
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, (Matrix&lt;double&gt; dW2, Matrix&lt;double&gt; db2)&gt;</c>
/// taking (a1, a2, Y).
/// </summary>
public static class OutputLayerGradientsExercise
{
    public static string Title => Strings.ExBackpropagation01;

    public static ExerciseResult Check(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dW2, Matrix<double> db2)> outputGradients) => Run(Title, () =>
    {
        RequireFunction(outputGradients);
        var b = new BackpropBatch();
        var (a1, a2, Y) = (Maths.Sigmoid(b.z1), b.a2, b.Y);
        var dz2 = LinearAlgebra.Subtract(a2, Y);
        var got = Call(() => outputGradients(a1.Clone(), a2.Clone(), Y.Clone()), b.Describe("a1", "a2", "Y"));

        string sign = Strings.ExBackpropagation02;
        GradientRules.RequireWeightGradient(got.dW2, a1, dz2, "dW2", "a1", "dz2", sign,
            new Mistake(Strings.ExBackpropagation03,
                () => Scaled(LinearAlgebra.MatMulTransposeA(a1, a2), 1.0 / a1.Rows)));
        GradientRules.RequireBiasGradient(got.db2, dz2, "db2", "dz2", sign,
            new Mistake(Strings.ExBackpropagation04, () => Scaled(LinearAlgebra.ColumnSums(a2), 1.0 / a2.Rows)));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation05, got.dW2.Shape, got.db2.Shape);
    });
}

/// <summary>
/// Notebook 06, exercise 2: the hidden layer: dz1 = (dz2·W2ᵀ) ⊙ σ'(z1), dW1 = Xᵀ·dz1 / n, db1 = (column sums of dz1) / n.
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, (Matrix&lt;double&gt; dz1, Matrix&lt;double&gt; dW1, Matrix&lt;double&gt; db1)&gt;</c>
/// taking (dz2, W2, z1, X).
/// </summary>
public static class HiddenLayerGradientsExercise
{
    public static string Title => Strings.ExBackpropagation06;

    public static ExerciseResult Check(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dz1, Matrix<double> dW1, Matrix<double> db1)> hiddenGradients)
        => Run(Title, () =>
    {
        RequireFunction(hiddenGradients);
        var b = new BackpropBatch();
        var dz2 = LinearAlgebra.Subtract(b.a2, b.Y);
        var back = LinearAlgebra.MatMulTransposeB(dz2, b.W2); // dz2·W2ᵀ
        Matrix<double> Times(Func<double, double> f) => Hadamard(back, Map(b.z1, f));
        var dz1 = Times(Maths.SigmoidDerivative);
        var got = Call(() => hiddenGradients(dz2.Clone(), b.W2.Clone(), b.z1.Clone(), b.X.Clone()), b.Describe("dz2", "W2", "z1", "X"));

        RequireShape(got.dz1, dz1, "dz1", string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation07, dz2.Rows, dz2.Cols, b.W2.Cols, b.W2.Rows),
            Strings.ExBackpropagation08);
        RequireValues(dz1, got.dz1, "dz1", Strings.ExBackpropagation09,
            new(Strings.ExBackpropagation10, () => back),
            new(Strings.ExBackpropagation11,
                () => Times(Maths.Sigmoid)),
            new(Strings.ExBackpropagation12,
                () => Times(z => z * (1 - z))),
            new(Strings.ExBackpropagation13, () => Scaled(dz1, -1)));

        GradientRules.RequireWeightGradient(got.dW1, b.X, dz1, "dW1", "X", "dz1", sign: Strings.ExBackpropagation14);
        GradientRules.RequireBiasGradient(got.db1, dz1, "db1", "dz1", sign: Strings.ExBackpropagation15);
        return string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation16, dz1.Shape, got.dW1.Shape, got.db1.Shape);
    });

    static Matrix<double> Hadamard(Matrix<double> A, Matrix<double> B) =>
        new(A.Rows, A.Cols, A.Data.Zip(B.Data, (x, y) => x * y).ToArray());
}

/// <summary>
/// A small batch for the backpropagation exercises. Every size differs (n = 5 samples, 6 inputs, 4 hidden,
/// 3 outputs), so that a wrong transpose or a sum over the wrong axis shows in the shape.
/// </summary>
internal sealed class BackpropBatch
{
    public const int N = 5, Input = 6, Hidden = 4, Output = 3;
    public Matrix<double> X { get; } = RandomMatrix(N, Input, seed: 31);
    public Matrix<double> z1 { get; } = RandomMatrix(N, Hidden, seed: 32, scale: 2);
    public Matrix<double> W2 { get; } = RandomMatrix(Hidden, Output, seed: 33);
    public Matrix<double> a2 { get; } = Maths.Softmax(RandomMatrix(N, Output, seed: 34));
    public Matrix<double> Y { get; } = OneHot([0, 2, 1, 1, 0], Output);

    public string Describe(params string[] names) =>
        string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation17, N, string.Join(", ", names.Select(name => $"{name} {Shape(name)}")));

    string Shape(string name) => name switch
    {
        "X" => X.Shape, "z1" or "a1" => z1.Shape, "W2" => W2.Shape, "a2" or "Y" or "dz2" => a2.Shape, _ => "",
    };
}

/// <summary>The two rules every layer's parameter gradients follow, with the mistakes made in them.</summary>
internal static class GradientRules
{
    /// <summary>dW = inputᵀ·dz / n: the weights' shape (input units × units), averaged over the n samples.</summary>
    public static void RequireWeightGradient(Matrix<double>? got, Matrix<double> input, Matrix<double> dz,
        string name, string inputName, string dzName, string sign, params Mistake[] more)
    {
        int n = input.Rows;
        var expected = Scaled(LinearAlgebra.MatMulTransposeA(input, dz), 1.0 / n);
        RequireShape(got, expected, name, string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation18, name[1..], inputName, dzName, input.Cols, n, n, dz.Cols),
            string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation19, dzName, inputName, name, inputName, dzName));
        RequireValues(expected, got!, name, string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation20, n),
        [
            new(string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation21, name, n, name, inputName, dzName),
                () => Scaled(expected, n)),
            new(string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation22, name) + sign, () => Scaled(expected, -1)),
            .. more,
        ]);
    }

    /// <summary>db = (column sums of dz) / n: one entry per unit, summed over the samples (the rows).</summary>
    public static void RequireBiasGradient(Matrix<double>? got, Matrix<double> dz, string name, string dzName, string sign, params Mistake[] more)
    {
        int n = dz.Rows;
        var expected = Scaled(LinearAlgebra.ColumnSums(dz), 1.0 / n);
        if (got is not null && got.Data.Length == n)
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation23, name, got.Shape, dz.Cols, dzName, name, dzName));
        RequireShape(got, expected, name, Strings.ExBackpropagation24, Strings.ExBackpropagation25);
        RequireValues(expected, got!, name, string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation26, n),
        [
            new(string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation27, name, n, name, dzName), () => Scaled(expected, n)),
            new(string.Format(CultureInfo.InvariantCulture, Strings.ExBackpropagation28, name) + sign, () => Scaled(expected, -1)),
            .. more,
        ]);
    }
}
