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
    public const string Title = "Exercise 06.3 · the central-difference gradient check";

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
            double got = Call(() => numericalDerivative(Loss, w, i, h), $"weight i = {i} of w = {Show(Start)}, h = {h}");
            string input = $"weight {i} (w = {Show(Start)}, h = {h})";

            if (calls == 0)
                throw Fail("Your function never called loss(). The numerical derivative needs the loss at two points: " +
                           "set weights[i] to w + h and call loss(), then to w − h and call loss() again.");
            double central = At(+h, i) - At(-h, i);
            central /= 2 * h;
            if (!Agree(central, got))
                throw Fail(WrongValue(got, central, i, h, input));
            int moved = Enumerable.Range(0, w.Length).Where(j => !Restored(Start[j], w[j])).DefaultIfEmpty(-1).First();
            if (moved == i)
                throw Fail($"The value is right, but after your function returned, weights[{i}] was {Num(w[i])} instead of {Num(Start[i])}: " +
                           "you forgot to put the weight back. Every later loss (the next weight's check, the training) would use the moved weight. " +
                           "Save it first (double saved = weights[i]) and restore it (weights[i] = saved) before returning.");
            if (moved >= 0)
                throw Fail($"weights[{moved}] changed, but only weight i = {i} should be nudged (and put back).");
        }
        return $"Central differences with the weight put back, for {Cases.Length} weights and step sizes from 1e-4 to 1e-2 " +
               "(a one-sided difference would be off by about h·L''/2).";
    });

    static string WrongValue(double got, double central, int i, double h, string input)
    {
        double plus = At(+h, i), minus = At(-h, i), at = L(Start);
        var mistakes = new (double Value, string Hint)[]
        {
            ((plus - at) / h, $"That is the one-sided (forward) difference (L(w + h) − L(w)) / h, off here by {Num(Math.Abs(got - central))}. " +
                "Its error shrinks only like h, because the h² term of the Taylor series stays in. The central difference " +
                "(L(w + h) − L(w − h)) / 2h cancels it, so its error shrinks like h²: evaluate the loss at w + h and at w − h."),
            ((at - minus) / h, "That is the one-sided (backward) difference (L(w) − L(w − h)) / h. Its error shrinks only like h; " +
                "use both sides: (L(w + h) − L(w − h)) / 2h."),
            ((plus - minus) / h, "Your value is twice the derivative: you divided by h, but w + h and w − h are 2h apart. " +
                "Divide the difference of the two losses by 2h."),
            ((plus - at) / (2 * h), "Your second loss was computed at w, not at w − h: after setting the weight to w + h, subtracting h once " +
                "brings it back to w. Save the weight first and set weights[i] = saved − h for the second loss."),
            ((minus - plus) / (2 * h), "Wrong sign: the derivative is the rise from w − h to w + h, (L(w + h) − L(w − h)) / 2h, not (L(w − h) − L(w + h)) / 2h."),
        };
        foreach (var (value, hint) in mistakes)
            if (Agree(value, got)) return hint;
        if (got == 0)
            return "You returned 0: both losses were the same. loss() reads the weights array, so change weights[i] before each call " +
                   "(to w + h, then to w − h).";
        if (Math.Abs(got - Derivative(Start, i)) < Math.Abs(central - Derivative(Start, i)) / 10)
            return $"Your value is close to the true derivative, but it is not the central difference for the step h = {h} you were given: " +
                   "use h, not a step size of your own (the check tries several).";
        return $"For {input} you returned {Num(got)}, but (L(w + h) − L(w − h)) / 2h = {Num(central)}.";
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
