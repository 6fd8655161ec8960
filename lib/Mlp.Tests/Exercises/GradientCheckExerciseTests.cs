using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

public class GradientCheckExerciseTests
{
    [Fact]
    public void Solution_passes()
    {
        Passes(Ex.GradientCheckExercise.Check(Solutions.GradientCheck));
        // Restoring by arithmetic (w + h − 2h + h) instead of a saved copy is fine: it differs from w only in the last bits.
        Passes(Ex.GradientCheckExercise.Check((loss, w, i, h) =>
        {
            w[i] += h; double plus = loss();
            w[i] -= 2 * h; double minus = loss();
            w[i] += h;
            return (plus - minus) / 2 / h;
        }));
    }

    /// <summary>A numerical derivative from the losses at w + a·h and w + b·h, divided by <paramref name="divisor"/>·h.</summary>
    static Func<Func<double>, double[], int, double, double> Difference(double a, double b, double divisor, bool restore = true) => (loss, w, i, h) =>
    {
        double saved = w[i];
        w[i] = saved + a * h; double first = loss();
        w[i] = saved + b * h; double second = loss();
        if (restore) w[i] = saved;
        return (first - second) / (divisor * h);
    };

    public static TheoryData<string, Func<Func<double>, double[], int, double, double>, string> WrongAnswers => new()
    {
        { "forward difference", Difference(1, 0, 1), "one-sided (forward) difference" },
        { "backward difference", Difference(0, -1, 1), "one-sided (backward) difference" },
        { "divided by h", Difference(1, -1, 1), "you divided by h, but w + h and w − h are 2h apart" },
        { "second loss at w", (loss, w, i, h) => { double s = w[i]; w[i] += h; double p = loss(); w[i] -= h; double m = loss(); w[i] = s; return (p - m) / (2 * h); },
          "Your second loss was computed at w, not at w − h" },
        { "wrong sign", Difference(-1, 1, 2), "Wrong sign" },
        { "not restored", Difference(1, -1, 2, restore: false), "you forgot to put the weight back" },
        { "own step size", (loss, w, i, h) => Solutions.GradientCheck(loss, w, i, 1e-6), "use h, not a step size of your own" },
        { "weight never changed", (loss, w, i, h) => (loss() - loss()) / (2 * h), "You returned 0: both losses were the same" },
        { "loss never called", (loss, w, i, h) => 1.0, "never called loss()" },
        { "another weight nudged", (loss, w, i, h) => { double r = Solutions.GradientCheck(loss, w, i, h); w[(i + 1) % w.Length] += h; return r; },
          "changed, but only weight i" },
        { "throws", (loss, w, i, h) => w[i + 10], "Your code threw IndexOutOfRangeException for weight i = 0" },
    };

    [Theory, MemberData(nameof(WrongAnswers))]
    public void Wrong_answers_get_their_hint(string mistake, Func<Func<double>, double[], int, double, double> answer, string hint)
    {
        _ = mistake;
        Hints(Ex.GradientCheckExercise.Check(answer), hint);
    }
}
