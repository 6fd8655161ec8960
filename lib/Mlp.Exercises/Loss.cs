using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 05, exercise 1: the cross-entropy loss L = −(1/n) Σ_i ln a2[i, y_i], with y_i the true class of
/// sample i (the 1 in row i of the one-hot Y). Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, double&gt;</c>
/// taking (Y, a2), in the order of <see cref="Maths.CrossEntropy{T}(Matrix{T}, Matrix{T})"/>.
/// </summary>
public static class CrossEntropyExercise
{
    public const string Title = "Exercise 05.1 · the cross-entropy loss";

    public static ExerciseResult Check(Func<Matrix<double>, Matrix<double>, double> crossEntropy) => Run(Title, () =>
    {
        RequireFunction(crossEntropy);
        // 1. An ordinary batch: n = 4 samples, 3 classes (n ≠ classes, so dividing by the wrong count shows).
        var Y = OneHot([0, 2, 1, 2], 3);
        var a2 = Maths.Softmax(RandomMatrix(4, 3, seed: 21, scale: 1.5));
        double expected = Maths.CrossEntropy(Y, a2), got = Loss(crossEntropy, Y, a2, "an ordinary batch");
        if (!Close(expected, got))
        {
            double n = Y.Rows, k = Y.Cols;
            var mistakes = new (string Hint, double Value)[]
            {
                ("Your loss has the wrong sign. ln p ≤ 0 for a probability p, so L = −(1/n) Σ ln p_true ≥ 0: keep the minus.", -expected),
                ($"Your loss is n = {n} times too big: you summed over the samples but forgot to divide by n. L is the mean, −(1/n) Σ ln p_true.", n * expected),
                ($"Your loss is {k} times too small: you divided by n·classes = {n * k}. Only the true class of each sample counts, so divide by n = {n}.", expected / k),
                ("You used log10. Cross-entropy uses the natural logarithm: Math.Log(p), not Math.Log10(p) (yours is ln 10 ≈ 2.303 times too small).", expected / Math.Log(10)),
                ("That is the binary cross-entropy, with (1 − y)·ln(1 − a) terms. For softmax outputs only the true class counts: L = −(1/n) Σ_i ln a2[i, y_i].",
                    -Sum(Y, a2, (y, a) => y * Math.Log(a) + (1 - y) * Math.Log(1 - a)) / n),
                ("You took the probability of the predicted class (the largest a2 in each row). The loss uses the true class, the column where Y has its 1.",
                    -Enumerable.Range(0, a2.Rows).Average(i => Math.Log(a2.Row(i).ToArray().Max()))),
                ("You summed ln a2 over the wrong classes (where y = 0). The loss is −(1/n) Σ_i ln a2[i, y_i]: the probability of the true class only.",
                    -Sum(Y, a2, (y, a) => (1 - y) * Math.Log(a)) / n),
            };
            foreach (var (hint, value) in mistakes)
                if (Close(value, got)) throw Fail(hint);
            throw Fail($"For Y = {Mat(Y)} and a2 = {Mat(a2)} your loss is {Num(got)}; it should be {Num(expected)}." +
                       (double.IsFinite(got) ? "" : " " + NonFiniteExplanation));
        }

        // 2. Confident predictions: some wrong-class probabilities are exactly 0 (softmax underflows like that).
        var Yc = OneHot([0, 1], 3);
        var a2c = Matrix<double>.FromRows([[1, 0, 0], [0.2, 0.8, 0]]);
        double expectedC = Maths.CrossEntropy(Yc, a2c), gotC = Loss(crossEntropy, Yc, a2c, "confident predictions");
        if (double.IsNaN(gotC))
            throw Fail($"For a2 = {Mat(a2c)} your loss is NaN. Some wrong classes have probability exactly 0, and y·ln a = 0·ln 0 = 0·(−∞) is NaN " +
                       "in floating point. Take the log only of the true class's probability (or skip the entries where y = 0).");
        if (!Close(expectedC, gotC))
            throw Fail($"For Y = {Mat(Yc)} and a2 = {Mat(a2c)} your loss is {Num(gotC)}; it should be {Num(expectedC)}.");

        // 3. An untrained network guesses uniformly over 10 classes: the loss is ln 10.
        var Yu = OneHot([7], 10);
        var a2u = new Matrix<double>(1, 10, Enumerable.Repeat(0.1, 10).ToArray());
        double gotU = Loss(crossEntropy, Yu, a2u, "a uniform guess over 10 classes");
        if (!Close(Math.Log(10), gotU))
            throw Fail($"For one sample and a uniform guess (every a2 = 0.1 over 10 classes) your loss is {Num(gotU)}; it should be ln 10 ≈ 2.302585.");
        return $"Correct: {Num(expected)} on an ordinary batch, finite when wrong classes have probability 0, and ln 10 ≈ 2.3026 for a uniform guess.";
    });

    static double Loss(Func<Matrix<double>, Matrix<double>, double> crossEntropy, Matrix<double> Y, Matrix<double> a2, string input) =>
        Call(() => crossEntropy(Y.Clone(), a2.Clone()), $"{input} (Y {Y.Shape}, a2 {a2.Shape})");

    static double Sum(Matrix<double> Y, Matrix<double> a2, Func<double, double, double> term) =>
        Y.Data.Zip(a2.Data, term).Sum();
}
