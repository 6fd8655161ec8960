namespace Mlp.Engine;

/// <summary>
/// The engine's matrix products on <see cref="Matrix{T}"/> of floats, with the current
/// <see cref="Kernels"/> settings (threads, vector width): the same products as
/// <see cref="LinearAlgebra"/>, plus the fused forms a training step uses. C must not share its
/// array with A or B (the kernels write C while reading them).
/// </summary>
internal static unsafe class Products
{
    /// <summary>C = A·B.</summary>
    public static void MatMul(Matrix<float> A, Matrix<float> B, Matrix<float> C) => Product(A, false, B, false, C);

    /// <summary>C = Aᵀ·B: A (n×k) is read through its transpose in place.</summary>
    public static void MatMulTransposeA(Matrix<float> A, Matrix<float> B, Matrix<float> C) => Product(A, true, B, false, C);

    /// <summary>C = A·Bᵀ: B (m×k) is transposed into a small packed buffer.</summary>
    public static void MatMulTransposeB(Matrix<float> A, Matrix<float> B, Matrix<float> C) => Product(A, false, B, true, C);

    /// <summary>a = σ(X·W + b) in one pass: bias and sigmoid are applied to each tile right after the
    /// product computes it, while it is in L1. <paramref name="a"/> may be <paramref name="z"/>
    /// (then z is not kept); otherwise z = X·W + b is kept too.</summary>
    public static void LinearSigmoid(Matrix<float> X, Matrix<float> W, Matrix<float> b, Matrix<float> z, Matrix<float> a)
    {
        RequireDistinct(a, X, W);
        Product(X, false, W, false, z, b, a);
    }

    /// <summary>C += scale·(Aᵀ·B), the gradient-descent update of a weight matrix fused with the
    /// product that computes its gradient (C = W1, scale = −η/n, A = X, B = dz1): the gradient
    /// itself is never stored.</summary>
    public static void AddTransposeAProduct(Matrix<float> A, Matrix<float> B, Matrix<float> C, float scale)
        => Product(A, true, B, false, C, addToC: true, scale: scale);

    private static void Product(Matrix<float> A, bool transposeA, Matrix<float> B, bool transposeB, Matrix<float> C,
        Matrix<float>? bias = null, Matrix<float>? activation = null, bool addToC = false, float scale = 1f)
    {
        (int m, int k) = transposeA ? (A.Cols, A.Rows) : (A.Rows, A.Cols);
        (int kb, int n) = transposeB ? (B.Cols, B.Rows) : (B.Rows, B.Cols);
        Shapes.Require(k == kb && C.Rows == m && C.Cols == n,
            $"Engine product: op(A) is ({m}×{k}), op(B) ({kb}×{n}), C {C.Shape}: the shapes do not fit.");
        RequireDistinct(C, A, B);
        // A(i, k) = a[i·rs + k·ks]; the inner dimension K is A's columns, or its rows when transposed.
        (nint rs, nint ks) = transposeA ? ((nint)1, (nint)A.Cols) : (A.Cols, 1);
        fixed (float* a = A.Data, b = B.Data, c = C.Data, bp = bias?.Data, ap = activation?.Data)
            Gemm.Multiply(a, rs, ks, C.Rows, k, b, B.Cols, B.Data.Length, transposeB,
                C.Cols, c, C.Cols, Kernels.Width, Kernels.ThreadsFor(2L * m * k * n), Kernels.ParallelFlops, bp, ap, addToC, scale);
    }

    private static void RequireDistinct(Matrix<float> C, Matrix<float> A, Matrix<float> B)
    {
        if (ReferenceEquals(C.Data, A.Data) || ReferenceEquals(C.Data, B.Data))
            throw new ArgumentException("The engine's products write their result while reading the operands: it must be a separate matrix.");
    }
}
