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
    public const string Title = "Exercise 06.1 · output-layer gradients dW2, db2";

    public static ExerciseResult Check(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dW2, Matrix<double> db2)> outputGradients) => Run(Title, () =>
    {
        RequireFunction(outputGradients);
        var b = new BackpropBatch();
        var (a1, a2, Y) = (Maths.Sigmoid(b.z1), b.a2, b.Y);
        var dz2 = LinearAlgebra.Subtract(a2, Y);
        var got = Call(() => outputGradients(a1.Clone(), a2.Clone(), Y.Clone()), b.Describe("a1", "a2", "Y"));

        const string sign = "dz2 = a2 − Y (prediction minus target), not Y − a2: your gradient points uphill.";
        GradientRules.RequireWeightGradient(got.dW2, a1, dz2, "dW2", "a1", "dz2", sign,
            new Mistake("dW2 = a1ᵀ·a2 / n: you used a2 where dz2 = a2 − Y belongs. For softmax with cross-entropy the error signal is dz2 = a2 − Y.",
                () => Scaled(LinearAlgebra.MatMulTransposeA(a1, a2), 1.0 / a1.Rows)));
        GradientRules.RequireBiasGradient(got.db2, dz2, "db2", "dz2", sign,
            new Mistake("db2 is the column sums of a2: subtract Y first, dz2 = a2 − Y.", () => Scaled(LinearAlgebra.ColumnSums(a2), 1.0 / a2.Rows)));
        return $"dW2 {got.dW2.Shape} = a1ᵀ·(a2 − Y) / n and db2 {got.db2.Shape} = Σ_rows (a2 − Y) / n: both right.";
    });
}

/// <summary>
/// Notebook 06, exercise 2: the hidden layer: dz1 = (dz2·W2ᵀ) ⊙ σ'(z1), dW1 = Xᵀ·dz1 / n, db1 = (column sums of dz1) / n.
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, (Matrix&lt;double&gt; dz1, Matrix&lt;double&gt; dW1, Matrix&lt;double&gt; db1)&gt;</c>
/// taking (dz2, W2, z1, X).
/// </summary>
public static class HiddenLayerGradientsExercise
{
    public const string Title = "Exercise 06.2 · hidden-layer gradients dz1, dW1, db1";

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

        RequireShape(got.dz1, dz1, "dz1", $"n × hidden: (n×output)·(output×hidden) = ({dz2.Rows}×{dz2.Cols})·({b.W2.Cols}×{b.W2.Rows})",
            "W2·dz2ᵀ gives the transpose: dz1 = dz2·W2ᵀ, with dz2 first.");
        RequireValues(dz1, got.dz1, "dz1", "the batch",
            new("dz1 = dz2·W2ᵀ is missing the factor σ'(z1): the error flows back through the sigmoid too, dz1 = (dz2·W2ᵀ) ⊙ σ'(z1).", () => back),
            new("You multiplied by σ(z1); the chain rule needs its derivative: dz1 = (dz2·W2ᵀ) ⊙ σ'(z1), with σ'(z1) = σ(z1)·(1 − σ(z1)).",
                () => Times(Maths.Sigmoid)),
            new("You multiplied by z1·(1 − z1). σ'(z1) = a1·(1 − a1) holds for the activation a1 = σ(z1), not for z1: compute σ(z1) first.",
                () => Times(z => z * (1 - z))),
            new("dz1 has the wrong sign: dz1 = (dz2·W2ᵀ) ⊙ σ'(z1), with no minus.", () => Scaled(dz1, -1)));

        GradientRules.RequireWeightGradient(got.dW1, b.X, dz1, "dW1", "X", "dz1", sign: "dW1 = Xᵀ·dz1 / n, with no minus.");
        GradientRules.RequireBiasGradient(got.db1, dz1, "db1", "dz1", sign: "db1 = Σ_rows dz1 / n, with no minus.");
        return $"dz1 {dz1.Shape}, dW1 {got.dW1.Shape} and db1 {got.db1.Shape} all right: the error went back through W2 and the sigmoid.";
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
        $"a batch of n = {N} ({string.Join(", ", names.Select(name => $"{name} {Shape(name)}"))})";

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
        RequireShape(got, expected, name, $"the shape of the weights {name[1..]}: {inputName}ᵀ·{dzName} is ({input.Cols}×{n})·({n}×{dz.Cols})",
            $"{dzName}ᵀ·{inputName} gives the transpose: {name} = {inputName}ᵀ·{dzName} / n.");
        RequireValues(expected, got!, name, $"a batch of n = {n}",
        [
            new($"{name} is n = {n} times too big: divide by the batch size, {name} = {inputName}ᵀ·{dzName} / n (the loss is a mean over the samples).",
                () => Scaled(expected, n)),
            new($"{name} has the wrong sign. " + sign, () => Scaled(expected, -1)),
            .. more,
        ]);
    }

    /// <summary>db = (column sums of dz) / n: one entry per unit, summed over the samples (the rows).</summary>
    public static void RequireBiasGradient(Matrix<double>? got, Matrix<double> dz, string name, string dzName, string sign, params Mistake[] more)
    {
        int n = dz.Rows;
        var expected = Scaled(LinearAlgebra.ColumnSums(dz), 1.0 / n);
        if (got is not null && got.Data.Length == n)
            throw Fail($"{name} is {got.Shape}, one entry per sample: you summed each row. A bias gradient has one entry per unit, " +
                       $"like the bias (1×{dz.Cols}): sum {dzName} over the samples, i.e. down each column, {name} = Σ_rows {dzName} / n.");
        RequireShape(got, expected, name, "one entry per unit, like the bias", "A bias gradient is a row, like the bias: (1×units).");
        RequireValues(expected, got!, name, $"a batch of n = {n}",
        [
            new($"{name} is n = {n} times too big: divide the column sums by the batch size, {name} = Σ_rows {dzName} / n.", () => Scaled(expected, n)),
            new($"{name} has the wrong sign. " + sign, () => Scaled(expected, -1)),
            .. more,
        ]);
    }
}
