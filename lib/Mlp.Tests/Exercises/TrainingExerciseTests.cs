using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

public class TrainingExerciseTests
{
    /// <summary>W ← W + factor·dW for the chosen parameters.</summary>
    static Action<Network<double>, Gradients<double>, double> Step(Func<double, double> factor, bool biases = true) => (net, g, lr) =>
    {
        var pairs = biases ? new[] { (net.W1, g.dW1), (net.b1, g.db1), (net.W2, g.dW2), (net.b2, g.db2) } : [(net.W1, g.dW1), (net.W2, g.dW2)];
        foreach (var (W, dW) in pairs)
            for (int i = 0; i < W.Data.Length; i++) W.Data[i] += factor(lr) * dW.Data[i];
    };

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.UpdateWeightsExercise.Check(Solutions.UpdateWeights));
        Passes(Ex.UpdateWeightsExercise.Check(Mlp.Maths.UpdateWeights));
        Passes(Ex.UpdateWeightsExercise.Check(Step(lr => -lr)));
    }

    public static TheoryData<string, Action<Network<double>, Gradients<double>, double>, string> WrongUpdates => new()
    {
        { "plus", Step(lr => lr), "W1 moved uphill" },
        { "no learning rate", Step(lr => -1), "W1 took a full step of the gradient" },
        { "twice", Step(lr => -2 * lr), "the update ran twice" },
        { "biases forgotten", Step(lr => -lr, biases: false), "b1 and b2 did not change" },
        { "local variable", (net, g, lr) => { var W1 = net.W1; W1 = new Matrix<double>(W1.Rows, W1.Cols); _ = W1; }, "The network did not change" },
        { "replaced", (net, g, lr) => { foreach (var (W, dW) in new[] { (net.W1, g.dW1), (net.b1, g.db1), (net.W2, g.dW2), (net.b2, g.db2) })
                                           for (int i = 0; i < W.Data.Length; i++) W.Data[i] = -lr * dW.Data[i]; },
          "You replaced W1 by −η·dW1" },
        { "throws", (net, g, lr) => net.W1.CopyFrom(g.dW2), "threw ShapeMismatchException" },
    };

    [Theory, MemberData(nameof(WrongUpdates))]
    public void Wrong_updates_get_their_hint(string mistake, Action<Network<double>, Gradients<double>, double> update, string hint)
    {
        _ = mistake;
        Hints(Ex.UpdateWeightsExercise.Check(update), hint);
    }
}
