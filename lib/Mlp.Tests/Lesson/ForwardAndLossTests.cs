using static Mlp.Maths;

namespace Mlp.Tests.Lesson;

public class ForwardAndLossTests
{
    // A 2→2→2 network small enough to follow by hand.
    private static Network<double> Tiny() => new(
        W1: Matrix<double>.FromRows([[1, -1], [0, 2]]), b1: Matrix<double>.FromRows([[0, 0.5]]),
        W2: Matrix<double>.FromRows([[1, 0], [0, 1]]), b2: Matrix<double>.FromRows([[0, 0]]));

    [Fact]
    public void Forward_pass_by_hand()
    {
        var X = Matrix<double>.FromRows([[1, 2]]);
        var (z1, a1, z2, a2) = ForwardPass(X, Tiny());
        // z1 = [1·1 + 2·0, 1·(−1) + 2·2] + [0, 0.5] = [1, 3.5]
        Assert.Equal([1.0, 3.5], z1.Data);
        double s1 = 1 / (1 + Math.Exp(-1)), s2 = 1 / (1 + Math.Exp(-3.5));
        Assert.Equal(s1, a1[0, 0], 15);
        Assert.Equal(s2, a1[0, 1], 15);
        // W2 is the identity, so z2 = a1 and a2 = softmax(a1)
        Assert.Equal(a1.Data, z2.Data);
        Assert.Equal(Math.Exp(s1) / (Math.Exp(s1) + Math.Exp(s2)), a2[0, 0], 15);
        Assert.Equal(1.0, a2[0, 0] + a2[0, 1], 15);
    }

    [Fact]
    public void Forward_pass_rejects_the_wrong_number_of_inputs()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => ForwardPass(new Matrix<double>(3, 5), Tiny()));
        Assert.Contains("(3×5)", e.Message);
        Assert.Contains("(2×2)", e.Message);
    }

    [Fact]
    public void Forward_pass_reuses_given_buffers()
    {
        var net = Network<float>.Create(6, 4, 3, seed: 2);
        var X = TestData.Random<float>(5, 6, seed: 1);
        var buffers = new Activations<float>(5, 4, 3);
        var f = ForwardPass(X, net, into: buffers);
        Assert.Same(buffers, f);
        Assert.Equal(ForwardPass(X, net).a2.Data, f.a2.Data);
    }

    [Fact]
    public void Cross_entropy_by_hand()
    {
        var a2 = Matrix<double>.FromRows([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]);
        var Y = Matrix<double>.FromRows([[1, 0, 0], [0, 1, 0]]);
        double expected = -(Math.Log(0.7) + Math.Log(0.8)) / 2; // 0.2899092476264711
        Assert.Equal(expected, CrossEntropy(Y, a2), 15);
        Assert.Equal(expected, CrossEntropy([0, 1], a2), 15);
    }

    [Fact]
    public void Cross_entropy_of_uniform_guesses_is_ln_of_the_class_count()
    {
        var a2 = new Matrix<double>(4, 10);
        Array.Fill(a2.Data, 0.1);
        Assert.Equal(Math.Log(10), CrossEntropy([0, 3, 5, 9], a2), 14);
    }

    [Fact]
    public void Cross_entropy_stays_finite_when_a_probability_underflows()
    {
        var a2 = Softmax(Matrix<double>.FromRows([[1000, -1000]]));   // [1, 0]: the true class 1 got probability 0
        double loss = CrossEntropy([1], a2);
        Assert.True(double.IsFinite(loss));
        Assert.True(loss > 700); // −ln(smallest double) ≈ 744: huge, as a confident wrong answer should be
        float lossF = CrossEntropy([1], Softmax(Matrix<float>.FromRows([[1000f, -1000f]])));
        Assert.True(float.IsFinite(lossF) && lossF > 100);
    }

    [Fact]
    public void Initialisation_follows_the_lesson()
    {
        var net = Network<double>.Create(784, 64, 10, seed: 42);
        Assert.Equal(("(784×64)", "(1×64)", "(64×10)", "(1×10)"), (net.W1.Shape, net.b1.Shape, net.W2.Shape, net.b2.Shape));
        Assert.All(net.b1.Data, b => Assert.Equal(0, b));
        Assert.All(net.b2.Data, b => Assert.Equal(0, b));
        // randn · √(1/fan_in): standard deviation √(1/784) = 0.0357 for W1 (50,176 samples: within 2%)
        var w = net.W1.Data;
        double mean = w.Average(), std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.98 / 28, 1.02 / 28);
        double std2 = Math.Sqrt(net.W2.Data.Select(v => v * v).Average());
        Assert.InRange(std2, 0.85 / 8, 1.15 / 8); // 640 samples of N(0, 1/64)
        Assert.Equal(50_890, net.ParameterCount);
    }

    [Fact]
    public void Same_seed_same_weights_other_seed_other_weights()
    {
        Assert.Equal(Network<float>.Create(seed: 5).W1.Data, Network<float>.Create(seed: 5).W1.Data);
        Assert.NotEqual(Network<float>.Create(seed: 5).W1.Data, Network<float>.Create(seed: 6).W1.Data);
    }

    [Fact]
    public void Standard_normal_samples_have_mean_zero_and_variance_one()
    {
        var rng = new Random(3);
        var s = Enumerable.Range(0, 200_000).Select(_ => StandardNormal(rng)).ToArray();
        Assert.InRange(s.Average(), -0.01, 0.01);
        Assert.InRange(s.Select(v => v * v).Average(), 0.99, 1.01);
    }
}
