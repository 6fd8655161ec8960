using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 05, exercise 1: the cross-entropy loss L = −(1/n) Σ_i ln a2[i, y_i], with y_i the true class of
/// sample i (the 1 in row i of the one-hot Y). Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, double&gt;</c>
/// taking (Y, a2), in the order of <see cref="Maths.CrossEntropy{T}(Matrix{T}, Matrix{T})"/>.
/// </summary>
public static class CrossEntropyExercise
{
    public static string Title => Strings.ExLoss01;

    public static ExerciseResult Check(Func<Matrix<double>, Matrix<double>, double> crossEntropy) => Run(Title, () =>
    {
        RequireFunction(crossEntropy);
        // 1. An ordinary batch: n = 4 samples, 3 classes (n ≠ classes, so dividing by the wrong count shows).
        var Y = OneHot([0, 2, 1, 2], 3);
        var a2 = Maths.Softmax(RandomMatrix(4, 3, seed: 21, scale: 1.5));
        double expected = Maths.CrossEntropy(Y, a2), got = Loss(crossEntropy, Y, a2, Strings.ExLoss02);
        if (!Close(expected, got))
        {
            double n = Y.Rows, k = Y.Cols;
            var mistakes = new (string Hint, double Value)[]
            {
                (Strings.ExLoss03, -expected),
                (string.Format(CultureInfo.InvariantCulture, Strings.ExLoss04, n), n * expected),
                (string.Format(CultureInfo.InvariantCulture, Strings.ExLoss05, k, n * k, n), expected / k),
                (Strings.ExLoss06, expected / Math.Log(10)),
                (Strings.ExLoss07,
                    -Sum(Y, a2, (y, a) => y * Math.Log(a) + (1 - y) * Math.Log(1 - a)) / n),
                (Strings.ExLoss08,
                    -Enumerable.Range(0, a2.Rows).Average(i => Math.Log(a2.Row(i).ToArray().Max()))),
                (Strings.ExLoss09,
                    -Sum(Y, a2, (y, a) => (1 - y) * Math.Log(a)) / n),
            };
            foreach (var (hint, value) in mistakes)
                if (Close(value, got)) throw Fail(hint);
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExLoss10, Mat(Y), Mat(a2), Num(got), Num(expected)) +
                       (double.IsFinite(got) ? "" : " " + NonFiniteExplanation));
        }

        // 2. Confident predictions: some wrong-class probabilities are exactly 0 (softmax underflows like that).
        var Yc = OneHot([0, 1], 3);
        var a2c = Matrix<double>.FromRows([[1, 0, 0], [0.2, 0.8, 0]]);
        double expectedC = Maths.CrossEntropy(Yc, a2c), gotC = Loss(crossEntropy, Yc, a2c, Strings.ExLoss11);
        if (double.IsNaN(gotC))
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExLoss12, Mat(a2c)));
        if (!Close(expectedC, gotC))
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExLoss13, Mat(Yc), Mat(a2c), Num(gotC), Num(expectedC)));

        // 3. An untrained network guesses uniformly over 10 classes: the loss is ln 10.
        var Yu = OneHot([7], 10);
        var a2u = new Matrix<double>(1, 10, Enumerable.Repeat(0.1, 10).ToArray());
        double gotU = Loss(crossEntropy, Yu, a2u, Strings.ExLoss14);
        if (!Close(Math.Log(10), gotU))
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExLoss15, Num(gotU)));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExLoss16, Num(expected));
    });

    static double Loss(Func<Matrix<double>, Matrix<double>, double> crossEntropy, Matrix<double> Y, Matrix<double> a2, string input) =>
        Call(() => crossEntropy(Y.Clone(), a2.Clone()), $"{input} (Y {Y.Shape}, a2 {a2.Shape})");

    static double Sum(Matrix<double> Y, Matrix<double> a2, Func<double, double, double> term) =>
        Y.Data.Zip(a2.Data, term).Sum();
}
