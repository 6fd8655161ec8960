using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Engine;

/// <summary>
/// Everything a training step does to one row once its a1 = σ(x·W1 + b1) is final, run by the first
/// product's epilogue while that row is still in L1 (and so on every thread the product uses):
/// z2 = a1·W2 + b2, a2 = softmax(z2), and, when the targets are given, dz2 = a2 − y and
/// dz1 = (dz2·W2ᵀ) ⊙ a1·(1 − a1). All are row by row, so no result depends on which thread ran
/// which rows. With AVX-512 and at most 16 classes, z2 and its softmax live in one register.
/// </summary>
internal unsafe struct SecondLayer
{
    public float* A1, A2, Y, Dz2, Dz1;  // n×H, n×C, n×C (or null: forward only), n×C, n×H
    public float* W2, W2Padded, W2T, B2Padded; // W2 (H×C); W2 as H×16 and b2 as 16 with zeros; W2ᵀ (C×H)
    public int H, C;
    public bool OneVector;                // AVX-512 (Avx512F) and C ≤ 16

    /// <summary>The epilogue: rows first .. first+rows of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(void* state, int first, int rows)
    {
        ref SecondLayer L = ref Unsafe.AsRef<SecondLayer>(state);
        for (int i = first; i < first + rows; i++)
        {
            float* a1 = L.A1 + (nint)i * L.H, a2 = L.A2 + (nint)i * L.C;
            if (L.OneVector) SoftmaxOfLinear(ref L, a1, a2, i);
            else
            {
                var z = new Span<float>(a2, L.C);
                new ReadOnlySpan<float>(L.B2Padded, L.C).CopyTo(z);
                for (int k = 0; k < L.H; k++) TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(L.W2 + k * L.C, L.C), a1[k], z, z);
                Maths.SoftmaxRow<float>(z, z);
                if (L.Y != null)
                    TensorPrimitives.Subtract(z, new ReadOnlySpan<float>(L.Y + (nint)i * L.C, L.C), new Span<float>(L.Dz2 + (nint)i * L.C, L.C));
            }
            if (L.Y != null) HiddenError(ref L, a1, L.Dz2 + (nint)i * L.C, L.Dz1 + (nint)i * L.H);
        }
    }

    /// <summary>a2 = softmax(a1·W2 + b2) in one vector (lanes past C hold −∞, so e^(−∞) = 0 adds
    /// nothing); and dz2 = a2 − y when y is given. The row's C lanes are read and written with AVX-512 masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SoftmaxOfLinear(ref SecondLayer L, float* a1, float* a2, int i)
    {
        Vector512<float> z0 = Vector512.Load(L.B2Padded), z1 = default, z2 = default, z3 = default;
        int k = 0;
        for (; k + 4 <= L.H; k += 4) // four independent sums, so the adds do not wait on each other
        {
            z0 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[k]), Vector512.Load(L.W2Padded + k * 16), z0);
            z1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[k + 1]), Vector512.Load(L.W2Padded + (k + 1) * 16), z1);
            z2 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[k + 2]), Vector512.Load(L.W2Padded + (k + 2) * 16), z2);
            z3 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[k + 3]), Vector512.Load(L.W2Padded + (k + 3) * 16), z3);
        }
        for (; k < L.H; k++) z0 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[k]), Vector512.Load(L.W2Padded + k * 16), z0);
        var z = (z0 + z1) + (z2 + z3);
        var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(L.C)).AsSingle();
        z = Vector512.ConditionalSelect(valid, z, Vector512.Create(float.NegativeInfinity));
        var e = Elementwise.Exp(z - Vector512.Create(Elementwise.HorizontalMax(z)));
        var q = e / Vector512.Create(Vector512.Sum(e));
        Avx512F.MaskStore(a2, valid, q); // the row's C lanes, straight to and from the rows
        if (L.Y == null) return;
        Avx512F.MaskStore(L.Dz2 + (nint)i * L.C, valid, q - Avx512F.MaskLoad(L.Y + (nint)i * L.C, valid, Vector512<float>.Zero));
    }

    /// <summary>dz1 = (dz2·W2ᵀ) ⊙ a1·(1 − a1) for one row: σ'(z1) from a1 = σ(z1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HiddenError(ref SecondLayer L, float* a1, float* dz2, float* dz1)
    {
        int j = 0;
        var one = Vector512<float>.One;
        if (Vector512.IsHardwareAccelerated)
            for (; j + 64 <= L.H; j += 64) // four vectors at once: four independent sums over the classes
            {
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (int c = 0; c < L.C; c++)
                {
                    var d = Vector512.Create(dz2[c]);
                    float* w = L.W2T + c * L.H + j;
                    s0 = Vector512.FusedMultiplyAdd(d, Vector512.Load(w), s0);
                    s1 = Vector512.FusedMultiplyAdd(d, Vector512.Load(w + 16), s1);
                    s2 = Vector512.FusedMultiplyAdd(d, Vector512.Load(w + 32), s2);
                    s3 = Vector512.FusedMultiplyAdd(d, Vector512.Load(w + 48), s3);
                }
                var a0 = Vector512.Load(a1 + j); var a1v = Vector512.Load(a1 + j + 16);
                var a2v = Vector512.Load(a1 + j + 32); var a3 = Vector512.Load(a1 + j + 48);
                (s0 * (a0 * (one - a0))).Store(dz1 + j);
                (s1 * (a1v * (one - a1v))).Store(dz1 + j + 16);
                (s2 * (a2v * (one - a2v))).Store(dz1 + j + 32);
                (s3 * (a3 * (one - a3))).Store(dz1 + j + 48);
            }
        if (Vector512.IsHardwareAccelerated)
            for (; j + 16 <= L.H; j += 16)
            {
                var acc = Vector512<float>.Zero;
                for (int c = 0; c < L.C; c++) acc = Vector512.FusedMultiplyAdd(Vector512.Create(dz2[c]), Vector512.Load(L.W2T + c * L.H + j), acc);
                var s = Vector512.Load(a1 + j);
                (acc * (s * (Vector512<float>.One - s))).Store(dz1 + j);
            }
        for (; j < L.H; j++)
        {
            float acc = 0;
            for (int c = 0; c < L.C; c++) acc = Hardware.MultiplyAdd(dz2[c], L.W2T[c * L.H + j], acc);
            dz1[j] = acc * (a1[j] * (1f - a1[j]));
        }
    }
}
