using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 03, exercise 1: softmax of one vector of logits, p_i = e^(z_i − max z) / Σ_j e^(z_j − max z).
/// Student signature: <c>Func&lt;double[], double[]&gt;</c>.
/// </summary>
public static class SoftmaxExercise
{
    public const string Title = "Exercise 03.1 · softmax of one vector";

    static readonly double[][] Ordinary =
    [
        [1, 2, 3],
        [0, 0, 0, 0],
        [-1, 0.5, 2, 7, -3],
        [5],
        [.. RandomMatrix(1, 10, seed: 3, scale: 3).Data],
    ];

    /// <summary>Logits a formula without the max subtraction cannot handle: e^1000 = ∞, e^(−1000) = 0.</summary>
    static readonly double[][] Extreme = [[1000, 999], [-1000, -1001], [1000, 0, -1000]];

    public static ExerciseResult Check(Func<double[], double[]> softmax) => Run(Title, () =>
    {
        RequireVectorFunction(softmax, Reference, Ordinary, Extreme,
        [
            ("You returned e^(z_i) without dividing by the sum. Softmax normalises: p_i = e^(z_i) / Σ_j e^(z_j), so the p_i sum to 1.",
                z => [.. z.Select(Math.Exp)]),
            ("You returned e^(z_i − max z) without dividing by the sum. Divide each by Σ_j e^(z_j − max z), so the p_i sum to 1.",
                z => [.. z.Select(v => Math.Exp(v - z.Max()))]),
            ("You divided the logits by their sum. Exponentiate first: p_i = e^(z_i) / Σ_j e^(z_j) (logits can be negative; e^z never is).",
                z => [.. z.Select(v => v / z.Sum())]),
            ("You returned the logits unchanged. Softmax turns them into probabilities: p_i = e^(z_i − max z) / Σ_j e^(z_j − max z).",
                z => z),
            ("You applied the sigmoid to each logit. Softmax couples them: p_i = e^(z_i) / Σ_j e^(z_j), a distribution that sums to 1.",
                z => [.. z.Select(Maths.Sigmoid)]),
        ],
        extremeHint: (z, got) => got.All(double.IsFinite)
            ? $"Right for ordinary logits, but for z = {Show(z)} you returned {Show(got)}; it should be {Show(Reference(z))}."
            : $"Right for ordinary logits, but for z = {Show(z)} you returned {Show(got)}. " + MaxSubtraction,
        ordinaryCheck: (z, got) => got.All(double.IsFinite) && Math.Abs(got.Sum() - 1) > Tolerance
            ? $"For z = {Show(z)} your probabilities {Show(got)} sum to {Num(got.Sum())}, not 1: divide each e^(z_i − max z) by their sum."
            : null);
        return $"Correct on {Ordinary.Length + Extreme.Length} vectors, including [1000, 999] and [−1000, −1001], where the formula without the max subtraction gives NaN.";
    });

    internal const string MaxSubtraction =
        "Without the max subtraction e^1000 overflows to ∞ (∞/∞ = NaN), and e^(−1000) underflows to 0 (0/0 = NaN). " +
        "Subtract the largest logit first: softmax(z) = softmax(z − max z), and then every exponent is ≤ 0 and the largest term is e^0 = 1 " +
        "(subtract the maximum, not the minimum or the mean: only the maximum guarantees that).";

    static double[] Reference(double[] z)
    {
        var p = new double[z.Length];
        Maths.SoftmaxRow<double>(z, p);
        return p;
    }
}

/// <summary>
/// Notebook 03, exercise 2: softmax of a batch, one row per sample, each row normalised on its own.
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;&gt;</c>.
/// </summary>
public static class SoftmaxRowsExercise
{
    public const string Title = "Exercise 03.2 · softmax of a batch (each row)";

