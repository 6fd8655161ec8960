using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 07, exercise 1: one step of gradient descent, W ← W − η·dW for W1, b1, W2 and b2, in place.
/// Student signature: <c>Action&lt;Network&lt;double&gt;, Gradients&lt;double&gt;, double&gt;</c> taking (net, gradients, learningRate),
/// e.g. <c>void MyUpdate(Network&lt;double&gt; net, Gradients&lt;double&gt; g, double learningRate)</c>.
/// </summary>
public static class UpdateWeightsExercise
{
    public static string Title => Strings.ExTraining01;

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
        Call(() => updateWeights(net, g, LearningRate), string.Format(CultureInfo.InvariantCulture, Strings.ExTraining02, LearningRate));

        var parameters = new (string Name, Matrix<double> Before, Matrix<double> Got, Matrix<double> Grad, Matrix<double> Expected)[]
        {
            ("W1", before.W1, net.W1, g.dW1, expected.W1), ("b1", before.b1, net.b1, g.db1, expected.b1),
            ("W2", before.W2, net.W2, g.dW2, expected.W2), ("b2", before.b2, net.b2, g.db2, expected.b2),
        };
        var unchanged = parameters.Where(p => Close(p.Before, p.Got)).Select(p => p.Name).ToList();
        if (unchanged.Count == parameters.Length)
            throw Fail(Strings.ExTraining03);
        if (unchanged.Count > 0)
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExTraining04, string.Join(Strings.ExTrainingAnd, unchanged)));

        foreach (var (name, W, got, dW, want) in parameters)
        {
            Matrix<double> Step(double factor) => new(W.Rows, W.Cols, W.Data.Zip(dW.Data, (w, d) => w + factor * d).ToArray());
            RequireValues(want, got, name, $"learningRate = {LearningRate}",
                new(string.Format(CultureInfo.InvariantCulture, Strings.ExTraining05, name, name, name, name), () => Step(+LearningRate)),
                new(string.Format(CultureInfo.InvariantCulture, Strings.ExTraining06, name, name, name, name), () => Step(-1)),
                new(string.Format(CultureInfo.InvariantCulture, Strings.ExTraining07, name, name, name, name), () => Step(-2 * LearningRate)),
                new(string.Format(CultureInfo.InvariantCulture, Strings.ExTraining08, name, name, name, name, name),
                    () => Scaled(dW, -LearningRate)));
        }
        return string.Format(CultureInfo.InvariantCulture, Strings.ExTraining09, LearningRate);
    });
}
