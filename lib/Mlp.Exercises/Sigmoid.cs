using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>Inputs shared by the two exercises of notebook 02.</summary>
file static class SigmoidInputs
{
    /// <summary>Any correct formula gets these right.</summary>
    public static readonly double[] Ordinary = [0, 1, -1, 2.5, -3, 0.001, 5, -7, 20, -20, 30, -30];

    /// <summary>Only a formula that cannot overflow gets these right (e^x is ∞ in double for x above about 709).</summary>
    public static readonly double[] Extreme = [1000, -1000, 750, -750];

    public static string Describe => string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid01, Ordinary.Length + Extreme.Length);
}

/// <summary>
/// Notebook 02, exercise 1: the sigmoid σ(z) = 1 / (1 + e^(−z)), right for every z, also z = ±1000.
/// Student signature: <c>Func&lt;double, double&gt;</c>.
/// </summary>
public static class SigmoidExercise
{
    public static string Title => Strings.ExSigmoid02;

    public static ExerciseResult Check(Func<double, double> sigmoid) => Run(Title, () =>
    {
        RequireScalarFunction(sigmoid, Maths.Sigmoid, SigmoidInputs.Ordinary, SigmoidInputs.Extreme,
        [
            (Strings.ExSigmoid03,
                z => Maths.Sigmoid(-z)),
            (Strings.ExSigmoid04,
                z => 1 + Math.Exp(-z)),
            (Strings.ExSigmoid05,
                Math.Tanh),
            (Strings.ExSigmoid06,
                z => 1 / (1 - Math.Exp(-z))),
        ],
        extremeHint: (z, got) => double.IsFinite(got)
            ? string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid07, Num(z), Num(got), Num(Maths.Sigmoid(z)))
            : string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid08, Num(z), Num(got), Num(Math.Abs(z))));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid09, SigmoidInputs.Describe);
    });
}

/// <summary>
/// Notebook 02, exercise 2: the derivative σ'(z) = σ(z)·(1 − σ(z)), right for every z.
/// Student signature: <c>Func&lt;double, double&gt;</c> (it may call <see cref="Maths.Sigmoid{T}(T)"/> or the student's own σ).
/// </summary>
public static class SigmoidDerivativeExercise
{
    public static string Title => Strings.ExSigmoid10;

    public static ExerciseResult Check(Func<double, double> sigmoidDerivative) => Run(Title, () =>
    {
        static double S(double z) => Maths.Sigmoid(z);
        RequireScalarFunction(sigmoidDerivative, Maths.SigmoidDerivative, SigmoidInputs.Ordinary, SigmoidInputs.Extreme,
        [
            (Strings.ExSigmoid11,
                z => z * (1 - z)),
            (Strings.ExSigmoid12,
                z => S(z) * (1 + S(z))),
            (Strings.ExSigmoid13,
                S),
            (Strings.ExSigmoid14,
                z => 1 - S(z)),
            (Strings.ExSigmoid15,
                z => -S(z) * (1 - S(z))),
        ],
        extremeHint: (z, got) => double.IsFinite(got)
            ? string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid16, Num(z), Num(got), Num(Maths.SigmoidDerivative(z)))
            : string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid17, Num(z), Num(got)));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExSigmoid18, SigmoidInputs.Describe);
    });
}
