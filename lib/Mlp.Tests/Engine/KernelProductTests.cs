using Mlp.Engine;

namespace Mlp.Tests.Engine;

/// <summary>
/// The fast single-precision products against the readable reference and an exact (double) sum.
/// Tolerance: a float dot product of length K, summed in any order, with or without FMA, is within
/// γ·Σ_k |a_ik·b_kj| of the exact value, where γ = K·u/(1 − K·u) and u = 2⁻²⁴ (the standard
/// forward error bound). Both paths must meet it; we allow 2γ plus a tiny absolute term so that
/// exact zeros compare equal. Bounds computed per element, so large and small entries are both held to it.
/// </summary>
public class KernelProductTests
{
    public static readonly int[] Sizes = [1, 7, 63, 65, 100, 784, 1000];

    /// <summary>Awkward (M, K, N): every size in every position, without the 10⁹-flop corner.</summary>
    public static TheoryData<int, int, int> Shapes()
    {
        var d = new TheoryData<int, int, int>();
        foreach (int m in Sizes)
            foreach (int k in Sizes)
                foreach (int n in new[] { 1, 7, 10, 16, 17, 63, 64, 65, 100 })
                    if ((long)m * k * n <= 8_000_000 && (m + k + n) % 3 != 1 || n is 10 or 64)
                        if ((long)m * k * n <= 80_000_000) d.Add(m, k, n);
        return d;
    }

    public static IEnumerable<object[]> Widths() =>
        new[] { SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 }
            .Where(w => w == SimdWidth.V128 || (int)w <= (int)Kernels.NativeWidth)
            .Select(w => new object[] { (int)w });

    private static Matrix<float> Rand(int r, int c, int seed) => TestData.Random<float>(r, c, seed);

