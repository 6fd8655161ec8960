using static Mlp.Maths;

namespace Mlp.Tests.Lesson;

public class ActivationTests
{
    [Fact]
    public void Sigmoid_hand_values()
    {
        Assert.Equal(0.5, Sigmoid(0.0));
        Assert.Equal(0.75, Sigmoid(Math.Log(3)), 15);            // 1 / (1 + 1/3)
        Assert.Equal(0.25, Sigmoid(-Math.Log(3)), 15);
        Assert.Equal(1 / (1 + Math.Exp(-2.0)), Sigmoid(2.0), 15);
    }

    [Fact]
    public void Sigmoid_is_safe_for_huge_inputs()
    {
        Assert.Equal(0.0, Sigmoid(-1000.0));
        Assert.Equal(1.0, Sigmoid(1000.0));
        Assert.Equal(0f, Sigmoid(-1000f));
        var m = Sigmoid(Matrix<float>.FromRows([[-1000f, 0f, 1000f]]));
        Assert.Equal([0f, 0.5f, 1f], m.Data);
        Assert.Equal(0.0, SigmoidDerivative(-1000.0));
        Assert.Equal(0.0, SigmoidDerivative(1000.0));
    }

    [Fact]
    public void Sigmoid_derivative_is_at_most_a_quarter()
    {
        Assert.Equal(0.25, SigmoidDerivative(0.0));
        Assert.Equal(0.75 * 0.25, SigmoidDerivative(Math.Log(3)), 15);
        for (double z = -10; z <= 10; z += 0.1) Assert.InRange(SigmoidDerivative(z), 0, 0.25);
    }

    [Fact]
    public void Sigmoid_of_a_matrix_matches_the_scalar_formula()
    {
        var Z = TestData.Random<double>(7, 13, seed: 3, scale: 30);
        var A = Sigmoid(Z);
        var D = SigmoidDerivative(Z);
        for (int i = 0; i < Z.Data.Length; i++)
        {
            Assert.Equal(Sigmoid(Z.Data[i]), A.Data[i], 1e-15);
            Assert.Equal(SigmoidDerivative(Z.Data[i]), D.Data[i], 1e-15);
        }
    }

    [Fact]
    public void Softmax_hand_values()
    {
        // e^1, e^2, e^3 over their sum 30.19287485
        var p = Softmax(Matrix<double>.FromRows([[1, 2, 3]]));
        Assert.Equal(0.09003057317038046, p[0, 0], 14);
        Assert.Equal(0.24472847105479767, p[0, 1], 14);
        Assert.Equal(0.6652409557748219, p[0, 2], 14);
    }

    [Fact]
    public void Softmax_is_finite_for_huge_logits()
    {
        var p = Softmax(Matrix<double>.FromRows([[1000, -1000], [1000, 1000], [-1000, -1000]]));
        Assert.Equal([1.0, 0.0, 0.5, 0.5, 0.5, 0.5], p.Data);
        var pf = Softmax(Matrix<float>.FromRows([[1000f, 999f, -1000f]]));
        Assert.All(pf.Data, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1 / (1 + MathF.Exp(-1)), pf[0, 0], 6);
    }

    [Fact]
    public void Softmax_rows_sum_to_one_and_ignore_a_shift()
    {
        var Z = TestData.Random<double>(5, 10, seed: 11, scale: 5);
        var P = Softmax(Z);
        var shifted = Z.Clone();
        for (int i = 0; i < shifted.Data.Length; i++) shifted.Data[i] += 123.0;
        var Q = Softmax(shifted);
        for (int r = 0; r < 5; r++) Assert.Equal(1.0, P.Row(r).ToArray().Sum(), 14);
        for (int i = 0; i < P.Data.Length; i++) Assert.Equal(P.Data[i], Q.Data[i], 12);
    }
}
