using static Mlp.Tests.Exercises.ExerciseAssert;
using Ex = Mlp.Exercises;

namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

public class InitializationExerciseTests
{
    /// <summary>A weight matrix of the right shape filled by <paramref name="draw"/>(fanIn, fanOut, rng).</summary>
    static Func<int, int, Random, Matrix<double>> Filled(Func<int, int, Random, double> draw) => (fanIn, fanOut, rng) =>
    {
        var W = new Matrix<double>(fanIn, fanOut);
        for (int i = 0; i < W.Data.Length; i++) W.Data[i] = draw(fanIn, fanOut, rng);
        return W;
    };

    [Fact]
    public void Solutions_pass()
    {
        Passes(Ex.InitWeightsExercise.Check(Solutions.InitWeights));
        Passes(Ex.InitWeightsExercise.Check((fanIn, fanOut, rng) => Maths.RandomNormal<double>(fanIn, fanOut, rng, Math.Sqrt(1.0 / fanIn))));
        Passes(Ex.InitNetworkExercise.Check(Solutions.InitNetwork));
    }

    public static TheoryData<string, Func<int, int, Random, Matrix<double>>, string> WrongWeights => new()
    {
        { "no scale", Filled((i, o, rng) => Maths.StandardNormal(rng)), "you forgot the scale" },
        { "fan_out", Filled((i, o, rng) => Maths.StandardNormal(rng) * Math.Sqrt(1.0 / o)), "You scaled by √(1/fan_out)" },
        { "no square root", Filled((i, o, rng) => Maths.StandardNormal(rng) / i), "without the square root" },
        { "He", Filled((i, o, rng) => Maths.StandardNormal(rng) * Math.Sqrt(2.0 / i)), "He initialisation" },
        { "Glorot", Filled((i, o, rng) => Maths.StandardNormal(rng) * Math.Sqrt(2.0 / (i + o))), "Glorot (Xavier)" },
        { "uniform [0, 1)", Filled((i, o, rng) => rng.NextDouble() * Math.Sqrt(1.0 / i)), "rng.NextDouble() is uniform on [0, 1)" },
        { "zeros", (i, o, rng) => new Matrix<double>(i, o), "the symmetry is never broken" },
        { "constant", Filled((i, o, rng) => 0.01), "Every weight of W is 0.01" },
        { "centred uniform, right spread", Filled((i, o, rng) => (rng.NextDouble() * 2 - 1) * Math.Sqrt(3.0 / i)), "do not look normally distributed" },
        { "transposed", (i, o, rng) => Solutions.InitWeights(o, i, rng), "That is the transpose of the right shape. Rows are inputs" },
    };

    [Theory, MemberData(nameof(WrongWeights))]
    public void Wrong_weight_matrices_get_their_hint(string mistake, Func<int, int, Random, Matrix<double>> init, string hint)
    {
        _ = mistake;
        Hints(Ex.InitWeightsExercise.Check(init), hint);
    }

    [Fact]
    public void Wrong_networks_get_their_hint()
    {
        Hints(Ex.InitNetworkExercise.Check((input, hidden, output, rng) =>
            new Network<double>(Solutions.InitWeights(input, hidden, rng), Maths.RandomNormal<double>(1, hidden, rng),
                                Solutions.InitWeights(hidden, output, rng), new Matrix<double>(1, output))),
            "biases start at 0");
        Hints(Ex.InitNetworkExercise.Check((input, hidden, output, rng) =>
            new Network<double>(Solutions.InitWeights(input, hidden, rng), new Matrix<double>(1, hidden),
                                Maths.RandomNormal<double>(hidden, output, rng, Math.Sqrt(1.0 / input)), new Matrix<double>(1, output))),
            "W2 is scaled with the input size");
        Hints(Ex.InitNetworkExercise.Check((input, hidden, output, rng) =>
            new Network<double>(Maths.RandomNormal<double>(input, hidden, rng), new Matrix<double>(1, hidden),
                                Maths.RandomNormal<double>(hidden, output, rng), new Matrix<double>(1, output))),
            "you forgot the scale");
        // A bias of the wrong shape is refused by the Network constructor: its message reaches the student.
        Hints(Ex.InitNetworkExercise.Check((input, hidden, output, rng) =>
            new Network<double>(Solutions.InitWeights(input, hidden, rng), new Matrix<double>(hidden, 1),
                                Solutions.InitWeights(hidden, output, rng), new Matrix<double>(1, output))),
            "Your code threw ShapeMismatchException for inputSize = 400, hiddenSize = 100, outputSize = 30: Network: b1 must be (1×100)");
        Hints(Ex.InitNetworkExercise.Check((input, hidden, output, rng) => null!), "Your code returned null");
    }
}
