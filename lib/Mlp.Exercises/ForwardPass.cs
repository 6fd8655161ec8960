using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 04, exercise 1: the forward pass z1 = X·W1 + b1, a1 = σ(z1), z2 = a1·W2 + b2, a2 = softmax(z2).
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Network&lt;double&gt;, (Matrix&lt;double&gt; z1, Matrix&lt;double&gt; a1, Matrix&lt;double&gt; z2, Matrix&lt;double&gt; a2)&gt;</c>,
/// e.g. a local function <c>(Matrix&lt;double&gt; z1, Matrix&lt;double&gt; a1, Matrix&lt;double&gt; z2, Matrix&lt;double&gt; a2) MyForward(Matrix&lt;double&gt; X, Network&lt;double&gt; net)</c>.
/// </summary>
public static class ForwardPassExercise
{
    public const string Title = "Exercise 04.1 · the forward pass";

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
        var got = Call(() => forwardPass(X.Clone(), net.Clone()), $"X {X.Shape} and a {Input}→{Hidden}→{Output} network with nonzero biases");
        string input = $"X {X.Shape}";

        RequireShape(got.z1, z1, "z1", "n × hidden: (n×input)·(input×hidden)", "z1 = X·W1, with X first: one row per sample.");
        RequireValues(z1, got.z1, "z1", input,
            new("z1 is X·W1 without the bias: add b1 to every row, z1 = X·W1 + b1.", () => LinearAlgebra.MatMul(X, net.W1)),
            new("Your z1 went through the sigmoid already. z1 is the weighted sum X·W1 + b1; a1 = σ(z1) comes next.", () => a1));

        RequireShape(got.a1, a1, "a1", "the shape of z1");
        RequireValues(a1, got.a1, "a1", input,
            new("a1 equals z1: apply the sigmoid, a1 = σ(z1).", () => z1),
            new("You applied softmax in the hidden layer. The hidden layer uses the sigmoid, a1 = σ(z1), element by element.", () => Maths.Softmax(z1)));

        RequireShape(got.z2, z2, "z2", "n × output: (n×hidden)·(hidden×output)", "z2 = a1·W2, with a1 first.");
        RequireValues(z2, got.z2, "z2", input,
            new("z2 is a1·W2 without the bias: add b2 to every row, z2 = a1·W2 + b2.", () => LinearAlgebra.MatMul(a1, net.W2)),
            new("z2 was computed from z1. The second layer takes the activations: z2 = a1·W2 + b2, with a1 = σ(z1).", () => AddBias(LinearAlgebra.MatMul(z1, net.W2), net.b2)),
            new("z2 was computed from z1 and without b2. The second layer takes the activations: z2 = a1·W2 + b2.", () => LinearAlgebra.MatMul(z1, net.W2)));

        RequireShape(got.a2, a2, "a2", "the shape of z2");
        RequireValues(a2, got.a2, "a2", input,
            new("You applied the sigmoid to the output layer. The output uses softmax, a2 = softmax(z2), so that each row is a probability distribution over the classes.",
                () => Maths.Sigmoid(z2)),
            new("a2 equals z2: apply softmax to each row, a2 = softmax(z2).", () => z2),
            new("Each column of a2 sums to 1: softmax goes along each row (one sample), not down the columns.", () => ColumnSoftmax(z2)));
        return $"z1 {z1.Shape}, a1 {a1.Shape}, z2 {z2.Shape} and a2 {a2.Shape} all match the reference, biases included; each row of a2 sums to 1.";
    });

    static Matrix<double> AddBias(Matrix<double> M, Matrix<double> b)
    {
        LinearAlgebra.AddRowVector(M, b);
        return M;
    }

}
