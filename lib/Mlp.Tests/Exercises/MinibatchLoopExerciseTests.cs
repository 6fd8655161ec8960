using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

public class MinibatchLoopExerciseTests
{
    delegate int[] Shuffle(int n, Random rng);

    static int[] FisherYates(int n, Random rng)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    static void Step(Network<double> net, Dataset<double> batch, double lr)
    {
        var f = Maths.ForwardPass(batch.X, net);
        Maths.UpdateWeights(net, Maths.BackwardPass(batch.X, batch.Y, f, net), lr);
    }

    /// <summary>A student's loop, with the order and the batches given by the arguments.</summary>
    static Action<Network<double>, Dataset<double>, int, double, Random> Loop(Shuffle shuffle, Func<int, int, int, int>? rowsOf = null,
        Func<double, int, double>? stepSize = null) => (net, data, b, lr, rng) =>
    {
        int n = data.Count;
        var order = shuffle(n, rng);
        for (int start = 0; start < n; start += b)
        {
            int rows = (rowsOf ?? ((s, size, total) => Math.Min(size, total - s)))(start, b, n);
            if (rows <= 0) break;
            var indices = Enumerable.Range(start, rows).Select(k => order[k]).ToArray(); // throws past the end, as a student's code would
            Step(net, data.Subset(indices), (stepSize ?? ((l, _) => l))(lr, rows));
        }
    };

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.MinibatchLoopExercise.Check(Solutions.MinibatchLoop));
        Passes(Ex.MinibatchLoopExercise.Check(Loop(FisherYates)));
        Passes(Ex.MinibatchLoopExercise.Check(Loop((n, rng) => { var o = Enumerable.Range(0, n).ToArray(); rng.Shuffle(o); return o; })));
        Passes(Ex.MinibatchLoopExercise.Check(Loop((n, rng) => Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray())));
    }

    public static TheoryData<string, Action<Network<double>, Dataset<double>, int, double, Random>, string> WrongLoops => new()
    {
        { "no shuffle", Loop((n, _) => Enumerable.Range(0, n).ToArray()), "used in their stored order" },
        { "last partial batch dropped", Loop(FisherYates, (s, b, n) => s + b <= n ? b : 0), "The last, shorter batch was skipped" },
        { "last batch mis-sized", (net, data, b, lr, rng) =>
            {
                var order = FisherYates(data.Count, rng);
                for (int s = 0; s < data.Count; s += b)
                    Step(net, data.Subset(Enumerable.Range(s, b).Select(k => order[k % data.Count]).ToArray()), lr);
            }, "The last batch had 4 samples, wrapping round" },
        { "last batch past the end", Loop(FisherYates, (s, b, n) => b), "probably the last batch ran past the end. 10 samples in batches of 4 are 4, 4 and 2" },
        { "update before backward", (net, data, b, lr, rng) =>
            {
                var order = FisherYates(data.Count, rng);
                Gradients<double>? g = null;
                for (int s = 0; s < data.Count; s += b)
                {
                    var batch = data.Subset(order[s..Math.Min(s + b, data.Count)]);
                    var f = Maths.ForwardPass(batch.X, net);
                    if (g is not null) Maths.UpdateWeights(net, g, lr);
                    g = Maths.BackwardPass(batch.X, batch.Y, f, net);
                }
            }, "the update came before backpropagation" },
        { "gradients not averaged", Loop(FisherYates, stepSize: (lr, rows) => lr * rows), "the sum of the samples' gradients, not their mean" },
        { "one step per sample", (net, data, b, lr, rng) =>
            {
                foreach (int i in FisherYates(data.Count, rng)) Step(net, data.Subset([i]), lr);
            }, "a step after every sample" },
        { "no update", (net, data, b, lr, rng) =>
            {
                var order = FisherYates(data.Count, rng);
                for (int s = 0; s < data.Count; s += b)
                {
                    var batch = data.Subset(order[s..Math.Min(s + b, data.Count)]);
                    Maths.BackwardPass(batch.X, batch.Y, Maths.ForwardPass(batch.X, net), net);
                }
            }, "The network did not change" },
        { "another shuffle", Loop((n, rng) => Enumerable.Range(0, n).OrderBy(_ => rng.NextDouble()).Reverse().ToArray()), "differs from one epoch of minibatch SGD" },
        { "not written", (net, data, b, lr, rng) => throw new NotImplementedException(), "Not written yet" },
    };

    [Theory, MemberData(nameof(WrongLoops))]
    public void Wrong_loops_get_their_hint(string mistake, Action<Network<double>, Dataset<double>, int, double, Random> loop, string hint)
    {
        _ = mistake;
        Hints(Ex.MinibatchLoopExercise.Check(loop), hint);
    }
}
