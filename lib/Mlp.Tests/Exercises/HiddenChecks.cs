namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

/// <summary>
/// The hidden checks of `mlp-notebooks grade` (lib/Mlp.Runner/Grading): more and different inputs than the formative
/// checks the students see (lib/Mlp.Exercises). They sit beside the reference solutions, on the teacher's side: the
/// grader reads this file as text, and the sandbox in which a hand-in runs cannot see this folder.
/// <para>
/// One method per exercise, named like its solution (the step: <c>SigmoidExercise</c> → <c>Sigmoid</c>), taking the
/// function under test with the exercise's signature and returning <see cref="Probe"/>s: an input's label and how to compute
/// the answer. The grader runs the method twice: in the student's sandboxed kernel with the student's function, and in its
/// own kernel with the reference solution from Solutions.cs. Only the answers leave the student's kernel (as JSON); the
/// grader compares them with the reference's outside it (numbers within a relative 1e-6, shapes exactly). So a probe must
/// give the same answer for every correct solution: where a correct answer is random (initialisation), it returns rounded
/// statistics instead of the values. Every method must compile with the notebooks' namespaces (Mlp, Mlp.Exercises) and
/// nothing else, and must not use anything declared in this namespace but what this class declares (<see cref="Probe"/>, <see cref="Reversing"/>).
/// </para>
/// </summary>
public static class HiddenChecks
{
    /// <summary>One hidden input: its label (shown in the gradebook) and the computation of the answer.</summary>
    public sealed record Probe(string Input, Func<object> Answer);

    static Matrix<double> M(int rows, int cols, int seed, double scale = 1) => Maths.RandomNormal<double>(rows, cols, new Random(seed), scale);

    static Matrix<double> OneHotRows(int[] labels, int classes)
    {
        var Y = new Matrix<double>(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++) Y[i, labels[i]] = 1;
        return Y;
    }

