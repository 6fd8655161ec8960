using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Mlp;

/// <summary>
/// The handful of matrix operations the network needs. Each one writes into <c>into</c> when it
/// is given (so training can reuse buffers) and allocates the result otherwise.
/// The code here is the readable version, one row at a time: the definition the fast engine
/// (lib/Mlp.Engine/) is tested against.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>C = A·B, with A (n×k), B (k×m), C (n×m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see AddScaled
    public static Matrix<T> MatMul<T>(Matrix<T> A, Matrix<T> B, Matrix<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (A.Cols != B.Rows)
            throw Shapes.Mismatch(Strings.ShapeMatMul, A.Shape, B.Shape);
        var C = Output(into, A.Rows, B.Cols, "MatMul");
        for (int i = 0; i < A.Rows; i++)
        {
            Span<T> c = C.Row(i);
            c.Clear();
            ReadOnlySpan<T> a = A.Row(i);
            for (int k = 0; k < A.Cols; k++)
                AddScaled(c, B.Row(k), a[k]); // c += a[k] · B[k, :]
        }
        return C;
    }

    /// <summary>C = Aᵀ·B, with A (n×k), B (n×m), C (k×m). Used for dW = inputᵀ·dz.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see AddScaled
    public static Matrix<T> MatMulTransposeA<T>(Matrix<T> A, Matrix<T> B, Matrix<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (A.Rows != B.Rows) throw Shapes.Mismatch(Strings.ShapeMatMulTransposeA, A.Shape, B.Shape);
        var C = Output(into, A.Cols, B.Cols, "MatMulTransposeA");
        Array.Clear(C.Data);
        for (int n = 0; n < A.Rows; n++)
        {
            ReadOnlySpan<T> a = A.Row(n), b = B.Row(n);
            for (int i = 0; i < A.Cols; i++)
                AddScaled(C.Row(i), b, a[i]); // C[i, :] += A[n, i] · B[n, :]
        }
        return C;
    }

    /// <summary>
    /// c += s·b, element by element: a multiply, then an add, each rounded, as TensorPrimitives.MultiplyAdd
    /// computes it (the same bits), a <see cref="Vector{T}"/> at a time. The two products above call it for
    /// every row of B, tens of thousands of times on short rows: a loop that is compiled optimised at once
    /// (they are marked AggressiveOptimization and it is inlined into them), because a notebook kernel
    /// that is busy compiling leaves library calls unoptimised for seconds. Measured in a kernel (notebook 07's
    /// cell before training): the lesson's forward pass of 5,000 images took 0.4 s with a TensorPrimitives
    /// call per row, 0.1–0.2 s with this loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled<T>(Span<T> c, ReadOnlySpan<T> b, T s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vs = new Vector<T>(s);
            for (; j <= c.Length - Vector<T>.Count; j += Vector<T>.Count)
                (new Vector<T>(b[j..]) * vs + new Vector<T>(c[j..])).CopyTo(c[j..]);
        }
        for (; j < c.Length; j++) c[j] = b[j] * s + c[j];
    }

    /// <summary>C = A·Bᵀ, with A (n×k), B (m×k), C (n×m). Used for dz2·W2ᵀ.</summary>
    public static Matrix<T> MatMulTransposeB<T>(Matrix<T> A, Matrix<T> B, Matrix<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (A.Cols != B.Cols) throw Shapes.Mismatch(Strings.ShapeMatMulTransposeB, A.Shape, B.Shape);
        var C = Output(into, A.Rows, B.Rows, "MatMulTransposeB");
        for (int i = 0; i < A.Rows; i++)
            for (int j = 0; j < B.Rows; j++)
                C[i, j] = TensorPrimitives.Dot<T>(A.Row(i), B.Row(j));
        return C;
    }

    /// <summary>M[r, :] += b for every row r: the bias broadcast of <c>X·W + b</c>. b is (1×cols).</summary>
    public static void AddRowVector<T>(Matrix<T> M, Matrix<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (b.Rows != 1 || b.Cols != M.Cols) throw Shapes.Mismatch(Strings.ShapeAddRowVector, M.Cols, M.Shape, b.Shape);
        for (int r = 0; r < M.Rows; r++)
            TensorPrimitives.Add(M.Row(r), b.Data, M.Row(r));
    }

    /// <summary>The sum of each column, as a (1×cols) row: numpy's <c>np.sum(M, axis=0, keepdims=True)</c>.</summary>
    public static Matrix<T> ColumnSums<T>(Matrix<T> M, Matrix<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = Output(into, 1, M.Cols, "ColumnSums");
        Array.Clear(s.Data);
        for (int r = 0; r < M.Rows; r++)
            TensorPrimitives.Add(s.Data, M.Row(r), s.Data);
        return s;
    }

    /// <summary>C = A − B, element by element.</summary>
    public static Matrix<T> Subtract<T>(Matrix<T> A, Matrix<T> B, Matrix<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.RequireSame(A, B, "Subtract");
        var C = Output(into, A.Rows, A.Cols, "Subtract");
        TensorPrimitives.Subtract<T>(A.Data, B.Data, C.Data);
        return C;
    }

    /// <summary>M ← s·M, in place.</summary>
    public static void Scale<T>(Matrix<T> M, T s) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Multiply<T>(M.Data, s, M.Data);

    /// <summary>Index of the largest value in each row (the predicted class of each sample).</summary>
    public static int[] ArgMaxRows<T>(Matrix<T> M) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new int[M.Rows];
        for (int r = 0; r < M.Rows; r++) result[r] = ArgMax<T>(M.Row(r));
        return result;
    }

    /// <summary>
    /// Index of the largest value of one row, as numpy's argmax: the first if several are equal, the
    /// first NaN if there is one, −1 for an empty row. A plain loop rather than TensorPrimitives.IndexOfMax,
    /// which on rows of 10 stays slow until the JIT has recompiled it (seconds into a process): measured,
    /// the loss of 60,000 rows took 10 ms a call with IndexOfMax for 15 calls in a row, 1 ms with this loop.
    /// </summary>
    public static int ArgMax<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.IsEmpty) return -1;
        int best = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (T.IsNaN(row[j])) return j;
            if (row[j] > row[best]) best = j;
        }
        return best;
    }

    internal static Matrix<T> Output<T>(Matrix<T>? into, int rows, int cols, string operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (into is null) return new Matrix<T>(rows, cols);
        if (into.Rows != rows || into.Cols != cols) throw Shapes.Mismatch(Strings.ShapeOutput, operation, rows, cols, into.Shape);
        return into;
    }
}
