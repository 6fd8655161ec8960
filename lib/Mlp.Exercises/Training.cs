using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 07, exercise 1: one step of gradient descent, W ← W − η·dW for W1, b1, W2 and b2, in place.
/// Student signature: <c>Action&lt;Network&lt;double&gt;, Gradients&lt;double&gt;, double&gt;</c> taking (net, gradients, learningRate),
/// e.g. <c>void MyUpdate(Network&lt;double&gt; net, Gradients&lt;double&gt; g, double learningRate)</c>.
/// </summary>
public static class UpdateWeightsExercise
{
    public const string Title = "Exercise 07.1 · one gradient-descent step";

    const double LearningRate = 0.1;

    public static ExerciseResult Check(Action<Network<double>, Gradients<double>, double> updateWeights) => Run(Title, () =>
    {
        RequireFunction(updateWeights);
        var before = new Network<double>(RandomMatrix(6, 4, 41), RandomMatrix(1, 4, 42), RandomMatrix(4, 3, 43), RandomMatrix(1, 3, 44));
        var g = Gradients<double>.For(before, batchSize: 2);
        int seed = 45;
        foreach (var dW in new[] { g.dW1, g.db1, g.dW2, g.db2 }) RandomMatrix(dW.Rows, dW.Cols, seed++).Data.CopyTo(dW.Data, 0);

        var expected = before.Clone();
        Maths.UpdateWeights(expected, g, LearningRate);
        var net = before.Clone();
        Call(() => updateWeights(net, g, LearningRate), $"a 6→4→3 network, random gradients and learningRate = {LearningRate}");

        var parameters = new (string Name, Matrix<double> Before, Matrix<double> Got, Matrix<double> Grad, Matrix<double> Expected)[]
        {
            ("W1", before.W1, net.W1, g.dW1, expected.W1), ("b1", before.b1, net.b1, g.db1, expected.b1),
            ("W2", before.W2, net.W2, g.dW2, expected.W2), ("b2", before.b2, net.b2, g.db2, expected.b2),
        };
        var unchanged = parameters.Where(p => Close(p.Before, p.Got)).Select(p => p.Name).ToList();
        if (unchanged.Count == parameters.Length)
            throw Fail("The network did not change. Update its matrices in place, e.g. net.W1.Data[i] -= learningRate * g.dW1.Data[i]: " +
                       "assigning a new matrix to a local variable leaves the network as it was.");
        if (unchanged.Count > 0)
            throw Fail($"{string.Join(" and ", unchanged)} did not change. Every parameter takes a step, the biases too: W ← W − η·dW for W1, b1, W2 and b2.");

        foreach (var (name, W, got, dW, want) in parameters)
        {
            Matrix<double> Step(double factor) => new(W.Rows, W.Cols, W.Data.Zip(dW.Data, (w, d) => w + factor * d).ToArray());
            RequireValues(want, got, name, $"learningRate = {LearningRate}",
                new($"{name} moved uphill: you added the gradient. Gradient descent subtracts it: {name} ← {name} − η·d{name}.", () => Step(+LearningRate)),
                new($"{name} took a full step of the gradient: multiply it by the learning rate, {name} ← {name} − η·d{name}.", () => Step(-1)),
                new($"{name} took two steps: the update ran twice. Apply {name} ← {name} − η·d{name} once per call.", () => Step(-2 * LearningRate)),
                new($"You replaced {name} by −η·d{name}. Subtract the step from the current weights: {name} ← {name} − η·d{name}.",
                    () => Scaled(dW, -LearningRate)));
        }
        return $"W1, b1, W2 and b2 each moved by −η·gradient (η = {LearningRate}), in place.";
    });
}
