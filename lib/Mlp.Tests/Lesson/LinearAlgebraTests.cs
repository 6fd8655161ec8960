namespace Mlp.Tests.Lesson;

public class LinearAlgebraTests
{
    private static readonly Matrix<double> A = Matrix<double>.FromRows([[1, 2, 3], [4, 5, 6]]);       // (2×3)
    private static readonly Matrix<double> B = Matrix<double>.FromRows([[7, 8], [9, 10], [11, 12]]);  // (3×2)

    [Fact]
    public void MatMul_matches_hand_computation()
    {
        // [1 2 3]·[7 9 11]ᵀ = 7 + 18 + 33 = 58, etc.
        var C = LinearAlgebra.MatMul(A, B);
        Assert.Equal([58, 64, 139, 154], C.Data);
    }

    [Fact]
    public void Transposed_products_match_hand_computation()
    {
        // Aᵀ·A: (3×3)
        Assert.Equal([17, 22, 27, 22, 29, 36, 27, 36, 45], LinearAlgebra.MatMulTransposeA(A, A).Data);
        // A·Aᵀ: (2×2)
        Assert.Equal([14, 32, 32, 77], LinearAlgebra.MatMulTransposeB(A, A).Data);
    }

    [Fact]
    public void Shape_mismatch_names_both_shapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => LinearAlgebra.MatMul(A, A));
        Assert.Contains("(2×3)", e.Message);
        Assert.Contains("A's columns", e.Message);
        var e2 = Assert.Throws<ShapeMismatchException>(() => LinearAlgebra.MatMul(A, B, into: new Matrix<double>(3, 3)));
        Assert.Contains("(2×2)", e2.Message);
        Assert.Contains("(3×3)", e2.Message);
    }

    [Fact]
    public void Bias_broadcast_and_column_sums()
    {
        var M = A.Clone();
        LinearAlgebra.AddRowVector(M, Matrix<double>.FromRows([[10, 20, 30]]));
        Assert.Equal([11, 22, 33, 14, 25, 36], M.Data);
        Assert.Equal([5, 7, 9], LinearAlgebra.ColumnSums(A).Data);
        Assert.Throws<ShapeMismatchException>(() => LinearAlgebra.AddRowVector(M, Matrix<double>.FromRows([[1, 2]])));
    }

    [Fact]
    public void ArgMax_of_each_row()
    {
        var M = Matrix<float>.FromRows([[0.1f, 0.7f, 0.2f], [0.5f, 0.2f, 0.3f]]);
        Assert.Equal([1, 0], LinearAlgebra.ArgMaxRows(M));
    }

    [Theory]
    [InlineData(new[] { 0.2f, 0.5f, 0.5f, 0.1f }, 1)]                     // ties: the first, as np.argmax
    [InlineData(new[] { 0.9f, 0.05f, 0.05f }, 0)]
    [InlineData(new[] { 0.1f, 0.2f, 0.7f }, 2)]
    [InlineData(new[] { 0.1f, float.NaN, 0.9f, float.NaN }, 1)]           // NaN: the first NaN, as np.argmax
    [InlineData(new[] { float.NegativeInfinity, float.NegativeInfinity }, 0)]
    [InlineData(new float[0], -1)]
    public void ArgMax_of_one_row_is_numpys_argmax_and_TensorPrimitives_IndexOfMax(float[] row, int expected)
    {
        Assert.Equal(expected, LinearAlgebra.ArgMax<float>(row));
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(row), LinearAlgebra.ArgMax<float>(row));
    }
    [Theory]
    [InlineData(7, 13, 37)] [InlineData(1, 1, 1)] [InlineData(5, 784, 64)] [InlineData(3, 10, 17)]
    public void The_products_give_the_bits_of_a_TensorPrimitives_MultiplyAdd_per_row(int n, int k, int m)
    {
        // MatMul and MatMulTransposeA add s·b row by row in their own vector loop; it must round exactly as
        // TensorPrimitives.MultiplyAdd (a multiply, then an add), the readable definition, does.
        static void Check<T>(int n, int k, int m) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var A = TestData.Random<T>(n, k, 1); var B = TestData.Random<T>(k, m, 2); var D = TestData.Random<T>(n, m, 3);
            var expected = new Matrix<T>(n, m);
            for (int i = 0; i < n; i++)
                for (int p = 0; p < k; p++)
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(B.Row(p), A[i, p], expected.Row(i), expected.Row(i));
            Assert.Equal(expected.Data, LinearAlgebra.MatMul(A, B).Data);
            var expectedT = new Matrix<T>(k, m);           // Aᵀ·D: A (n×k), D (n×m)
            for (int r = 0; r < n; r++)
                for (int i = 0; i < k; i++)
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(D.Row(r), A[r, i], expectedT.Row(i), expectedT.Row(i));
            Assert.Equal(expectedT.Data, LinearAlgebra.MatMulTransposeA(A, D).Data);
        }
        Check<float>(n, k, m);
        Check<double>(n, k, m);
    }
}
