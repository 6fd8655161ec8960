using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mlp.Engine;

/// <summary>Vectorised element-wise steps that TensorPrimitives has no single call for.</summary>
internal static class Elementwise
{
    /// <summary>
    /// Softmax of each row of z (rows×cols) into p, one 512-bit vector per row when cols ≤ 16 (the
    /// 10 classes): the row is loaded whole, lanes past the row are set to −∞ (so e^(−∞) = 0 adds
    /// nothing), then max, exp, sum and divide happen in registers — one pass instead of five
    /// calls per row. Returns false (caller uses the row-by-row code) for other widths or CPUs.
    /// A full-vector store spills into the next row of p, which is rewritten next; the last rows,
    /// where a vector would run past the array, go through a small buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool SoftmaxRows(float[] z, float[] p, int rows, int cols, SimdWidth width)
    {
        if (width != SimdWidth.V512 || cols < 1 || cols > Vector512<float>.Count) return false;
        var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(cols)).AsSingle();
        var minusInfinity = Vector512.Create(float.NegativeInfinity);
        Span<float> edge = stackalloc float[Vector512<float>.Count];
        ref float z0 = ref MemoryMarshal.GetArrayDataReference(z);
        ref float p0 = ref MemoryMarshal.GetArrayDataReference(p);
        int start = 0;
        for (int r = 0; r < rows; r++, start += cols)
        {
            bool whole = start + Vector512<float>.Count <= z.Length;
            Vector512<float> v;
            if (whole) v = Vector512.LoadUnsafe(ref z0, (nuint)start);
            else
            {
                edge.Clear();
                z.AsSpan(start, cols).CopyTo(edge);
                v = Vector512.Create<float>(edge);
            }
            v = Vector512.ConditionalSelect(valid, v, minusInfinity);
            var e = Exp(v - Vector512.Create(HorizontalMax(v))); // e^(−∞) = 0 in the lanes past the row
            var q = e / Vector512.Create(Vector512.Sum(e));
            if (start + Vector512<float>.Count <= p.Length) q.StoreUnsafe(ref p0, (nuint)start);
            else
            {
                q.CopyTo(edge);
                edge[..cols].CopyTo(p.AsSpan(start, cols));
            }
        }
        return true;
    }

    /// <summary>
    /// e^x for 16 floats in single precision (Cephes' expf: x = n·ln 2 + r, |r| ≤ ln2/2, a degree-6
    /// polynomial for e^r, then 2^n through the exponent bits), within 2 ulp over the normal range.
    /// .NET's vector Exp for float works in double precision and costs several times more.
    /// Below −87.3 (where e^x leaves the normal range) the result is 0, above 88.4 it is +∞, as with
    /// the readable path's exp (which also gives 0 and +∞ there, or denormals a few ulp from 0); NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3365447f)), Vector512.Create(88.3762626f));
        var n = Vector512.Round(clamped * Vector512.Create(1.44269504088896341f));
        var r = clamped - n * Vector512.Create(0.693359375f);
        r -= n * Vector512.Create(-2.12194440e-4f);
        var p = Vector512.Create(1.9875691500E-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894E-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459E-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201E-1f));
        var y = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var scaled = (y.AsInt32() + (Vector512.ConvertToInt32(n) << 23)).AsSingle();
        scaled = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(-87.3365447f)), Vector512<float>.Zero, scaled);
        scaled = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(88.3762626f)), Vector512.Create(float.PositiveInfinity), scaled);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), scaled, x); // NaN in, NaN out
    }

    /// <summary>
    /// One row of the fused first layer: z ← z + b (or, given <paramref name="other"/>, the second
    /// half's part of z1: z ← (z + other) + b), then a = σ(z) = 1 / (1 + e^(−z)), while the row is
    /// still in L1 after the product wrote it. The last partial vector goes through TensorPrimitives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void AddBiasSigmoidRow(float* z, float* b, float* a, int n, float* other = null)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var v = Vector512.Load(z + j);
                if (other != null) v += Vector512.Load(other + j);
                v += Vector512.Load(b + j);
                v.Store(z + j);
                (one / (one + Exp(-v))).Store(a + j);
            }
        }
        if (j < n)
        {
            var zs = new Span<float>(z + j, n - j);
            if (other != null) System.Numerics.Tensors.TensorPrimitives.Add(zs, new ReadOnlySpan<float>(other + j, n - j), zs);
            System.Numerics.Tensors.TensorPrimitives.Add(zs, new ReadOnlySpan<float>(b + j, n - j), zs);
            System.Numerics.Tensors.TensorPrimitives.Sigmoid(zs, new Span<float>(a + j, n - j));
        }
    }

    /// <summary>w ← w + scale·g (a multiply, then an add, as TensorPrimitives.MultiplyAdd does), a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void AddScaled(float* w, float* g, float scale, int n)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(scale);
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
                (Vector512.Load(g + j) * s + Vector512.Load(w + j)).Store(w + j);
        }
        for (; j < n; j++) w[j] = g[j] * scale + w[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float HorizontalMax(Vector512<float> v)
    {
        var m = Vector256.Max(v.GetLower(), v.GetUpper());
        var h = Vector128.Max(m.GetLower(), m.GetUpper());
        h = Vector128.Max(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.Max(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>sum[j] = Σ_r m[r, j] (rows×cols, rows <paramref name="stride"/> floats apart: cols unless
    /// these are some of a wider matrix's columns), adding row after row as the readable
    /// <see cref="LinearAlgebra.ColumnSums{T}"/> does, so the same bits; a vector at a time.
    /// With <paramref name="add"/>, added to what sum holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ColumnSums(float* m, int rows, int cols, float* sum, nint stride = 0, bool add = false)
    {
        if (stride == 0) stride = cols;
        if (!add) new Span<float>(sum, cols).Clear();
        for (int r = 0; r < rows; r++)
        {
            float* row = m + r * stride;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + 16 <= cols; j += 16) (Vector512.Load(sum + j) + Vector512.Load(row + j)).Store(sum + j);
            for (; j < cols; j++) sum[j] += row[j];
        }
    }
}
