using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

/// <summary>The derivation exercises of notebooks 09–11: the reference solutions pass, typical wrong derivations get their hint.</summary>
public class BeyondExerciseTests
{
    static Matrix<double> Times(Matrix<double> M, double factor) => Ex.Checking.Scaled(M, factor);
    static Matrix<double> Zip(Matrix<double> A, Matrix<double> B, Func<double, double, double> f) => new(A.Rows, A.Cols, A.Data.Zip(B.Data, f).ToArray());

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.SigmoidMseOutputExercise.Check(Solutions.SigmoidMseOutput));
        Passes(Ex.WeightDecayExercise.Check(Solutions.WeightDecay));
        Passes(Ex.TanhLayerExercise.Check(Solutions.TanhLayer));
    }

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>, Matrix<double>>, string> WrongMseOutputs => new()
    {
        { "cross-entropy's a2 − Y", (a2, Y) => LinearAlgebra.Subtract(a2, Y), "the chain rule goes through σ too" },
        { "σ instead of σ′", (a2, Y) => Zip(LinearAlgebra.Subtract(a2, Y), a2, (d, a) => d * a), "needs the derivative σ′(z2)" },
        { "factor 2", (a2, Y) => Times(Solutions.SigmoidMseOutput(a2, Y), 2), "twice too big" },
        { "divided by n", (a2, Y) => Times(Solutions.SigmoidMseOutput(a2, Y), 1.0 / a2.Rows), "n = 5 times too small" },
        { "Y − a2", (a2, Y) => Times(Solutions.SigmoidMseOutput(a2, Y), -1), "wrong sign" },
        { "transposed", (a2, Y) => Ex.Checking.Transpose(Solutions.SigmoidMseOutput(a2, Y)), "should have shape (5×3)" },
        { "something else", (a2, Y) => Times(Solutions.SigmoidMseOutput(a2, Y), 0.7), "is wrong for a batch of n = 5" },
    };

    [Theory, MemberData(nameof(WrongMseOutputs))]
    public void Wrong_mse_output_errors_get_their_hint(string mistake, Func<Matrix<double>, Matrix<double>, Matrix<double>> answer, string hint)
    {
        _ = mistake;
        Hints(Ex.SigmoidMseOutputExercise.Check((a2, Y) => answer(a2, Y)), hint);
    }

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>, double, Matrix<double>>, string> WrongWeightDecays => new()
    {
        { "no term", (dW, W, l) => dW, "returned dW unchanged" },
        { "2λW", (dW, W, l) => Solutions.WeightDecay(dW, W, 2 * l), "twice too big" },
        { "−λW", (dW, W, l) => Solutions.WeightDecay(dW, W, -l), "wrong sign" },
        { "+λ", (dW, W, l) => Ex.Checking.Map(dW, d => d + l), "added λ to every entry" },
        { "λW/n", (dW, W, l) => Solutions.WeightDecay(dW, W, l / 5), "divided the L2 term by n = 5" },
        { "only λW", (dW, W, l) => Times(W, l), "is wrong for λ = 0.3" },
        { "throws", (dW, W, l) => throw new InvalidOperationException("oops"), "threw InvalidOperationException" },
    };

    [Theory, MemberData(nameof(WrongWeightDecays))]
    public void Wrong_weight_decay_terms_get_their_hint(string mistake, Func<Matrix<double>, Matrix<double>, double, Matrix<double>> answer, string hint)
    {
        _ = mistake;
        Hints(Ex.WeightDecayExercise.Check((dW, W, l) => answer(dW, W, l)), hint);
    }

    /// <summary>The tanh layer's gradients with dz = (dzAbove·WAboveᵀ) ⊙ slope(z).</summary>
    static (Matrix<double>, Matrix<double>, Matrix<double>) Layer(Matrix<double> dzAbove, Matrix<double> WAbove, Matrix<double> z, Matrix<double> aBelow,
        Func<double, double> slope, double scale = 1.0) => WrongAnswers.HiddenLayer(dzAbove, WAbove, z, aBelow, slope, scale);

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>, Matrix<double>)>, string> WrongTanhLayers => new()
    {
        { "no derivative", (d, W, z, a) => Layer(d, W, z, a, _ => 1), "missing the layer's own derivative" },
        { "1 − z²", (d, W, z, a) => Layer(d, W, z, a, v => 1 - v * v), "the square of the activation a = tanh z, not of z" },
        { "σ′", (d, W, z, a) => Layer(d, W, z, a, Mlp.Maths.SigmoidDerivative), "the sigmoid's derivative" },
        { "tanh", (d, W, z, a) => Layer(d, W, z, a, Math.Tanh), "needs its derivative 1 − tanh²(z)" },
        { "W·dzᵀ", (d, W, z, a) => (LinearAlgebra.MatMulTransposeB(W, d), a, a), "dz = dzAbove·WAboveᵀ, with dzAbove first" },
        { "dW not divided by n", (d, W, z, a) => Layer(d, W, z, a, v => 1 - Math.Tanh(v) * Math.Tanh(v), scale: a.Rows), "dW is n = 5 times too big" },
        { "dW transposed", (d, W, z, a) => Solutions.TanhLayer(d, W, z, a) is var (dz, dW, db) ? (dz, Ex.Checking.Transpose(dW), db) : default, "dzᵀ·aBelow gives the transpose" },
        { "db row sums", (d, W, z, a) => Solutions.TanhLayer(d, W, z, a) is var (dz, dW, _) ? (dz, dW, Ex.Checking.Transpose(LinearAlgebra.ColumnSums(Ex.Checking.Transpose(dz)))) : default,
          "one entry per sample" },
        { "db not divided by n", (d, W, z, a) => Solutions.TanhLayer(d, W, z, a) is var (dz, dW, _) ? (dz, dW, LinearAlgebra.ColumnSums(dz)) : default, "db is n = 5 times too big" },
    };

    [Theory, MemberData(nameof(WrongTanhLayers))]
    public void Wrong_tanh_layers_get_their_hint(string mistake,
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>, Matrix<double>)> answer, string hint)
    {
        _ = mistake;
        Hints(Ex.TanhLayerExercise.Check((d, W, z, a) => answer(d, W, z, a)), hint);
    }
}
