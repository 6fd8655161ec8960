using static Mlp.Maths;

namespace Mlp.Tests.Lesson;

public class BackwardTests
{
    private static (Network<double>, Matrix<double> X, Matrix<double> Y) Problem(int seed = 1)
    {
        var net = Network<double>.Create(6, 5, 3, seed);
        // Give the biases non-zero values too, so their gradients are tested away from the start.
        var rng = new Random(seed);
        for (int i = 0; i < 5; i++) net.b1.Data[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < 3; i++) net.b2.Data[i] = rng.NextDouble() - 0.5;
        var X = TestData.Random<double>(4, 6, seed + 10);
        var Y = Dataset<double>.OneHot([0, 2, 1, 2], 3);
        return (net, X, Y);
    }

    [Fact]
    public void Every_gradient_matches_central_finite_differences()
    {
        var (net, X, Y) = Problem();
        foreach (var r in GradientCheck.Run(net, X, Y))
            Assert.True(r.MaxRelativeError < 1e-6, r.ToString());
    }

    [Theory]
    [InlineData(2), InlineData(3), InlineData(4)]
    public void Gradients_are_right_for_other_networks_too(int seed)
    {
        var (net, X, Y) = Problem(seed);
        Assert.All(GradientCheck.Run(net, X, Y), r => Assert.True(r.MaxRelativeError < 1e-6, r.ToString()));
    }

    [Fact]
    public void The_gradient_check_catches_a_wrong_gradient()
    {
        var (net, X, Y) = Problem();
        var g = BackwardPass(X, Y, ForwardPass(X, net), net);
        LinearAlgebra.Scale(g.dW2, 2.0); // as if we had forgotten to divide by n = 2... a typical bug
        var results = GradientCheck.Run(net, X, Y, g);
        Assert.True(results.Single(r => r.Parameter == "W2").MaxRelativeError > 0.1);
        Assert.True(results.Single(r => r.Parameter == "W1").MaxRelativeError < 1e-6);
    }

    [Fact]
    public void Output_error_is_prediction_minus_target()
    {
        var (net, X, Y) = Problem();
        var f = ForwardPass(X, net);
        var g = BackwardPass(X, Y, f, net);
        for (int i = 0; i < Y.Data.Length; i++) Assert.Equal(f.a2.Data[i] - Y.Data[i], g.dz2.Data[i], 15);
        // db2 = column sums of dz2 / n
        for (int c = 0; c < 3; c++)
            Assert.Equal(Enumerable.Range(0, 4).Sum(r => g.dz2[r, c]) / 4, g.db2[0, c], 15);
    }

    [Fact]
    public void Update_takes_a_step_against_the_gradient()
    {
        var (net, X, Y) = Problem();
        var before = net.Clone();
        var g = BackwardPass(X, Y, ForwardPass(X, net), net);
        double lossBefore = CrossEntropy(Y, ForwardPass(X, net).a2);
        UpdateWeights(net, g, 0.1);
        for (int i = 0; i < net.W1.Data.Length; i++)
            Assert.Equal(before.W1.Data[i] - 0.1 * g.dW1.Data[i], net.W1.Data[i], 15);
        Assert.Equal(before.b2.Data[0] - 0.1 * g.db2.Data[0], net.b2.Data[0], 15);
        Assert.True(CrossEntropy(Y, ForwardPass(X, net).a2) < lossBefore);
    }
}
