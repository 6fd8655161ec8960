using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mlp.Engine;

/// <summary>Vectorised element-wise steps that TensorPrimitives has no single call for.</summary>
internal static class Elementwise
{
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
    /// One row of the fused first layer: z ← z + b, then a = σ(z) = 1 / (1 + e^(−z)), while the row is
    /// still in L1 after the product wrote it. The last partial vector goes through TensorPrimitives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void AddBiasSigmoidRow(float* z, float* b, float* a, int n)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var v = Vector512.Load(z + j);
                v += Vector512.Load(b + j);
                v.Store(z + j);
                (one / (one + Exp(-v))).Store(a + j);
            }
        }
        if (j < n)
        {
            var zs = new Span<float>(z + j, n - j);
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
