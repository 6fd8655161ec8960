using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

public class BackpropagationExerciseTests
{
    static Matrix<double> Times(Matrix<double> M, double factor) => Ex.Checking.Scaled(M, factor);
    static Matrix<double> RowSums(Matrix<double> M) => Ex.Checking.Transpose(LinearAlgebra.ColumnSums(Ex.Checking.Transpose(M)));

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.OutputLayerGradientsExercise.Check(Solutions.OutputLayerGradients));
        Passes(Ex.HiddenLayerGradientsExercise.Check(Solutions.HiddenLayerGradients));
    }

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>)>, string> WrongOutputGradients => new()
    {
        { "dW2 not divided by n", (a1, a2, Y) => Solutions.OutputLayerGradients(a1, a2, Y) is var (dW2, db2) ? (Times(dW2, Y.Rows), db2) : default,
          "dW2 is n = 5 times too big" },
        { "dz2ᵀ·a1", (a1, a2, Y) => (Ex.Checking.Transpose(Solutions.OutputLayerGradients(a1, a2, Y).dW2), Solutions.OutputLayerGradients(a1, a2, Y).db2),
          "dz2ᵀ·a1 gives the transpose" },
        { "Y − a2", (a1, a2, Y) => Solutions.OutputLayerGradients(a1, Y, a2), "not Y − a2" },
        { "a2 for dz2", (a1, a2, Y) => Solutions.OutputLayerGradients(a1, a2, new Matrix<double>(Y.Rows, Y.Cols)), "you used a2 where dz2 = a2 − Y belongs" },
        { "db2 row sums", (a1, a2, Y) => (Solutions.OutputLayerGradients(a1, a2, Y).dW2, Times(RowSums(LinearAlgebra.Subtract(a2, Y)), 1.0 / Y.Rows)),
          "one entry per sample: you summed each row" },
        { "db2 not divided by n", (a1, a2, Y) => (Solutions.OutputLayerGradients(a1, a2, Y).dW2, LinearAlgebra.ColumnSums(LinearAlgebra.Subtract(a2, Y))),
          "db2 is n = 5 times too big" },
        { "db2 as a column", (a1, a2, Y) => Solutions.OutputLayerGradients(a1, a2, Y) is var (dW2, db2) ? (dW2, Ex.Checking.Transpose(db2)) : default,
          "A bias gradient is a row" },
        { "throws", (a1, a2, Y) => (LinearAlgebra.MatMul(a1, a2), a2), "threw ShapeMismatchException for a batch of n = 5 (a1 (5×4), a2 (5×3), Y (5×3))" },
    };

    [Theory, MemberData(nameof(WrongOutputGradients))]
    public void Wrong_output_gradients_get_their_hint(string mistake,
        Func<Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>)> gradients, string hint)
    {
        _ = mistake;
        Hints(Ex.OutputLayerGradientsExercise.Check((a1, a2, Y) => gradients(a1, a2, Y)), hint);
    }

    /// <summary>The hidden layer's gradients with dz1 = (dz2·W2ᵀ) ⊙ factor(z1), for each wrong factor.</summary>
    static (Matrix<double>, Matrix<double>, Matrix<double>) Hidden(Matrix<double> dz2, Matrix<double> W2, Matrix<double> z1, Matrix<double> X,
        Func<double, double> factor, double scale = 1.0) => WrongAnswers.HiddenLayer(dz2, W2, z1, X, factor, scale);

    public static TheoryData<string, Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>, Matrix<double>)>, string> WrongHiddenGradients => new()
    {
        { "no σ'", (dz2, W2, z1, X) => Hidden(dz2, W2, z1, X, _ => 1), "missing the factor σ'(z1)" },
        { "σ instead of σ'", (dz2, W2, z1, X) => Hidden(dz2, W2, z1, X, Maths.Sigmoid), "the chain rule needs its derivative" },
        { "z1(1 − z1)", (dz2, W2, z1, X) => Hidden(dz2, W2, z1, X, z => z * (1 - z)), "compute σ(z1) first" },
        { "W2·dz2ᵀ", (dz2, W2, z1, X) => (LinearAlgebra.MatMulTransposeB(W2, dz2), X, X), "W2·dz2ᵀ gives the transpose" },
        { "dW1 not divided by n", (dz2, W2, z1, X) => Hidden(dz2, W2, z1, X, Maths.SigmoidDerivative, scale: X.Rows), "dW1 is n = 5 times too big" },
        { "db1 row sums", (dz2, W2, z1, X) => Solutions.HiddenLayerGradients(dz2, W2, z1, X) is var (dz1, dW1, _) ? (dz1, dW1, RowSums(dz1)) : default,
          "db1 is (5×1), one entry per sample" },
        { "null dW1", (dz2, W2, z1, X) => Solutions.HiddenLayerGradients(dz2, W2, z1, X) is var (dz1, _, db1) ? (dz1, null!, db1) : default, "dW1 is null" },
    };

    [Theory, MemberData(nameof(WrongHiddenGradients))]
    public void Wrong_hidden_gradients_get_their_hint(string mistake,
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>, Matrix<double>)> gradients, string hint)
    {
        _ = mistake;
        Hints(Ex.HiddenLayerGradientsExercise.Check((dz2, W2, z1, X) => gradients(dz2, W2, z1, X)), hint);
    }
}
