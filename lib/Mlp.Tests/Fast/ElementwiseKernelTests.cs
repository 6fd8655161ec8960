namespace Mlp.Tests.Fast;

public class ElementwiseKernelTests
{
    private static Matrix<float> Softmax(Matrix<float> Z, bool fast)
    {
        using var _ = Kernels.OnThisThread(new(Enabled: fast));
        return Mlp.Maths.Softmax(Z);
    }

    [Theory]
    [InlineData(1, 10)] [InlineData(7, 10)] [InlineData(100, 10)] [InlineData(1, 1)] [InlineData(13, 16)]
    [InlineData(5, 3)] [InlineData(9, 17)] [InlineData(3, 64)]
    public void Softmax_matches_the_reference_to_a_few_ulps(int rows, int cols)
    {
        // Both compute max, e^(z−max), sum and divide in float; only the vector exp's rounding and the
        // order of the sum of ≤ 16 terms may differ: a few ulps of values ≤ 1, so 1e-6 absolute.
        var Z = TestData.Random<float>(rows, cols, rows * 100 + cols, scale: 20);
        var fast = Softmax(Z, true); var reference = Softmax(Z, false);
        for (int i = 0; i < Z.Data.Length; i++) Assert.InRange(fast.Data[i] - reference.Data[i], -1e-6f, 1e-6f);
        for (int r = 0; r < rows; r++) Assert.InRange(fast.Row(r).ToArray().Sum(), 1 - 1e-5f, 1 + 1e-5f);
    }

    [Fact]
    public void Softmax_stays_finite_for_huge_logits()
    {
        var Z = Matrix<float>.FromRows([[1000f, 0f, -1000f, 3e38f, -3e38f, 0, 0, 0, 0, 0]]);
        var p = Softmax(Z, true);
        Assert.All(p.Data, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, p[0, 3]);
    }

    [Fact]
    public void Sigmoid_derivative_multiply_is_bit_identical_to_the_readable_loop()
    {
        var a = TestData.Random<float>(100, 67, 1); // not a multiple of 16
        for (int i = 0; i < a.Data.Length; i++) a.Data[i] = (a.Data[i] + 1) / 2;
        var dzFast = TestData.Random<float>(100, 67, 2); var dzRef = dzFast.Clone();
        using (Kernels.OnThisThread(new(Enabled: true))) Mlp.Maths.MultiplyBySigmoidDerivative(dzFast, a);
        using (Kernels.OnThisThread(new(Enabled: false))) Mlp.Maths.MultiplyBySigmoidDerivative(dzRef, a);
        Assert.Equal(dzRef.Data, dzFast.Data);
    }
}
