using System.Globalization;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// Notebook 01, exercise 1: one weight matrix, W = randn(fan_in, fan_out)·√(1/fan_in).
/// Student signature: <c>Func&lt;int, int, Random, Matrix&lt;double&gt;&gt;</c> taking (fanIn, fanOut, rng);
/// <see cref="Maths.StandardNormal"/>(rng) draws one N(0, 1) number.
/// </summary>
public static class InitWeightsExercise
{
    public static string Title => Strings.ExInitialization01;

    /// <summary>Two shapes, so that fan_in and fan_out (and other well-known scales) give different spreads.</summary>
    static readonly (int FanIn, int FanOut)[] Shapes = [(784, 64), (100, 400)];

    public static ExerciseResult Check(Func<int, int, Random, Matrix<double>> initWeights) => Run(Title, () =>
    {
        RequireFunction(initWeights);
        var draws = new List<WeightDraw>();
        foreach (var (fanIn, fanOut) in Shapes)
        {
            var W = Call(() => initWeights(fanIn, fanOut, new Random(fanIn + fanOut)), string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization02, fanIn, fanOut));
            RequireShape(W, new Matrix<double>(fanIn, fanOut), "W", string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization03, fanIn, fanOut),
                Strings.ExInitialization04);
            draws.Add(new WeightDraw("W", W, fanIn, fanOut));
        }
        WeightStatistics.Require(draws);
        return Strings.ExInitialization05 +
               string.Join(" and ", draws.Select(d => string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization06, d.FanIn, d.FanOut, Num(d.Std), Num(d.ExpectedStd)))) + ".";
    });
}

/// <summary>
/// Notebook 01, exercise 2: a whole network, W1 and W2 scaled by √(1/fan_in) of their own layer, b1 = b2 = 0.
/// Student signature: <c>Func&lt;int, int, int, Random, Network&lt;double&gt;&gt;</c> taking (inputSize, hiddenSize, outputSize, rng).
/// </summary>
public static class InitNetworkExercise
{
    public static string Title => Strings.ExInitialization07;

    const int Input = 400, Hidden = 100, Output = 30;

    public static ExerciseResult Check(Func<int, int, int, Random, Network<double>> initNetwork) => Run(Title, () =>
    {
        RequireFunction(initNetwork);
        var net = Call(() => initNetwork(Input, Hidden, Output, new Random(1)),
                       string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization08, Input, Hidden, Output));
        // The Network constructor already ties b1, W2 and b2 to W1's shape; W1 itself can still be transposed.
        RequireShape(net.W1, new Matrix<double>(Input, Hidden), "W1", Strings.ExInitialization09, Strings.ExInitialization10);
        RequireShape(net.W2, new Matrix<double>(Hidden, Output), "W2", Strings.ExInitialization11);
        RequireZero(net.b1, "b1");
        RequireZero(net.b2, "b2");
        WeightStatistics.Require([new WeightDraw("W1", net.W1, Input, Hidden, OtherFanIn: null),
                                  new WeightDraw("W2", net.W2, Hidden, Output, OtherFanIn: Input)]);
        return string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization12, Num(StdOf(net.W1)), Input, Num(StdOf(net.W2)), Hidden);
    });

    static void RequireZero(Matrix<double> b, string name)
    {
        int i = Array.FindIndex(b.Data, v => v != 0);
        if (i >= 0)
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization13, name, i, Num(b.Data[i])));
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
                    ? string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization14, d.Name)
                    : string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization15, d.Name, Num(d.Mean)));
            if (Math.Abs(d.Mean) > 0.15 * d.ExpectedStd)
                throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization16, d.Name, Num(d.Mean), Num(d.Std)));
        }

        // A wrong scale that matches a known formula for every draw gets that formula's hint.
        var scales = new (string Hint, Func<WeightDraw, double?> Std)[]
        {
            (Strings.ExInitialization17, _ => 1.0),
            (Strings.ExInitialization18,
                d => Math.Sqrt(1.0 / d.FanOut)),
            (Strings.ExInitialization19,
                d => 1.0 / d.FanIn),
            (Strings.ExInitialization20,
                d => Math.Sqrt(2.0 / d.FanIn)),
            (Strings.ExInitialization21,
                d => Math.Sqrt(2.0 / (d.FanIn + d.FanOut))),
            (Strings.ExInitialization22,
                d => d.OtherFanIn is int other ? Math.Sqrt(1.0 / other) : null),
        };
        var wrong = draws.FirstOrDefault(d => !Near(d.Std, d.ExpectedStd));
        if (wrong is not null)
        {
            foreach (var (hint, std) in scales)
                if (draws.Where(d => !Near(d.Std, d.ExpectedStd)).All(d => std(d) is double s && Near(d.Std, s)))
                    throw Fail(hint);
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization23, wrong.Name, wrong.FanIn, wrong.FanOut, Num(wrong.Std), wrong.FanIn, Num(wrong.ExpectedStd)));
        }

        var notNormal = draws.FirstOrDefault(d => Math.Abs(d.Kurtosis - 3) > 0.6);
        if (notNormal is not null)
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExInitialization24, notNormal.Name, Num(notNormal.Kurtosis)));
    }

    static bool Near(double std, double target) => Math.Abs(std - target) <= RelativeSpread * target;
}