    /// <summary>Mean, standard deviation (both in units of √(1/fan_in)) and kurtosis, rounded: the same for every correct draw.</summary>
    static double[] Spread(Matrix<double> W, int fanIn)
    {
        double n = W.Data.Length, mean = W.Data.Average(), variance = W.Data.Sum(v => (v - mean) * (v - mean)) / n;
        double kurtosis = W.Data.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance);
        double unit = Math.Sqrt(1.0 / fanIn);
        return [W.Rows, W.Cols, Math.Round(mean / unit, 1) + 0.0, Math.Round(Math.Sqrt(variance) / unit, 1), Math.Round(kurtosis)];
    }

    // ── 01 initialisation ─────────────────────────────────────────────────────────────────────────

    public static IEnumerable<Probe> InitWeights(Func<int, int, Random, Matrix<double>> f) =>
        new[] { (300, 400, 5), (1000, 150, 6), (150, 1000, 7) }.Select(c =>
            new Probe($"fanIn = {c.Item1}, fanOut = {c.Item2}, new Random({c.Item3})", () => Spread(f(c.Item1, c.Item2, new Random(c.Item3)), c.Item1)));

    public static IEnumerable<Probe> InitNetwork(Func<int, int, int, Random, Network<double>> f) =>
        new[] { (900, 200, 300, 8), (400, 600, 500, 9) }.Select(c =>
            new Probe($"inputSize = {c.Item1}, hiddenSize = {c.Item2}, outputSize = {c.Item3}, new Random({c.Item4})", () =>
            {
                var net = f(c.Item1, c.Item2, c.Item3, new Random(c.Item4));
                return (Spread(net.W1, c.Item1), net.b1, Spread(net.W2, c.Item2), net.b2);
            }));

    // ── 02 sigmoid ────────────────────────────────────────────────────────────────────────────────

    static readonly double[] SigmoidInputs = [0.5, -0.5, 3.7, -4.2, 12, -12, 36.6, -36.6, 709, -709, 745, -745, 1e5, -1e5, 1e-9];

    public static IEnumerable<Probe> Sigmoid(Func<double, double> f) =>
        SigmoidInputs.Select(z => new Probe($"z = {z}", () => f(z)));

    public static IEnumerable<Probe> SigmoidDerivative(Func<double, double> f) =>
        SigmoidInputs.Select(z => new Probe($"z = {z}", () => f(z)));

    // ── 03 softmax ────────────────────────────────────────────────────────────────────────────────

    public static IEnumerable<Probe> Softmax(Func<double[], double[]> f) =>
        new double[][] { [0.3, -1.2, 2.5, 0.0], [5000, 4999, 4998], [-5000, -5002], [7], [1e-3, 2e-3, 3e-3, 4e-3, 5e-3], [700, -700, 0] }
            .Select(z => new Probe($"z = [{string.Join(", ", z)}]", () => f((double[])z.Clone())));

    public static IEnumerable<Probe> SoftmaxRows(Func<Matrix<double>, Matrix<double>> f) =>
        new[] { (3, 5, 21, 1.0), (6, 2, 22, 800.0), (1, 10, 23, 3.0) }.Select(c =>
            new Probe($"a {c.Item1}×{c.Item2} random matrix (seed {c.Item3}, scale {c.Item4})", () => f(M(c.Item1, c.Item2, c.Item3, c.Item4))));

    // ── 04 forward pass ───────────────────────────────────────────────────────────────────────────

    public static IEnumerable<Probe> ForwardPass(Func<Matrix<double>, Network<double>, (Matrix<double> z1, Matrix<double> a1, Matrix<double> z2, Matrix<double> a2)> f) =>
        new[] { (4, 6, 5, 3, 31), (7, 3, 8, 4, 32) }.Select(c =>
            new Probe($"X {c.Item1}×{c.Item2}, a {c.Item2}→{c.Item3}→{c.Item4} network with nonzero biases (seed {c.Item5})", () =>
            {
                int s = c.Item5 * 10;
                var net = new Network<double>(M(c.Item2, c.Item3, s + 1), M(1, c.Item3, s + 2, 0.5), M(c.Item3, c.Item4, s + 3), M(1, c.Item4, s + 4, 0.5));
                return f(M(c.Item1, c.Item2, s), net);
            }));

    // ── 05 loss ───────────────────────────────────────────────────────────────────────────────────

    public static IEnumerable<Probe> CrossEntropy(Func<Matrix<double>, Matrix<double>, double> f) =>
        new[] { (new[] { 2, 0, 1, 2, 2 }, 3, 41), (new[] { 0, 3 }, 4, 42), (new[] { 1, 1, 0, 4, 3, 2, 0 }, 5, 43) }.Select(c =>
            new Probe($"labels [{string.Join(", ", c.Item1)}] of {c.Item2} classes, softmax of a random matrix (seed {c.Item3})",
                () => f(OneHotRows(c.Item1, c.Item2), Maths.Softmax(M(c.Item1.Length, c.Item2, c.Item3, 2)))));

    // ── 06 backpropagation ────────────────────────────────────────────────────────────────────────

    public static IEnumerable<Probe> OutputLayerGradients(Func<Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dW2, Matrix<double> db2)> f) =>
        new[] { (5, 4, 3, 51), (8, 2, 6, 52) }.Select(c =>
            new Probe($"n = {c.Item1} samples, {c.Item2} hidden units, {c.Item3} classes (seed {c.Item4})", () =>
            {
                var a1 = Maths.Sigmoid(M(c.Item1, c.Item2, c.Item4));
                var a2 = Maths.Softmax(M(c.Item1, c.Item3, c.Item4 + 100));
                var Y = OneHotRows(Enumerable.Range(0, c.Item1).Select(i => (i * 5 + 2) % c.Item3).ToArray(), c.Item3);
                return f(a1, a2, Y);
            }));

    public static IEnumerable<Probe> HiddenLayerGradients(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dz1, Matrix<double> dW1, Matrix<double> db1)> f) =>
        LayerGradients(f, [(5, 6, 4, 3, 61), (3, 2, 7, 5, 62)], "hidden units", "classes", zScale: 2);

    /// <summary>A hidden layer's backward pass, f(dzAbove, WAbove, z, aBelow), on random inputs of each case's shape.</summary>
    static IEnumerable<Probe> LayerGradients(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double>, Matrix<double>, Matrix<double>)> f,
        (int N, int Inputs, int Units, int Above, int Seed)[] cases, string units, string above, double zScale) =>
        cases.Select(c =>
            new Probe($"n = {c.N}, {c.Inputs} inputs, {c.Units} {units}, {c.Above} {above} (seed {c.Seed})", () =>
            {
                int s = c.Seed * 10;
                return f(M(c.N, c.Above, s, 0.3), M(c.Units, c.Above, s + 1), M(c.N, c.Units, s + 2, zScale), M(c.N, c.Inputs, s + 3));
            }));

    public static IEnumerable<Probe> GradientCheck(Func<Func<double>, double[], int, double, double> f) =>
        new[] { (1, 1e-3), (4, 1e-5), (0, 0.05) }.Select(c =>
            new Probe($"weight i = {c.Item1} of a loss of 5 weights, h = {c.Item2}", () =>
            {
                double[] w = [0.7, -1.3, 2.2, 0.05, -0.4];
                double Loss() => Math.Sin(w[0]) * w[1] + w[2] * w[2] * w[3] + Math.Exp(0.3 * w[4]) * w[1] + Math.Pow(w[3] + w[4], 3);
                double estimate = f(Loss, w, c.Item1, c.Item2);
                return (Math.Round(estimate, 4), w); // the estimate's error is O(h²), so it is compared to four decimals; the weights exactly
            }));

    // ── 07 training ───────────────────────────────────────────────────────────────────────────────

    static Network<double> SmallNetwork(int seed) => new(M(4, 5, seed), M(1, 5, seed + 1, 0.2), M(5, 3, seed + 2), M(1, 3, seed + 3, 0.2));

    public static IEnumerable<Probe> UpdateWeights(Action<Network<double>, Gradients<double>, double> f) =>
        new[] { (0.25, 71), (0.01, 72), (1.5, 73) }.Select(c =>
            new Probe($"learning rate {c.Item1}, a 4→5→3 network and its gradients (seed {c.Item2})", () =>
            {
                var net = SmallNetwork(c.Item2);
                var X = M(6, 4, c.Item2 + 10);
                var Y = OneHotRows([0, 2, 1, 1, 0, 2], 3);
                var g = Maths.BackwardPass(X, Y, Maths.ForwardPass(X, net), net);
                f(net, g, c.Item1);
                return net;
            }));

    public static IEnumerable<Probe> MinibatchLoop(Action<Network<double>, Dataset<double>, int, double, Random> f) =>
        new[] { (11, 4, 0.3, 81), (7, 7, 0.1, 82), (12, 5, 0.5, 83) }.Select(c =>
            new Probe($"{c.Item1} samples, batch size {c.Item2}, learning rate {c.Item3}, a generator under which every usual shuffle reverses the order", () =>
            {
                var net = SmallNetwork(c.Item4);
                var data = new Dataset<double>(M(c.Item1, 4, c.Item4 + 20, 0.5), Enumerable.Range(0, c.Item1).Select(i => (i * 2 + 1) % 3).ToArray(), 3, "hidden data");
                f(net, data, c.Item2, c.Item3, new Reversing(c.Item1));
                return net;
            }));

    /// <summary>
    /// A generator under which each shuffle the exercise's own check accepts (Fisher–Yates from the end,
    /// <see cref="Random.Shuffle{T}(T[])"/>, sorting by keys drawn in order) turns 0..n−1 into n−1..0: so every correct
    /// loop gives the same answer, and a loop that does not shuffle gives another.
    /// </summary>
    public sealed class Reversing(int n) : Random
    {
        int _key = int.MaxValue;
        double _unit = 1;
        public override int Next(int maxValue) => Math.Min(maxValue - 1, n - maxValue);          // from the end: j = Next(i + 1)
        public override int Next(int minValue, int maxValue) => Math.Max(minValue, n - 1 - minValue); // from the front: j = Next(i, n)
        public override int Next() => --_key;                                                    // keys drawn in order, falling
        public override double NextDouble() => _unit /= 2;
    }

    // ── 09–11 beyond the lesson (optional notebooks) ─────────────────────────────────────────────

    public static IEnumerable<Probe> SigmoidMseOutput(Func<Matrix<double>, Matrix<double>, Matrix<double>> f) =>
        new[] { (5, 3, 91), (2, 7, 92) }.Select(c =>
            new Probe($"n = {c.Item1} samples of {c.Item2} sigmoid outputs (seed {c.Item3})", () =>
                f(Maths.Sigmoid(M(c.Item1, c.Item2, c.Item3, 2)), OneHotRows(Enumerable.Range(0, c.Item1).Select(i => (i * 3 + 1) % c.Item2).ToArray(), c.Item2))));

    public static IEnumerable<Probe> WeightDecay(Func<Matrix<double>, Matrix<double>, double, Matrix<double>> f) =>
        new[] { (4, 3, 0.01, 101), (2, 6, 0.5, 102), (3, 3, 0.0, 103) }.Select(c =>
            new Probe($"a {c.Item1}×{c.Item2} dW and W, λ = {c.Item3} (seed {c.Item4})", () => f(M(c.Item1, c.Item2, c.Item4), M(c.Item1, c.Item2, c.Item4 + 1), c.Item3)));

    public static IEnumerable<Probe> TanhLayer(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dz, Matrix<double> dW, Matrix<double> db)> f) =>
        LayerGradients(f, [(4, 5, 3, 2, 111), (6, 2, 4, 3, 112)], "tanh units", "units above", zScale: 1.5);
}
