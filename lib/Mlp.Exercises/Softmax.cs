using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 03, exercise 1: softmax of one vector of logits, p_i = e^(z_i − max z) / Σ_j e^(z_j − max z).
/// Student signature: <c>Func&lt;double[], double[]&gt;</c>.
/// </summary>
public static class SoftmaxExercise
{
    public static string Title => Strings.ExSoftmax01;

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
            (Strings.ExSoftmax02,
                z => [.. z.Select(Math.Exp)]),
            (Strings.ExSoftmax03,
                z => [.. z.Select(v => Math.Exp(v - z.Max()))]),
            (Strings.ExSoftmax04,
                z => [.. z.Select(v => v / z.Sum())]),
            (Strings.ExSoftmax05,
                z => z),
            (Strings.ExSoftmax06,
                z => [.. z.Select(Maths.Sigmoid)]),
        ],
        extremeHint: (z, got) => got.All(double.IsFinite)
            ? string.Format(CultureInfo.InvariantCulture, Strings.ExSoftmax07, Show(z), Show(got), Show(Reference(z)))
            : string.Format(CultureInfo.InvariantCulture, Strings.ExSoftmax08, Show(z), Show(got)) + MaxSubtraction,
        ordinaryCheck: (z, got) => got.All(double.IsFinite) && Math.Abs(got.Sum() - 1) > Tolerance
            ? string.Format(CultureInfo.InvariantCulture, Strings.ExSoftmax09, Show(z), Show(got), Num(got.Sum()))
            : null);
        return string.Format(CultureInfo.InvariantCulture, Strings.ExSoftmax10, Ordinary.Length + Extreme.Length);
    });

    internal static string MaxSubtraction => Strings.ExSoftmax11;

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
    public static string Title => Strings.ExSoftmax12;

    public static ExerciseResult Check(Func<Matrix<double>, Matrix<double>> softmax) => Run(Title, () =>
    {
        RequireFunction(softmax);
        // An ordinary batch of 4 samples × 3 classes (not square, so rows and columns cannot be confused)...
        var Z = RandomMatrix(4, 3, seed: 5, scale: 2);
        var P = Apply(softmax, Z, Strings.ExSoftmax13);
        RequireValues(Maths.Softmax(Z), P, "softmax(Z)", $"Z = {Mat(Z)}",
        [
            new(Strings.ExSoftmax14, () => ColumnSoftmax(Z)),
            new(Strings.ExSoftmax15,
                () => WholeMatrixSoftmax(Z)),
            new(Strings.ExSoftmax16,
                () => Map(Z, Math.Exp)),
            new(Strings.ExSoftmax17, () => Z),
            new(Strings.ExSoftmax18,
                () => Map(Z, Maths.Sigmoid)),
        ]);

        // ...then a batch where a row lies far below the largest logit of the batch.
        var big = Matrix<double>.FromRows([[1000, 999, 0, -5, 998], [-1000, -1001, -1002, -1000.5, -999], [0.5, -0.5, 2, 1, 0]]);
        var Pbig = Apply(softmax, big, Strings.ExSoftmax19);
        RequireValues(Maths.Softmax(big), Pbig, "softmax(Z)", $"Z = {Mat(big)}",
        [
            new(Strings.ExSoftmax20,
                () => WholeMatrixMaxSoftmax(big)),
            new(Strings.ExSoftmax21 + SoftmaxExercise.MaxSubtraction + Strings.ExSoftmax22,
                () => NoMaxSoftmax(big)),
        ]);
        return Strings.ExSoftmax23;
    });

    static Matrix<double> Apply(Func<Matrix<double>, Matrix<double>> softmax, Matrix<double> Z, string input)
    {
        var copy = Z.Clone();
        var P = Call(() => softmax(copy), input);
        RequireUnchanged(Z, copy, "Z", Strings.ExSoftmax24);
        RequireShape(P, Z, "softmax(Z)", Strings.ExSoftmax25, Strings.ExSoftmax26);
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
