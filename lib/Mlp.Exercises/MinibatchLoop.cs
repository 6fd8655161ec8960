using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 07, exercise 2: one epoch of minibatch SGD. Shuffle the sample indices with the given
/// <see cref="Random"/>, cut the shuffled order into batches of <c>batchSize</c> (the last one may be shorter),
/// and for each batch run the forward pass, backpropagation and one gradient-descent step.
/// Student signature: <c>Action&lt;Network&lt;double&gt;, Dataset&lt;double&gt;, int, double, Random&gt;</c> taking
/// (net, data, batchSize, learningRate, rng), e.g.
/// <c>void MyMinibatchLoop(Network&lt;double&gt; net, Dataset&lt;double&gt; data, int batchSize, double learningRate, Random rng)</c>.
/// Any of the usual shuffles is accepted: Fisher–Yates from the end (as the notebook describes), <see cref="Random.Shuffle{T}(T[])"/>,
/// or sorting by random keys drawn in order.
/// </summary>
public static class MinibatchLoopExercise
{
    public static string Title => Strings.ExMinibatchLoop01;

    const double LearningRate = 0.5;
    const int Seed = 7;

    /// <summary>Ways to shuffle 0..n−1 with a generator that a correct answer may use.</summary>
    static readonly (string Name, Func<int, Random, int[]> Order)[] Shuffles =
    [
        (Strings.ExMinibatchLoop02, (n, rng) =>
        {
            var order = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            return order;
        }),
        (Strings.ExMinibatchLoop03, (n, rng) => { var order = Enumerable.Range(0, n).ToArray(); rng.Shuffle(order); return order; }),
        (Strings.ExMinibatchLoop04, (n, rng) => Enumerable.Range(0, n).Select(i => (i, key: rng.Next())).OrderBy(p => p.key).Select(p => p.i).ToArray()),
    ];

    public static ExerciseResult Check(Action<Network<double>, Dataset<double>, int, double, Random> minibatchLoop) => Run(Title, () =>
    {
        RequireFunction(minibatchLoop);
        foreach (var (n, batchSize) in new[] { (10, 4), (9, 3) })
            CheckOne(minibatchLoop, n, batchSize);
        return Strings.ExMinibatchLoop05;
    });

    static void CheckOne(Action<Network<double>, Dataset<double>, int, double, Random> minibatchLoop, int n, int batchSize)
    {
        var data = new Dataset<double>(RandomMatrix(n, 5, 71 + n, scale: 0.5), Enumerable.Range(0, n).Select(i => (i * 7 + 1) % 3).ToArray(), 3, Strings.ExMinibatchLoop06);
        var start = new Network<double>(RandomMatrix(5, 4, 81), RandomMatrix(1, 4, 82, 0.1), RandomMatrix(4, 3, 83), RandomMatrix(1, 3, 84, 0.1));
        var xBefore = data.X.Clone();
        string input = string.Format(CultureInfo.InvariantCulture, Strings.ExMinibatchLoop07, n, batchSize, LearningRate, Seed);

        var net = start.Clone();
        Exception? outOfRange = null;
        Call(() =>
        {
            try { minibatchLoop(net, data, batchSize, LearningRate, new Random(Seed)); }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException) { outOfRange = e; }
        }, input);
        if (outOfRange is not null)
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExMinibatchLoop08, outOfRange.GetType().Name, input, n, batchSize, BatchSizes(n, batchSize)));
        RequireUnchanged(xBefore, data.X, "data.X", Strings.ExMinibatchLoop09);
        var got = Parameters(net);

        int[] Order(Func<int, Random, int[]> shuffle) => shuffle(n, new Random(Seed));
        Matrix<double> After(int[] order, Variant variant = Variant.Correct) => Parameters(Epoch(start.Clone(), data, batchSize, order, variant));
        if (Shuffles.Any(s => Close(After(Order(s.Order)), got))) return;

        if (Close(Parameters(start), got))
            throw Fail(Strings.ExMinibatchLoop10);
        var fisherYates = Order(Shuffles[0].Order);
        int full = n / batchSize * batchSize;
        var mistakes = new (string Hint, Func<Matrix<double>> Answer)[]
        {
            (Strings.ExMinibatchLoop11, () => After(Enumerable.Range(0, n).ToArray())),
            (string.Format(CultureInfo.InvariantCulture, Strings.ExMinibatchLoop12, n, batchSize, BatchSizes(n, batchSize), n - full), () => After(fisherYates, Variant.DropLast)),
            (string.Format(CultureInfo.InvariantCulture, Strings.ExMinibatchLoop13, batchSize, n, batchSize, BatchSizes(n, batchSize)), () => After(fisherYates, Variant.WrapLast)),
            (Strings.ExMinibatchLoop14, () => After(fisherYates, Variant.StaleGradients)),
            (Strings.ExMinibatchLoop15,
             () => After(fisherYates, Variant.Summed)),
            (Strings.ExMinibatchLoop16, () => After(fisherYates, Variant.PerSample)),
        };
        foreach (var (hint, answer) in mistakes)
            if (Reproduces(new Mistake(hint, answer), got)) throw Fail(hint);
        if (n % batchSize != 0 && Shuffles.Any(s => Close(After(Order(s.Order), Variant.DropLast), got)))
            throw Fail(mistakes[1].Hint);
        throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExMinibatchLoop17, input));
    }

    enum Variant { Correct, DropLast, WrapLast, StaleGradients, Summed, PerSample }

    /// <summary>One epoch the reference way (or with one known mistake), on the given order.</summary>
    static Network<double> Epoch(Network<double> net, Dataset<double> data, int batchSize, int[] order, Variant variant)
    {
        int n = order.Length;
        Gradients<double>? previous = null;
        for (int first = 0; first < n; first += batchSize)
        {
            int rows = Math.Min(batchSize, n - first);
            if (variant == Variant.DropLast && rows < batchSize) break;
            var indices = variant == Variant.WrapLast
                ? Enumerable.Range(first, batchSize).Select(k => order[k % n]).ToArray()
                : order[first..(first + rows)];
            if (variant == Variant.PerSample)
            {
                foreach (int i in indices) Step(net, data.Subset([i]), LearningRate);
                continue;
            }
            var batch = data.Subset(indices);
            if (variant == Variant.StaleGradients)
            {
                var f = Maths.ForwardPass(batch.X, net);
                if (previous is not null) Maths.UpdateWeights(net, previous, LearningRate);
                previous = Maths.BackwardPass(batch.X, batch.Y, f, net);
                continue;
            }
            Step(net, batch, variant == Variant.Summed ? LearningRate * indices.Length : LearningRate);
        }
        return net;
    }

    static void Step(Network<double> net, Dataset<double> batch, double learningRate)
    {
        var f = Maths.ForwardPass(batch.X, net);
        var g = Maths.BackwardPass(batch.X, batch.Y, f, net);
        Maths.UpdateWeights(net, g, learningRate);
    }

    /// <summary>All parameters in one row, to compare two networks at once.</summary>
    static Matrix<double> Parameters(Network<double> net)
    {
        double[] all = [.. net.W1.Data, .. net.b1.Data, .. net.W2.Data, .. net.b2.Data];
        return new Matrix<double>(1, all.Length, all);
    }

    static string BatchSizes(int n, int batchSize)
    {
        var sizes = new List<int>();
        for (int first = 0; first < n; first += batchSize) sizes.Add(Math.Min(batchSize, n - first));
        return sizes.Count == 1 ? $"{sizes[0]}" : string.Join(", ", sizes.SkipLast(1)) + " and " + sizes[^1];
    }
}
