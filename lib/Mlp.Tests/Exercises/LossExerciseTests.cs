using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

public class LossExerciseTests
{
    /// <summary>−(1/divisor) Σ over all entries of term(y, a), the shape of most loss mistakes.</summary>
    static Func<Matrix<double>, Matrix<double>, double> Summed(Func<double, double, double> term, Func<Matrix<double>, double>? divisor = null) =>
        (Y, a2) => -Y.Data.Zip(a2.Data, term).Sum() / (divisor ?? (M => M.Rows))(Y);

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.CrossEntropyExercise.Check(Solutions.CrossEntropy));
        Passes(Ex.CrossEntropyExercise.Check(Mlp.Maths.CrossEntropy));
    }

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>, double>, string> WrongLosses => new()
    {
        { "y·ln a over every entry", Summed((y, a) => y * Math.Log(a)), "0·ln 0 = 0·(−∞) is NaN" },
        { "wrong sign", (Y, a2) => -Solutions.CrossEntropy(Y, a2), "Your loss has the wrong sign" },
        { "forgot 1/n", (Y, a2) => Y.Rows * Solutions.CrossEntropy(Y, a2), "forgot to divide by n" },
        { "divided by n·k", Summed((y, a) => y == 1 ? Math.Log(a) : 0, M => M.Data.Length), "you divided by n·classes = 12" },
        { "log10", Summed((y, a) => y == 1 ? Math.Log10(a) : 0), "You used log10" },
        { "binary cross-entropy", Summed((y, a) => y * Math.Log(a) + (1 - y) * Math.Log(1 - a)), "That is the binary cross-entropy" },
        { "predicted class", (Y, a2) => -Enumerable.Range(0, a2.Rows).Average(i => Math.Log(a2.Row(i).ToArray().Max())), "the predicted class" },
        { "wrong classes", Summed((y, a) => y == 0 ? Math.Log(a) : 0), "over the wrong classes" },
        { "always ln 10", (Y, a2) => Math.Log(10), "your loss is 2.30259; it should be" },
        { "throws", (Y, a2) => throw new InvalidOperationException("oops"), "Your code threw InvalidOperationException for an ordinary batch (Y (4×3), a2 (4×3)): oops" },
    };

    [Theory, MemberData(nameof(WrongLosses))]
    public void Wrong_losses_get_their_hint(string mistake, Func<Matrix<double>, Matrix<double>, double> loss, string hint)
    {
        _ = mistake;
        Hints(Ex.CrossEntropyExercise.Check(loss), hint);
    }
}
