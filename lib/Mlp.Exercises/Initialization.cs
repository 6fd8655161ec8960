using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 01, exercise 1: one weight matrix, W = randn(fan_in, fan_out)·√(1/fan_in).
/// Student signature: <c>Func&lt;int, int, Random, Matrix&lt;double&gt;&gt;</c> taking (fanIn, fanOut, rng);
/// <see cref="Maths.StandardNormal"/>(rng) draws one N(0, 1) number.
/// </summary>
public static class InitWeightsExercise
{
    public const string Title = "Exercise 01.1 · initialise a weight matrix";

    /// <summary>Two shapes, so that fan_in and fan_out (and other well-known scales) give different spreads.</summary>
    static readonly (int FanIn, int FanOut)[] Shapes = [(784, 64), (100, 400)];

    public static ExerciseResult Check(Func<int, int, Random, Matrix<double>> initWeights) => Run(Title, () =>
    {
        RequireFunction(initWeights);
        var draws = new List<WeightDraw>();
        foreach (var (fanIn, fanOut) in Shapes)
        {
            var W = Call(() => initWeights(fanIn, fanOut, new Random(fanIn + fanOut)), $"fanIn = {fanIn}, fanOut = {fanOut}");
            RequireShape(W, new Matrix<double>(fanIn, fanOut), "W", $"fan_in × fan_out = {fanIn}×{fanOut}, one row per input, as in z = X·W",
                "Rows are inputs (fan_in) and columns are units (fan_out).");
            draws.Add(new WeightDraw("W", W, fanIn, fanOut));
        }
        WeightStatistics.Require(draws);
        return "Right shape, mean ≈ 0, standard deviation ≈ √(1/fan_in) for " +
               string.Join(" and ", draws.Select(d => $"{d.FanIn}×{d.FanOut} (std {Num(d.Std)}, expected {Num(d.ExpectedStd)})")) + ".";
    });
}

/// <summary>
/// Notebook 01, exercise 2: a whole network, W1 and W2 scaled by √(1/fan_in) of their own layer, b1 = b2 = 0.
/// Student signature: <c>Func&lt;int, int, int, Random, Network&lt;double&gt;&gt;</c> taking (inputSize, hiddenSize, outputSize, rng).
/// </summary>
public static class InitNetworkExercise
{
    public const string Title = "Exercise 01.2 · initialise the network";

    const int Input = 400, Hidden = 100, Output = 30;

    public static ExerciseResult Check(Func<int, int, int, Random, Network<double>> initNetwork) => Run(Title, () =>
    {
        RequireFunction(initNetwork);
        var net = Call(() => initNetwork(Input, Hidden, Output, new Random(1)),
                       $"inputSize = {Input}, hiddenSize = {Hidden}, outputSize = {Output}");
        // The Network constructor already ties b1, W2 and b2 to W1's shape; W1 itself can still be transposed.
        RequireShape(net.W1, new Matrix<double>(Input, Hidden), "W1", "inputSize × hiddenSize", "W1 maps inputs (rows) to hidden units (columns).");
        RequireShape(net.W2, new Matrix<double>(Hidden, Output), "W2", "hiddenSize × outputSize");
        RequireZero(net.b1, "b1");
        RequireZero(net.b2, "b2");
        WeightStatistics.Require([new WeightDraw("W1", net.W1, Input, Hidden, OtherFanIn: null),
                                  new WeightDraw("W2", net.W2, Hidden, Output, OtherFanIn: Input)]);
        return $"Shapes, zero biases, and spreads std(W1) = {Num(StdOf(net.W1))} ≈ √(1/{Input}) and std(W2) = {Num(StdOf(net.W2))} ≈ √(1/{Hidden}): all right.";
    });

    static void RequireZero(Matrix<double> b, string name)
    {
        int i = Array.FindIndex(b.Data, v => v != 0);
        if (i >= 0)
            throw Fail($"{name}[0, {i}] is {Num(b.Data[i])}, but biases start at 0. Unlike the weights they need no randomness " +
                       "(the random weights already make the units differ), and 0 keeps z = X·W + b centred at the start.");
    }

    static double StdOf(Matrix<double> W) => WeightDraw.StandardDeviation(W.Data);
}

/// <summary>
/// One weight matrix a student drew, with the fans it was drawn for and its sample statistics.
/// <c>OtherFanIn</c> is a fan-in the student might have used by mistake (W2 scaled with the input size), if any.
/// </summary>
internal sealed record WeightDraw(string Name, Matrix<double> W, int FanIn, int FanOut, int? OtherFanIn = null)
{
    public double Mean { get; } = W.Data.Average();
    public double Std { get; } = StandardDeviation(W.Data);
    public double ExpectedStd => Math.Sqrt(1.0 / FanIn);

