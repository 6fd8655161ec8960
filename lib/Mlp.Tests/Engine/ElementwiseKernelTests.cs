using System.Runtime.Intrinsics;
using Mlp.Engine;

namespace Mlp.Tests.Engine;

public class ElementwiseKernelTests
{
    [Fact]
    public void Vector_exp_is_within_2_ulp_of_the_exact_value_and_handles_the_edges()
    {
        if (!Vector512.IsHardwareAccelerated) return; // the kernel that uses it runs only with AVX-512
        var rng = new Random(3);
        double worst = 0;
        for (int i = 0; i < 20000; i++)
        {
            var x = new float[16];
            for (int l = 0; l < 16; l++) x[l] = (float)(rng.NextDouble() * 174 - 87);
            var e = Elementwise.Exp(Vector512.Create(x));
            for (int l = 0; l < 16; l++)
                worst = Math.Max(worst, Math.Abs(e[l] - Math.Exp(x[l])) / Math.Exp(x[l]));
        }
        Assert.True(worst < 2.5e-7, $"worst relative error {worst:E2}"); // 2 ulp of float ≈ 2.4e-7
        var edges = Elementwise.Exp(Vector512.Create([0f, -1000f, 1000f, float.NegativeInfinity, float.PositiveInfinity, float.NaN, 1f, -1f, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(1f, edges[0]);
        Assert.Equal(0f, edges[1]); Assert.Equal(float.PositiveInfinity, edges[2]);
        Assert.Equal(0f, edges[3]); Assert.Equal(float.PositiveInfinity, edges[4]);
        Assert.True(float.IsNaN(edges[5]));
    }

    [Theory]
    [InlineData(100, 784, 64)] [InlineData(7, 63, 65)] [InlineData(1, 1, 1)] [InlineData(3000, 784, 64)] [InlineData(13, 20, 17)]
    public void Fused_first_layer_matches_product_then_bias_then_sigmoid(int n, int inputs, int hidden)
    {
        var net = new Network<float>(TestData.Random<float>(inputs, hidden, 1, 0.1), TestData.Random<float>(1, hidden, 2),
            TestData.Random<float>(hidden, 10, 3), TestData.Random<float>(1, 10, 4));
        var X = TestData.Random<float>(n, inputs, 5);
        var fast = new Activations<float>(n, hidden, 10);
        using (Kernels.OnThisThread(new(Enabled: true, MaxThreads: 2, ParallelFlops: 0)))
        {
            Products.LinearSigmoid(X, net.W1, net.b1, fast.z1, fast.a1);
            fast.a2.CopyFrom(new FastStep(n, inputs, hidden, 10).Forward(net, X)); // the whole forward pass of the engine
        }
        var reference = Mlp.Maths.ForwardPass(X, net);
        // z1: the product's float error bound (see KernelProductTests), at most 2·K·u·Σ|x·w| ≤ 2·K·u·K·0.1.
        float zTolerance = 2f * inputs * 6e-8f * inputs * 0.1f + 1e-6f;
        for (int i = 0; i < fast.z1.Data.Length; i++) Assert.InRange(fast.z1.Data[i] - reference.z1.Data[i], -zTolerance, zTolerance);
        // a1 = σ(z1): σ' ≤ 1/4, so the z error moves a1 by at most a quarter of it, plus the exp's 2 ulp.
        for (int i = 0; i < fast.a1.Data.Length; i++) Assert.InRange(fast.a1.Data[i] - reference.a1.Data[i], -(zTolerance / 4 + 3e-7f), zTolerance / 4 + 3e-7f);
        for (int i = 0; i < fast.a2.Data.Length; i++) Assert.InRange(fast.a2.Data[i] - reference.a2.Data[i], -1e-4f, 1e-4f);
    }
}
