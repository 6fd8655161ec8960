using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

public class ForwardPassExerciseTests
{
    /// <summary>A forward pass built from parts, so that each test can get one part wrong.</summary>
    static Func<Matrix<double>, Network<double>, (Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>)> Forward(
        bool b1 = true, bool b2 = true, bool hiddenSigmoid = true, bool secondLayerFromA1 = true,
        Func<Matrix<double>, Matrix<double>>? output = null) => (X, net) =>
    {
        var z1 = LinearAlgebra.MatMul(X, net.W1);
        if (b1) LinearAlgebra.AddRowVector(z1, net.b1);
        var a1 = hiddenSigmoid ? Maths.Sigmoid(z1) : z1.Clone();
        var z2 = LinearAlgebra.MatMul(secondLayerFromA1 ? a1 : z1, net.W2);
        if (b2) LinearAlgebra.AddRowVector(z2, net.b2);
        var a2 = (output ?? Solutions.SoftmaxRows)(z2);
        return (z1, a1, z2, a2);
    };

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.ForwardPassExercise.Check(Solutions.ForwardPass));
        Passes(Ex.ForwardPassExercise.Check((X, net) =>
        {
            var (z1, a1, z2, a2) = Maths.ForwardPass(X, net);
            return (z1, a1, z2, a2);
        }));
        Passes(Ex.ForwardPassExercise.Check(Forward()));
    }

    public static TheoryData<string, Func<Matrix<double>, Network<double>, (Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>)>, string> WrongPasses => new()
    {
        { "forgot b1", Forward(b1: false), "add b1 to every row" },
        { "forgot b2", Forward(b2: false), "add b2 to every row" },
        { "no hidden sigmoid", Forward(hiddenSigmoid: false), "a1 equals z1" },
        { "second layer from z1", Forward(secondLayerFromA1: false), "z2 was computed from z1" },
        { "sigmoid on the output", Forward(output: Z => Maths.Sigmoid(Z)), "You applied the sigmoid to the output layer" },
        { "no softmax", Forward(output: Z => Z.Clone()), "a2 equals z2" },
        { "softmax down the columns", Forward(output: Ex.Checking.ColumnSoftmax), "softmax goes along each row" },
        { "W1·X", (X, net) => (LinearAlgebra.MatMul(net.W1, X), X, X, X), "threw ShapeMismatchException" },
        { "null a2", (X, net) => Solutions.ForwardPass(X, net) with { a2 = null! }, "a2 is null" },
        { "transposed z1", (X, net) => Solutions.ForwardPass(X, net) with { z1 = Ex.Checking.Transpose(Solutions.ForwardPass(X, net).z1) },
          "z1 should have shape (3×5)" },
    };

    [Theory, MemberData(nameof(WrongPasses))]
    public void Wrong_forward_passes_get_their_hint(string mistake,
        Func<Matrix<double>, Network<double>, (Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>)> forward, string hint)
    {
        _ = mistake;
        Hints(Ex.ForwardPassExercise.Check((X, net) => forward(X, net)), hint);
    }
}