    /// <summary>Kurtosis E[(w − mean)⁴] / std⁴: 3 for a normal distribution, 1.8 for a uniform one.</summary>
    public double Kurtosis => Std == 0 ? 0 : W.Data.Select(v => Math.Pow((v - Mean) / Std, 4)).Average();

    /// <summary>The population standard deviation of the values.</summary>
    public static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}

/// <summary>Tells apart the usual ways an initialisation goes wrong, from the spread of the weights it drew.</summary>
internal static class WeightStatistics
{
    /// <summary>A correct draw's standard deviation is within this fraction of √(1/fan_in) (several sampling errors).</summary>
    const double RelativeSpread = 0.07;

    public static void Require(IReadOnlyList<WeightDraw> draws)
    {
        foreach (var d in draws)
        {
            if (Array.TrueForAll(d.W.Data, v => v == d.W.Data[0]))
                throw Fail(d.Mean == 0
                    ? $"Every weight of {d.Name} is 0. Then all hidden units compute the same thing, get the same gradient and stay identical " +
                      "(the symmetry is never broken). Draw random numbers: Maths.StandardNormal(rng) times the scale."
                    : $"Every weight of {d.Name} is {Num(d.Mean)}: identical weights make identical units. Draw a random number for each weight.");
            if (Math.Abs(d.Mean) > 0.15 * d.ExpectedStd)
                throw Fail($"The mean of {d.Name} is {Num(d.Mean)}, but it should be about 0 (std {Num(d.Std)}). " +
                           "rng.NextDouble() is uniform on [0, 1), always positive: use a normal sample, Maths.StandardNormal(rng).");
        }

        // A wrong scale that matches a known formula for every draw gets that formula's hint.
        var scales = new (string Hint, Func<WeightDraw, double?> Std)[]
        {
            ("The weights have standard deviation ≈ 1: you forgot the scale. Multiply each N(0, 1) sample by √(1/fan_in), " +
             "otherwise z = Σ x·w grows like √fan_in and the sigmoid saturates.", _ => 1.0),
            ("You scaled by √(1/fan_out). The sum z = Σ x·w runs over the fan_in inputs of a unit, so its spread depends on fan_in: scale by √(1/fan_in) = √(1/rows).",
                d => Math.Sqrt(1.0 / d.FanOut)),
            ("You scaled by 1/fan_in, without the square root. Variances add up: Var(z) = fan_in·Var(w), so Var(w) = 1/fan_in and std(w) = √(1/fan_in).",
                d => 1.0 / d.FanIn),
            ("That is He initialisation, √(2/fan_in), made for ReLU units. For the sigmoid this lesson uses √(1/fan_in).",
                d => Math.Sqrt(2.0 / d.FanIn)),
            ("That is Glorot (Xavier) initialisation, √(2/(fan_in + fan_out)). This lesson uses √(1/fan_in).",
                d => Math.Sqrt(2.0 / (d.FanIn + d.FanOut))),
            ("W2 is scaled with the input size. Its fan_in is the number of units feeding it, the hidden size: scale W2 by √(1/hiddenSize).",
                d => d.OtherFanIn is int other ? Math.Sqrt(1.0 / other) : null),
        };
        var wrong = draws.FirstOrDefault(d => !Near(d.Std, d.ExpectedStd));
        if (wrong is not null)
        {
            foreach (var (hint, std) in scales)
                if (draws.Where(d => !Near(d.Std, d.ExpectedStd)).All(d => std(d) is double s && Near(d.Std, s)))
                    throw Fail(hint);
            throw Fail($"The standard deviation of {wrong.Name} ({wrong.FanIn}×{wrong.FanOut}) is {Num(wrong.Std)}, but it should be " +
                       $"√(1/fan_in) = √(1/{wrong.FanIn}) = {Num(wrong.ExpectedStd)}.");
        }

        var notNormal = draws.FirstOrDefault(d => Math.Abs(d.Kurtosis - 3) > 0.6);
        if (notNormal is not null)
            throw Fail($"The spread of {notNormal.Name} is right, but its values do not look normally distributed (kurtosis {Num(notNormal.Kurtosis)}; " +
                       "a normal distribution has 3, a uniform one 1.8). Draw each weight as Maths.StandardNormal(rng) · √(1/fan_in), like numpy's randn.");
    }

    static bool Near(double std, double target) => Math.Abs(std - target) <= RelativeSpread * target;
}
