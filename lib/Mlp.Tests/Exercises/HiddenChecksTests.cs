using System.Runtime.CompilerServices;

namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

/// <summary>
/// The hidden checks of grading (HiddenChecks.cs): every correct solution gives the reference's answers (also one written
/// differently from Solutions.cs, and a correct random draw in another order), and a typical wrong answer does not.
/// </summary>
public class HiddenChecksTests
{
    /// <summary>All the numbers of all the answers, in order (what the grader compares, less the JSON).</summary>
    static double[] Answers(IEnumerable<HiddenChecks.Probe> probes) => probes.SelectMany(p => Flatten(p.Answer())).ToArray();

    static IEnumerable<double> Flatten(object value) => value switch
    {
        double d => [d],
        int i => [i],
        double[] a => a,
        Matrix<double> m => [m.Rows, m.Cols, .. m.Data],
        Network<double> n => new[] { n.W1, n.b1, n.W2, n.b2 }.SelectMany(Flatten),
        ITuple t => Enumerable.Range(0, t.Length).SelectMany(i => Flatten(t[i]!)),
        _ => throw new ArgumentException($"A hidden check returned a {value.GetType().Name}, which the grader cannot compare."),
    };

    static bool Agree(double[] a, double[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.Equals(p.Second) || Math.Abs(p.First - p.Second) <= 1e-6 * Math.Max(1, Math.Abs(p.First)));

    static void Same(IEnumerable<HiddenChecks.Probe> reference, IEnumerable<HiddenChecks.Probe> other) =>
        Assert.True(Agree(Answers(reference), Answers(other)), "a correct solution gets other answers than the reference");

    static void Different(IEnumerable<HiddenChecks.Probe> reference, IEnumerable<HiddenChecks.Probe> wrong) =>
        Assert.False(Agree(Answers(reference), Answers(wrong)), "a wrong answer gets the reference's answers");

    [Fact]
    public void Sigmoid_and_its_derivative()
    {
        Same(HiddenChecks.Sigmoid(Solutions.Sigmoid), HiddenChecks.Sigmoid(Maths.Sigmoid));
        Different(HiddenChecks.Sigmoid(Solutions.Sigmoid), HiddenChecks.Sigmoid(z => Maths.Sigmoid(-z)));
        Same(HiddenChecks.SigmoidDerivative(Solutions.SigmoidDerivative), HiddenChecks.SigmoidDerivative(Maths.SigmoidDerivative));
        Different(HiddenChecks.SigmoidDerivative(Solutions.SigmoidDerivative), HiddenChecks.SigmoidDerivative(z => z * (1 - z)));
    }

    [Fact]
    public void Softmax_of_a_vector_and_of_rows()
    {
        Same(HiddenChecks.Softmax(Solutions.Softmax), HiddenChecks.Softmax(z => Maths.Softmax(Matrix<double>.FromRows([z])).Data));
        Different(HiddenChecks.Softmax(Solutions.Softmax), HiddenChecks.Softmax(z => z.Select(Math.Exp).Select(e => e / z.Sum(Math.Exp)).ToArray()));
        Same(HiddenChecks.SoftmaxRows(Solutions.SoftmaxRows), HiddenChecks.SoftmaxRows(Z => Maths.Softmax(Z)));
    }

    [Fact]
    public void Initialisation_compares_statistics_so_any_correct_draw_passes()
    {
        // A correct draw in another order (column by column) gives other values but the same statistics.
        Matrix<double> ByColumns(int fanIn, int fanOut, Random rng)
        {
            var W = new Matrix<double>(fanIn, fanOut);
            for (int c = 0; c < fanOut; c++)
                for (int r = 0; r < fanIn; r++) W[r, c] = Maths.StandardNormal(rng) * Math.Sqrt(1.0 / fanIn);
            return W;
        }
        Same(HiddenChecks.InitWeights(Solutions.InitWeights), HiddenChecks.InitWeights(ByColumns));
        Different(HiddenChecks.InitWeights(Solutions.InitWeights), HiddenChecks.InitWeights((i, o, rng) => Maths.RandomNormal<double>(i, o, rng, Math.Sqrt(2.0 / i))));
        Different(HiddenChecks.InitWeights(Solutions.InitWeights), HiddenChecks.InitWeights((i, o, rng) =>
            new Matrix<double>(i, o, Enumerable.Range(0, i * o).Select(_ => (rng.NextDouble() * 2 - 1) * Math.Sqrt(3.0 / i)).ToArray()))); // uniform, right spread
        Same(HiddenChecks.InitNetwork(Solutions.InitNetwork), HiddenChecks.InitNetwork((n, h, o, rng) => new Network<double>(
            Maths.RandomNormal<double>(n, h, rng, Math.Sqrt(1.0 / n)), new Matrix<double>(1, h), Maths.RandomNormal<double>(h, o, new Random(99), Math.Sqrt(1.0 / h)), new Matrix<double>(1, o))));
    }

    [Fact]
    public void The_later_exercises()
    {
        Same(HiddenChecks.ForwardPass(Solutions.ForwardPass), HiddenChecks.ForwardPass((X, net) => { var f = Maths.ForwardPass(X, net); return (f.z1, f.a1, f.z2, f.a2); }));
        Different(HiddenChecks.CrossEntropy(Solutions.CrossEntropy), HiddenChecks.CrossEntropy((Y, a2) => -Solutions.CrossEntropy(Y, a2)));
        Different(HiddenChecks.OutputLayerGradients(Solutions.OutputLayerGradients), HiddenChecks.OutputLayerGradients((a1, a2, Y) =>
        {
            var (dW2, db2) = Solutions.OutputLayerGradients(a1, a2, Y);
            LinearAlgebra.Scale(dW2, (double)Y.Rows); // forgot /n
            return (dW2, db2);
        }));
        Answers(HiddenChecks.HiddenLayerGradients(Solutions.HiddenLayerGradients));
        Different(HiddenChecks.GradientCheck(Solutions.GradientCheck), HiddenChecks.GradientCheck((loss, w, i, h) => { double l0 = loss(); w[i] += h; double l1 = loss(); w[i] -= h; return (l1 - l0) / h; }));
        Same(HiddenChecks.UpdateWeights(Solutions.UpdateWeights), HiddenChecks.UpdateWeights((net, g, eta) => Maths.UpdateWeights(net, g, eta)));
        Answers(HiddenChecks.MinibatchLoop(Solutions.MinibatchLoop));
    }

    /// <summary>The exercise's loop with the shuffle given (the ones its own check accepts, or none).</summary>
    static Action<Network<double>, Dataset<double>, int, double, Random> LoopShuffledBy(Func<int, Random, int[]> shuffle) =>
        (net, data, batchSize, learningRate, rng) =>
        {
            var order = shuffle(data.Count, rng);
            for (int start = 0; start < data.Count; start += batchSize)
            {
                var batch = data.Subset(order[start..Math.Min(data.Count, start + batchSize)]);
                Maths.UpdateWeights(net, Maths.BackwardPass(batch.X, batch.Y, Maths.ForwardPass(batch.X, net), net), learningRate);
            }
        };

    [Fact]
    public void The_minibatch_loop_gives_one_answer_for_every_accepted_shuffle_and_another_without_one()
    {
        var reference = HiddenChecks.MinibatchLoop(Solutions.MinibatchLoop);
        Same(reference, HiddenChecks.MinibatchLoop(LoopShuffledBy((n, rng) => { var o = Enumerable.Range(0, n).ToArray(); rng.Shuffle(o); return o; })));
        Same(reference, HiddenChecks.MinibatchLoop(LoopShuffledBy((n, rng) => Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray())));
        Same(reference, HiddenChecks.MinibatchLoop(LoopShuffledBy((n, rng) => Enumerable.Range(0, n).OrderBy(_ => rng.NextDouble()).ToArray())));
        Different(reference, HiddenChecks.MinibatchLoop(LoopShuffledBy((n, _) => Enumerable.Range(0, n).ToArray())));
        // Under the generator, each of those shuffles reverses 0..n−1 (so the answers above are the reversed order's).
        var fisherYates = Enumerable.Range(0, 7).ToArray();
        var rngFromEnd = new HiddenChecks.Reversing(7);
        for (int i = 6; i > 0; i--) { int j = rngFromEnd.Next(i + 1); (fisherYates[i], fisherYates[j]) = (fisherYates[j], fisherYates[i]); }
        Assert.Equal([6, 5, 4, 3, 2, 1, 0], fisherYates);
    }

    [Fact]
    public void The_optional_notebooks()
    {
        Different(HiddenChecks.SigmoidMseOutput(Solutions.SigmoidMseOutput), HiddenChecks.SigmoidMseOutput((a2, Y) => LinearAlgebra.Subtract(a2, Y))); // the cross-entropy error
        Same(HiddenChecks.WeightDecay(Solutions.WeightDecay), HiddenChecks.WeightDecay((dW, W, lambda) =>
            new Matrix<double>(dW.Rows, dW.Cols, dW.Data.Zip(W.Data, (d, w) => d + lambda * w).ToArray())));
        Different(HiddenChecks.WeightDecay(Solutions.WeightDecay), HiddenChecks.WeightDecay((dW, W, lambda) =>
            new Matrix<double>(dW.Rows, dW.Cols, dW.Data.Zip(W.Data, (d, w) => d + lambda / 2 * w).ToArray())));
        Answers(HiddenChecks.TanhLayer(Solutions.TanhLayer));
    }
}
