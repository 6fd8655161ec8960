using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

public class SigmoidExerciseTests
{
    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.SigmoidExercise.Check(Solutions.Sigmoid));
        Passes(Ex.SigmoidDerivativeExercise.Check(Solutions.SigmoidDerivative));
        Passes(Ex.SigmoidDerivativeExercise.Check(z => Maths.Sigmoid(z) * (1 - Maths.Sigmoid(z))));
    }

    [Fact]
    public void The_textbook_formula_is_safe_in_double()
    {
        // 1 / (1 + e^1000) = 1 / ∞ = 0 in IEEE arithmetic: this form never gives NaN, only the other one does.
        Passes(Ex.SigmoidExercise.Check(z => 1 / (1 + Math.Exp(-z))));
    }

    public static TheoryData<string, Func<double, double>, string> WrongSigmoids => new()
    {
        { "e^z / (1 + e^z) overflows", z => Math.Exp(z) / (1 + Math.Exp(z)), "the split formula" },
        { "sign of the exponent", z => 1 / (1 + Math.Exp(z)), "check the sign of the exponent" },
        { "precedence", z => 1 / 1 + Math.Exp(-z), "Put the denominator in brackets" },
        { "tanh", Math.Tanh, "That is tanh(z)" },
        { "minus in the denominator", z => 1 / (1 - Math.Exp(-z)), "with a plus" },
        { "just wrong", z => 0.5, "At z = 1 your function returned 0.5; it should be 0.731059" },
        { "NaN everywhere", z => double.NaN, "NaN or ∞ comes from" },
        { "guarded against overflow", z => Math.Abs(z) > 700 ? 0 : Maths.Sigmoid(z), "but at z = 1000 your function returned 0; it should be 1" },
    };

    [Theory, MemberData(nameof(WrongSigmoids))]
    public void Wrong_sigmoids_get_their_hint(string mistake, Func<double, double> sigmoid, string hint)
    {
        _ = mistake;
        Hints(Ex.SigmoidExercise.Check(sigmoid), hint);
    }

    public static TheoryData<string, Func<double, double>, string> WrongDerivatives => new()
    {
        { "e^(−z) / (1 + e^(−z))² overflows", z => Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2), "Write it as σ(z)·(1 − σ(z)) with a safe σ" },
        { "z(1 − z)", z => z * (1 - z), "compute a = σ(z) first" },
        { "σ(1 + σ)", z => Maths.Sigmoid(z) * (1 + Maths.Sigmoid(z)), "with a minus" },
        { "σ itself", Maths.Sigmoid, "You returned σ(z) itself" },
        { "1 − σ", z => 1 - Maths.Sigmoid(z), "Multiply it by σ(z)" },
        { "negative", z => -Maths.SigmoidDerivative(z), "Your σ' is negative" },
    };

    [Theory, MemberData(nameof(WrongDerivatives))]
    public void Wrong_derivatives_get_their_hint(string mistake, Func<double, double> derivative, string hint)
    {
        _ = mistake;
        Hints(Ex.SigmoidDerivativeExercise.Check(derivative), hint);
    }

    [Fact]
    public void Student_exceptions_become_hints_naming_the_exception_and_the_input()
    {
        Hints(Ex.SigmoidExercise.Check(z => z > 100 ? throw new OverflowException("too big") : Maths.Sigmoid(z)),
              "Your code threw OverflowException for z = 1000: too big");
        Hints(Ex.SigmoidDerivativeExercise.Check(z => { var a = new double[1]; return a[(int)Math.Abs(z)]; }), "threw IndexOutOfRangeException for z = 1");
        Hints(Ex.SigmoidExercise.Check(z => throw new NotImplementedException()), "Not written yet");
        Hints(Ex.SigmoidExercise.Check(null!), "No function was given");
    }
}
