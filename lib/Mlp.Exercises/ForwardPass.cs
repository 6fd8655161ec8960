using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 04, exercise 1: the forward pass z1 = X·W1 + b1, a1 = σ(z1), z2 = a1·W2 + b2, a2 = softmax(z2).
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Network&lt;double&gt;, (Matrix&lt;double&gt; z1, Matrix&lt;double&gt; a1, Matrix&lt;double&gt; z2, Matrix&lt;double&gt; a2)&gt;</c>,
/// e.g. a local function <c>(Matrix&lt;double&gt; z1, Matrix&lt;double&gt; a1, Matrix&lt;double&gt; z2, Matrix&lt;double&gt; a2) MyForward(Matrix&lt;double&gt; X, Network&lt;double&gt; net)</c>.
/// </summary>
public static class ForwardPassExercise
{
    public static string Title => Strings.ExForwardPass01;

    // Every size differs (n = 3 samples, 6 inputs, 5 hidden, 4 outputs), so a wrong product shows in the shape.
    const int N = 3, Input = 6, Hidden = 5, Output = 4;

    public static ExerciseResult Check(
        Func<Matrix<double>, Network<double>, (Matrix<double> z1, Matrix<double> a1, Matrix<double> z2, Matrix<double> a2)> forwardPass)
        => Run(Title, () =>
    {
        RequireFunction(forwardPass);
        // Biases are random here (not 0 as after initialisation), so that forgetting one shows.
        var net = new Network<double>(RandomMatrix(Input, Hidden, 11), RandomMatrix(1, Hidden, 12), RandomMatrix(Hidden, Output, 13), RandomMatrix(1, Output, 14));
        var X = RandomMatrix(N, Input, 15);
        var (z1, a1, z2, a2) = Maths.ForwardPass(X, net);
        var got = Call(() => forwardPass(X.Clone(), net.Clone()), string.Format(CultureInfo.InvariantCulture, Strings.ExForwardPass02, X.Shape, Input, Hidden, Output));
        string input = $"X {X.Shape}";

        RequireShape(got.z1, z1, "z1", Strings.ExForwardPass03, Strings.ExForwardPass04);
        RequireValues(z1, got.z1, "z1", input,
            new(Strings.ExForwardPass05, () => LinearAlgebra.MatMul(X, net.W1)),
            new(Strings.ExForwardPass06, () => a1));

        RequireShape(got.a1, a1, "a1", Strings.ExForwardPass07);
        RequireValues(a1, got.a1, "a1", input,
            new(Strings.ExForwardPass08, () => z1),
            new(Strings.ExForwardPass09, () => Maths.Softmax(z1)));

        RequireShape(got.z2, z2, "z2", Strings.ExForwardPass10, Strings.ExForwardPass11);
        RequireValues(z2, got.z2, "z2", input,
            new(Strings.ExForwardPass12, () => LinearAlgebra.MatMul(a1, net.W2)),
            new(Strings.ExForwardPass13, () => AddBias(LinearAlgebra.MatMul(z1, net.W2), net.b2)),
            new(Strings.ExForwardPass14, () => LinearAlgebra.MatMul(z1, net.W2)));

        RequireShape(got.a2, a2, "a2", Strings.ExForwardPass15);
        RequireValues(a2, got.a2, "a2", input,
            new(Strings.ExForwardPass16,
                () => Maths.Sigmoid(z2)),
            new(Strings.ExForwardPass17, () => z2),
            new(Strings.ExForwardPass18, () => ColumnSoftmax(z2)));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExForwardPass19, z1.Shape, a1.Shape, z2.Shape, a2.Shape);
    });

    static Matrix<double> AddBias(Matrix<double> M, Matrix<double> b)
    {
        LinearAlgebra.AddRowVector(M, b);
        return M;
    }

}