    /// <summary>Exact Σ_k A(i,k)·B(k,j) and the error bound for each element.</summary>
    private static (double[] exact, double[] bound) Exact(Func<int, int, float> a, Func<int, int, float> b, int M, int K, int N)
    {
        var exact = new double[M * N]; var bound = new double[M * N];
        double u = Math.Pow(2, -24), gamma = K * u / (1 - K * u);
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                double s = 0, abs = 0;
                for (int k = 0; k < K; k++) { double p = (double)a(i, k) * b(k, j); s += p; abs += Math.Abs(p); }
                exact[i * N + j] = s; bound[i * N + j] = 2 * gamma * abs + 1e-30;
            }
        return (exact, bound);
    }

    private static void WithinBound(Matrix<float> C, double[] exact, double[] bound, string what)
    {
        for (int i = 0; i < exact.Length; i++)
        {
            double err = Math.Abs(C.Data[i] - exact[i]);
            if (!(err <= bound[i])) Assert.Fail($"{what}: element {i} = {C.Data[i]}, exact {exact[i]}, error {err:E2} > bound {bound[i]:E2}");
        }
    }

    private static Matrix<float> Run(Func<Matrix<float>> product, bool fast, SimdWidth width = SimdWidth.V512, int threads = 1, long parallelFlops = long.MaxValue)
    {
        using var _ = Kernels.OnThisThread(new(fast, threads, width == SimdWidth.V512 ? Kernels.NativeWidth : width, parallelFlops));
        return product();
    }

    // The engine's products (fast) and the lesson's (reference), each allocating its result like LinearAlgebra does.
    private static Matrix<float> MatMul(Matrix<float> A, Matrix<float> B, bool fast = true)
    {
        if (!fast) return LinearAlgebra.MatMul(A, B);
        var C = new Matrix<float>(A.Rows, B.Cols); Products.MatMul(A, B, C); return C;
    }

    private static Matrix<float> MatMulTransposeA(Matrix<float> A, Matrix<float> B, bool fast = true)
    {
        if (!fast) return LinearAlgebra.MatMulTransposeA(A, B);
        var C = new Matrix<float>(A.Cols, B.Cols); Products.MatMulTransposeA(A, B, C); return C;
    }

    private static Matrix<float> MatMulTransposeB(Matrix<float> A, Matrix<float> B, bool fast = true)
    {
        if (!fast) return LinearAlgebra.MatMulTransposeB(A, B);
        var C = new Matrix<float>(A.Rows, B.Rows); Products.MatMulTransposeB(A, B, C); return C;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void MatMul_is_within_the_float_error_bound_on_both_paths(int M, int K, int N)
    {
        var A = Rand(M, K, 1); var B = Rand(K, N, 2);
        var (exact, bound) = Exact((i, k) => A[i, k], (k, j) => B[k, j], M, K, N);
        WithinBound(Run(() => MatMul(A, B), fast: true), exact, bound, $"fast A·B {M}×{K}·{K}×{N}");
        WithinBound(Run(() => MatMul(A, B, fast: false), fast: false), exact, bound, $"reference A·B {M}×{K}·{K}×{N}");
    }

    [Theory, MemberData(nameof(Shapes))]
    public void MatMulTransposeA_is_within_the_float_error_bound(int M, int K, int N)
    {
        // C (M×N) = Aᵀ·B with A (K×M), B (K×N): the reduction runs over A's rows.
        var A = Rand(K, M, 3); var B = Rand(K, N, 4);
        var (exact, bound) = Exact((i, k) => A[k, i], (k, j) => B[k, j], M, K, N);
        WithinBound(Run(() => MatMulTransposeA(A, B), fast: true), exact, bound, $"fast Aᵀ·B {M}×{K}·{K}×{N}");
        WithinBound(Run(() => MatMulTransposeA(A, B, fast: false), fast: false), exact, bound, "reference Aᵀ·B");
    }

    [Theory, MemberData(nameof(Shapes))]
    public void MatMulTransposeB_is_within_the_float_error_bound(int M, int K, int N)
    {
        var A = Rand(M, K, 5); var B = Rand(N, K, 6);
        var (exact, bound) = Exact((i, k) => A[i, k], (k, j) => B[j, k], M, K, N);
        WithinBound(Run(() => MatMulTransposeB(A, B), fast: true), exact, bound, $"fast A·Bᵀ {M}×{K}·{K}×{N}");
        WithinBound(Run(() => MatMulTransposeB(A, B, fast: false), fast: false), exact, bound, "reference A·Bᵀ");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_vector_width_gives_the_same_bound_on_the_training_shapes(int bits)
    {
        var width = (SimdWidth)bits;
        foreach (var (M, K, N) in new[] { (100, 784, 64), (100, 64, 10), (65, 63, 17), (7, 1000, 65), (1, 7, 1) })
        {
            var A = Rand(M, K, 7); var B = Rand(K, N, 8); var At = Rand(K, M, 9); var Bt = Rand(N, K, 10);
            var (e1, b1) = Exact((i, k) => A[i, k], (k, j) => B[k, j], M, K, N);
            WithinBound(Run(() => MatMul(A, B), true, width), e1, b1, $"{width} A·B {M},{K},{N}");
            var (e2, b2) = Exact((i, k) => At[k, i], (k, j) => B[k, j], M, K, N);
            WithinBound(Run(() => MatMulTransposeA(At, B), true, width), e2, b2, $"{width} Aᵀ·B {M},{K},{N}");
            var (e3, b3) = Exact((i, k) => A[i, k], (k, j) => Bt[j, k], M, K, N);
            WithinBound(Run(() => MatMulTransposeB(A, Bt), true, width), e3, b3, $"{width} A·Bᵀ {M},{K},{N}");
        }
    }

    [Fact]
    public void The_training_products_at_full_batch_size_are_within_the_bound()
    {
        // Xᵀ·dz1 over 3,000 rows takes the blocked-K path (K > 1024): blocks of 128 summed into C.
        var X = Rand(3000, 784, 11); var dz1 = Rand(3000, 64, 12); var dz2 = Rand(3000, 10, 13); var a1 = Rand(3000, 64, 14);
        var (e, b) = Exact((i, k) => X[k, i], (k, j) => dz1[k, j], 784, 3000, 64);
        WithinBound(Run(() => MatMulTransposeA(X, dz1), true, threads: 2, parallelFlops: 0), e, b, "Xᵀ·dz1");
        var (e2, b2) = Exact((i, k) => a1[k, i], (k, j) => dz2[k, j], 64, 3000, 10);
        WithinBound(Run(() => MatMulTransposeA(a1, dz2), true, threads: 2, parallelFlops: 0), e2, b2, "a1ᵀ·dz2");
    }

    [Theory]
    [InlineData(1000, 784, 64)]
    [InlineData(3000, 64, 10)]
    [InlineData(65, 2000, 64)]
    public void Results_are_bit_identical_for_any_thread_count(int M, int K, int N)
    {
        var A = Rand(M, K, 15); var B = Rand(K, N, 16); var At = Rand(K, M, 17);
        var one = Run(() => MatMul(A, B), true, threads: 1);
        var oneT = Run(() => MatMulTransposeA(At, B), true, threads: 1);
        foreach (int threads in new[] { 2, 3, 4, 7 })
        {
            Assert.Equal(one.Data, Run(() => MatMul(A, B), true, threads: threads, parallelFlops: 0).Data);
            Assert.Equal(oneT.Data, Run(() => MatMulTransposeA(At, B), true, threads: threads, parallelFlops: 0).Data);
        }
    }

    [Fact]
    public void Empty_inner_dimension_gives_zeros_and_into_is_overwritten()
    {
        var C = new Matrix<float>(5, 3);
        C.Data.AsSpan().Fill(42f);
        Run(() => { Products.MatMul(new Matrix<float>(5, 0), new Matrix<float>(0, 3), C); return C; }, true);
        Assert.All(C.Data, v => Assert.Equal(0f, v));
        var A = Rand(13, 20, 18); var B = Rand(20, 64, 19);
        var D = Run(() => MatMul(A, B), true);
        var into = new Matrix<float>(13, 64); into.Data.AsSpan().Fill(float.NaN);
        Run(() => { Products.MatMul(A, B, into); return into; }, true);
        Assert.Equal(D.Data, into.Data);
    }

    [Fact]
    public void Only_single_precision_with_the_kernels_on_takes_the_engine()
    {
        var net = Network<double>.Create(784, 64, 10);
        using (Kernels.OnThisThread(new(Enabled: true)))
        {
            Assert.True(Kernels.UseEngine<float>());
            Assert.False(Kernels.UseEngine<double>());
            Assert.IsType<LessonStep<double>>(TrainingStep<double>.For(net, 100));
            Assert.IsType<FastStep>(TrainingStep<float>.For(net.Cast<float>(), 100));
        }
        using (Kernels.OnThisThread(new(Enabled: false)))
            Assert.IsType<LessonStep<float>>(TrainingStep<float>.For(net.Cast<float>(), 100));
    }

    [Theory]
    [InlineData(100, 784, 64)] [InlineData(7, 63, 65)] [InlineData(3000, 784, 64)] [InlineData(1, 1, 1)]
    public void The_update_fused_into_the_product_matches_product_then_update(int n, int inputs, int hidden)
    {
        // W ← W + s·(Xᵀ·dz) in one pass, against the lesson's dW = Xᵀ·dz, then W + s·dW.
        var X = Rand(n, inputs, 22); var dz = Rand(n, hidden, 23); var W = Rand(inputs, hidden, 24);
        float s = -0.5f / n;
        var expected = W.Clone();
        var dW = LinearAlgebra.MatMulTransposeA(X, dz);
        for (int i = 0; i < W.Data.Length; i++) expected.Data[i] += s * dW.Data[i];
        var (exact, bound) = Exact((i, k) => X[k, i], (k, j) => dz[k, j], inputs, n, hidden);
        foreach (int threads in new[] { 1, 2 })
        {
            var fused = W.Clone();
            Run(() => { Products.AddTransposeAProduct(X, dz, fused, s); return fused; }, true, threads: threads, parallelFlops: 0);
            for (int i = 0; i < W.Data.Length; i++)
            {
                double err = Math.Abs(fused.Data[i] - (W.Data[i] + s * exact[i]));
                Assert.True(err <= Math.Abs(s) * bound[i] + 2 * 6e-8 * Math.Abs(expected.Data[i]) + 1e-30, $"element {i}: {fused.Data[i]} vs {expected.Data[i]}");
            }
        }
    }
}
