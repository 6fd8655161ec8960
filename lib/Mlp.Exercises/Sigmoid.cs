using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>Inputs shared by the two exercises of notebook 02.</summary>
file static class SigmoidInputs
{
    /// <summary>Any correct formula gets these right.</summary>
    public static readonly double[] Ordinary = [0, 1, -1, 2.5, -3, 0.001, 5, -7, 20, -20, 30, -30];

    /// <summary>Only a formula that cannot overflow gets these right (e^x is ∞ in double for x above about 709).</summary>
    public static readonly double[] Extreme = [1000, -1000, 750, -750];

    public static string Describe => $"{Ordinary.Length + Extreme.Length} inputs, including z = ±750 and ±1000";
}

/// <summary>
/// Notebook 02, exercise 1: the sigmoid σ(z) = 1 / (1 + e^(−z)), right for every z, also z = ±1000.
/// Student signature: <c>Func&lt;double, double&gt;</c>.
/// </summary>
public static class SigmoidExercise
{
    public const string Title = "Exercise 02.1 · the sigmoid σ(z)";

    public static ExerciseResult Check(Func<double, double> sigmoid) => Run(Title, () =>
    {
        RequireScalarFunction(sigmoid, Maths.Sigmoid, SigmoidInputs.Ordinary, SigmoidInputs.Extreme,
        [
            ("Your function gives σ(−z) = 1 − σ(z): check the sign of the exponent. σ(z) = 1 / (1 + e^(−z)), so σ(2) ≈ 0.88 is above ½.",
                z => Maths.Sigmoid(-z)),
            ("C# reads `1 / 1 + Math.Exp(-z)` as (1 / 1) + e^(−z). Put the denominator in brackets: 1 / (1 + Math.Exp(-z)).",
                z => 1 + Math.Exp(-z)),
            ("That is tanh(z), which runs from −1 to 1. The sigmoid runs from 0 to 1: σ(z) = 1 / (1 + e^(−z)) (= (1 + tanh(z/2)) / 2).",
                Math.Tanh),
            ("The denominator is 1 + e^(−z), with a plus: σ(z) = 1 / (1 + e^(−z)).",
                z => 1 / (1 - Math.Exp(-z))),
        ],
        extremeHint: (z, got) => double.IsFinite(got)
            ? $"Right for ordinary z, but at z = {Num(z)} your function returned {Num(got)}; it should be {Num(Maths.Sigmoid(z))}."
            : $"Right for ordinary z, but at z = {Num(z)} your function returned {Num(got)}. In double, e^x overflows to ∞ for x above " +
              $"about 709, so e^{Num(Math.Abs(z))} is ∞, and ∞/∞ (or ∞ − ∞) is NaN. Use the form whose exponent is never positive: " +
              "σ(z) = 1 / (1 + e^(−z)) for z ≥ 0 and σ(z) = e^z / (1 + e^z) for z < 0 (the split formula).");
        return $"Correct on {SigmoidInputs.Describe}, where a careless formula overflows.";
    });
}

/// <summary>
/// Notebook 02, exercise 2: the derivative σ'(z) = σ(z)·(1 − σ(z)), right for every z.
/// Student signature: <c>Func&lt;double, double&gt;</c> (it may call <see cref="Maths.Sigmoid{T}(T)"/> or the student's own σ).
/// </summary>
public static class SigmoidDerivativeExercise
{
    public const string Title = "Exercise 02.2 · the derivative σ'(z)";

    public static ExerciseResult Check(Func<double, double> sigmoidDerivative) => Run(Title, () =>
    {
        static double S(double z) => Maths.Sigmoid(z);
        RequireScalarFunction(sigmoidDerivative, Maths.SigmoidDerivative, SigmoidInputs.Ordinary, SigmoidInputs.Extreme,
        [
            ("You computed z·(1 − z). The formula a·(1 − a) is in terms of the activation a = σ(z), not z: compute a = σ(z) first, then a·(1 − a).",
                z => z * (1 - z)),
            ("Close: σ'(z) = σ(z)·(1 − σ(z)), with a minus. Yours is σ(z)·(1 + σ(z)), which goes up to 2; σ' is never above 0.25.",
                z => S(z) * (1 + S(z))),
            ("You returned σ(z) itself. Its derivative is σ'(z) = σ(z)·(1 − σ(z)), at most 0.25 (at z = 0).",
                S),
            ("You returned 1 − σ(z). Multiply it by σ(z): σ'(z) = σ(z)·(1 − σ(z)).",
                z => 1 - S(z)),
            ("Your σ' is negative: σ is increasing, so σ'(z) = σ(z)·(1 − σ(z)) is positive. Check the sign.",
                z => -S(z) * (1 - S(z))),
        ],
        extremeHint: (z, got) => double.IsFinite(got)
            ? $"Right for ordinary z, but at z = {Num(z)} your function returned {Num(got)}; it should be {Num(Maths.SigmoidDerivative(z))}."
            : $"Right for ordinary z, but at z = {Num(z)} your function returned {Num(got)}: an e^(±z) overflowed to ∞ " +
              "(e.g. e^(−z) / (1 + e^(−z))² is ∞/∞ = NaN for z = −1000). Write it as σ(z)·(1 − σ(z)) with a safe σ " +
              "(Maths.Sigmoid, or yours from exercise 02.1): no large exponent appears then.");
        return $"Correct on {SigmoidInputs.Describe}. Note the largest value: σ'(0) = 0.25.";
    });
}
