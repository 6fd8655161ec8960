using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 06, exercise 3: the numerical derivative of the loss with respect to one weight by central differences,
/// ∂L/∂w_i ≈ (L(w_i + h) − L(w_i − h)) / 2h, leaving the weight as it was.
/// Student signature: <c>Func&lt;Func&lt;double&gt;, double[], int, double, double&gt;</c> taking (loss, weights, i, h),
/// where <c>loss()</c> computes the loss from the current contents of <c>weights</c>.
/// </summary>
public static class GradientCheckExercise
{
    public static string Title => Strings.ExGradientCheck01;

    /// <summary>Close enough to the same formula evaluated by the check: a different order of operations differs by about 1e−12.</summary>
    const double Agreement = 1e-8;

    static readonly double[] Start = [0.3, -1.2, 0.8, 2.0];

    /// <summary>A loss with large second and third derivatives, so that a one-sided difference or a wrong step is visibly off.</summary>
    static double L(double[] w) => 2 * Math.Pow(w[0], 3) + Math.Pow(w[1], 3) + w[0] * w[1] + Math.Exp(w[2]) + 0.5 * w[3] * w[3] * w[2];

    static double Derivative(double[] w, int i) => i switch
    {
        0 => 6 * w[0] * w[0] + w[1],
        1 => 3 * w[1] * w[1] + w[0],
        2 => Math.Exp(w[2]) + 0.5 * w[3] * w[3],
        _ => w[3] * w[2],
    };

    /// <summary>(weight, step) pairs: several step sizes, so that a step size of one's own shows.</summary>
    static readonly (int I, double H)[] Cases = [(0, 1e-2), (2, 1e-3), (1, 1e-4), (3, 1e-2)];

    public static ExerciseResult Check(Func<Func<double>, double[], int, double, double> numericalDerivative) => Run(Title, () =>
    {
        RequireFunction(numericalDerivative);
        foreach (var (i, h) in Cases)
        {
            var w = Start.ToArray();
            int calls = 0;
            double Loss() { calls++; return L(w); }
            double got = Call(() => numericalDerivative(Loss, w, i, h), string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck02, i, Show(Start), h));
            string input = $"weight {i} (w = {Show(Start)}, h = {h})";

            if (calls == 0)
                throw Fail(Strings.ExGradientCheck03);
            double central = At(+h, i) - At(-h, i);
            central /= 2 * h;
            if (!Agree(central, got))
                throw Fail(WrongValue(got, central, i, h, input));
            int moved = Enumerable.Range(0, w.Length).Where(j => !Restored(Start[j], w[j])).DefaultIfEmpty(-1).First();
            if (moved == i)
                throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck04, i, Num(w[i]), Num(Start[i])));
            if (moved >= 0)
                throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck05, moved, i));
        }
        return string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck06, Cases.Length);
    });

    static string WrongValue(double got, double central, int i, double h, string input)
    {
        double plus = At(+h, i), minus = At(-h, i), at = L(Start);
        var mistakes = new (double Value, string Hint)[]
        {
            ((plus - at) / h, string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck07, Num(Math.Abs(got - central)))),
            ((at - minus) / h, Strings.ExGradientCheck08),
            ((plus - minus) / h, Strings.ExGradientCheck09),
            ((plus - at) / (2 * h), Strings.ExGradientCheck10),
            ((minus - plus) / (2 * h), Strings.ExGradientCheck11),
        };
        foreach (var (value, hint) in mistakes)
            if (Agree(value, got)) return hint;
        if (got == 0)
            return Strings.ExGradientCheck12;
        if (Math.Abs(got - Derivative(Start, i)) < Math.Abs(central - Derivative(Start, i)) / 10)
            return string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck13, h);
        return string.Format(CultureInfo.InvariantCulture, Strings.ExGradientCheck14, input, Num(got), Num(central));
    }

    /// <summary>The loss with weight <paramref name="i"/> moved by <paramref name="step"/>, on a fresh copy.</summary>
    static double At(double step, int i)
    {
        var w = Start.ToArray();
        w[i] += step;
        return L(w);
    }

    static bool Agree(double expected, double got) => Math.Abs(expected - got) <= Agreement * Math.Max(1, Math.Abs(expected));

    /// <summary>Restored exactly, or to within rounding (w + h − 2h + h can differ from w in the last bits).</summary>
    static bool Restored(double start, double now) => Math.Abs(start - now) <= 1e-12 * Math.Max(1, Math.Abs(start));
}