    public static ExerciseResult Check(Func<Matrix<double>, Matrix<double>> softmax) => Run(Title, () =>
    {
        RequireFunction(softmax);
        // An ordinary batch of 4 samples × 3 classes (not square, so rows and columns cannot be confused)...
        var Z = RandomMatrix(4, 3, seed: 5, scale: 2);
        var P = Apply(softmax, Z, "an ordinary 4×3 batch Z");
        RequireValues(Maths.Softmax(Z), P, "softmax(Z)", $"Z = {Mat(Z)}",
        [
            new("Each column of your result sums to 1: you normalised over the wrong axis. A row is one sample (n×classes), " +
                "so normalise along each row: p[i, j] = e^(z[i, j]) / Σ_k e^(z[i, k]).", () => ColumnSoftmax(Z)),
            new("All the entries of your result together sum to 1: you normalised over the whole batch. Each row (one sample) must sum to 1 on its own.",
                () => WholeMatrixSoftmax(Z)),
            new("You returned e^Z without dividing by the row sums. Divide each row by its own sum, so that each row sums to 1.",
                () => Map(Z, Math.Exp)),
            new("You returned Z unchanged. Softmax turns each row into probabilities: p[i, j] = e^(z[i, j]) / Σ_k e^(z[i, k]).", () => Z),
            new("You applied the sigmoid to each entry. Softmax normalises each row: p[i, j] = e^(z[i, j]) / Σ_k e^(z[i, k]).",
                () => Map(Z, Maths.Sigmoid)),
        ]);

        // ...then a batch where a row lies far below the largest logit of the batch.
        var big = Matrix<double>.FromRows([[1000, 999, 0, -5, 998], [-1000, -1001, -1002, -1000.5, -999], [0.5, -0.5, 2, 1, 0]]);
        var Pbig = Apply(softmax, big, "the batch Z with large logits");
        RequireValues(Maths.Softmax(big), Pbig, "softmax(Z)", $"Z = {Mat(big)}",
        [
            new("The rows far below the batch's largest logit came out NaN: you subtracted the maximum of the whole batch (1000), " +
                "so for row 1, [−1000, −1001, …], every e^(z − 1000) underflows to 0 and 0/0 is NaN. Subtract each row's own maximum.",
                () => WholeMatrixMaxSoftmax(big)),
            new("Row 0, [1000, 999, …], came out NaN. " + SoftmaxExercise.MaxSubtraction + " Do it for each row, with that row's maximum.",
                () => NoMaxSoftmax(big)),
        ]);
        return "Correct: each row is a probability distribution, also for rows like [1000, 999, …] and [−1000, −1001, …].";
    });

    static Matrix<double> Apply(Func<Matrix<double>, Matrix<double>> softmax, Matrix<double> Z, string input)
    {
        var copy = Z.Clone();
        var P = Call(() => softmax(copy), input);
        RequireUnchanged(Z, copy, "Z", "The forward pass keeps z2 for the backward pass.");
        RequireShape(P, Z, "softmax(Z)", "the shape of Z: one probability per logit", "Did you transpose Z?");
        return P;
    }

    static Matrix<double> WholeMatrixSoftmax(Matrix<double> Z)
    {
        var flat = new Matrix<double>(1, Z.Data.Length, (double[])Z.Data.Clone());
        return new Matrix<double>(Z.Rows, Z.Cols, Maths.Softmax(flat).Data);
    }

    static Matrix<double> WholeMatrixMaxSoftmax(Matrix<double> Z) => NormaliseRows(Map(Z, v => Math.Exp(v - Z.Data.Max())));

    static Matrix<double> NoMaxSoftmax(Matrix<double> Z) => NormaliseRows(Map(Z, Math.Exp));

    static Matrix<double> NormaliseRows(Matrix<double> E)
    {
        for (int r = 0; r < E.Rows; r++)
        {
            double sum = 0;
            foreach (double v in E.Row(r)) sum += v;
            foreach (ref double v in E.Row(r)) v /= sum;
        }
        return E;
    }
}
