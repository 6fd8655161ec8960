using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mlp.Fast;

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
            var e = Vector512.Exp(v - Vector512.Create(HorizontalMax(v)));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector512<float> v)
    {
        var m = Vector256.Max(v.GetLower(), v.GetUpper());
        var h = Vector128.Max(m.GetLower(), m.GetUpper());
        h = Vector128.Max(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        h = Vector128.Max(h, Vector128.Shuffle(h, Vector128.Create(1, 0, 3, 2)));
        return h.ToScalar();
    }

    /// <summary>dz[i] ← dz[i]·(a[i]·(1 − a[i])): the same operations in the same order as the
    /// readable loop, so the same bits, eight or sixteen at a time.</summary>
    public static void MultiplySigmoidDerivative(float[] dz, float[] a)
    {
        if (dz.Length != a.Length) throw new ArgumentException("dz and a must have the same length.");
        ref float d0 = ref MemoryMarshal.GetArrayDataReference(dz);
        ref float a0 = ref MemoryMarshal.GetArrayDataReference(a);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var one = Vector512<float>.One;
            for (; i <= dz.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var s = Vector512.LoadUnsafe(ref a0, (nuint)i);
                (Vector512.LoadUnsafe(ref d0, (nuint)i) * (s * (one - s))).StoreUnsafe(ref d0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<float>.One;
            for (; i <= dz.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var s = Vector256.LoadUnsafe(ref a0, (nuint)i);
                (Vector256.LoadUnsafe(ref d0, (nuint)i) * (s * (one - s))).StoreUnsafe(ref d0, (nuint)i);
            }
        }
        for (; i < dz.Length; i++) dz[i] *= a[i] * (1f - a[i]);
    }
}
