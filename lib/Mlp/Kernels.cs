using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Mlp.Fast;

namespace Mlp;

/// <summary>
/// The switch between the readable code in <see cref="LinearAlgebra"/> and <see cref="Maths"/> and
/// the fast single-precision kernels in <c>Fast/</c>. Each Try method returns false when it has no
/// faster path (double precision, or the kernels switched off), and the caller then runs its own
/// simple loop — so the readable code stays the definition and the test oracle.
/// </summary>
public static class Kernels
{
    /// <summary>On unless the environment variable MLP_KERNELS is "off" (to time or debug the readable path).</summary>
    private static bool _enabled = !string.Equals(Environment.GetEnvironmentVariable("MLP_KERNELS"), "off", StringComparison.OrdinalIgnoreCase);
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>Set to false to force the readable reference code everywhere (tests compare both).</summary>
    public static bool Enabled
    {
        get => _local?.Enabled ?? _enabled;
        set => _enabled = value;
    }

    /// <summary>
    /// How many threads a large product may use (default: the processor count). Products split the
    /// rows of their result between threads, and each element is summed in the same order whatever
    /// this is, so the numbers do not depend on it — only the speed does.
    /// </summary>
    public static int MaxThreads
    {
        get => _local?.MaxThreads ?? _maxThreads;
        set => _maxThreads = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxThreads), value, "MaxThreads must be at least 1.");
    }

    /// <summary>The vector width the kernels use: 512 bits where the CPU has AVX-512, else 256, else 128.</summary>
    public static int VectorBits => (int)Width;

    internal static SimdWidth Width => _local?.Width ?? NativeWidth;

    /// <summary>Products with fewer floating-point operations than this run on one thread: below it,
    /// handing work to another core costs more than it saves (measured: see the benchmarks README).</summary>
    internal static long ParallelFlops => _local?.ParallelFlops ?? DefaultParallelFlops;

    internal static long DefaultParallelFlops = 4_000_000;

    internal static readonly SimdWidth NativeWidth =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512 :
        Vector256.IsHardwareAccelerated ? SimdWidth.V256 : SimdWidth.V128;

    /// <summary>Settings for the calling thread only, so tests running in parallel can compare the
    /// paths (or force a narrower vector) without changing what other threads do.</summary>
    internal sealed record Settings(bool? Enabled = null, int? MaxThreads = null, SimdWidth? Width = null, long? ParallelFlops = null);

    [ThreadStatic] private static Settings? _local;

    /// <summary>Applies <paramref name="settings"/> on this thread until the result is disposed.</summary>
    internal static IDisposable OnThisThread(Settings settings)
    {
        var previous = _local;
        _local = settings;
        return new Restore(previous);
    }

    private sealed class Restore(Settings? previous) : IDisposable
    {
        public void Dispose() => _local = previous;
    }

    private static bool Fast<T>() => Enabled && typeof(T) == typeof(float);

    /// <summary>C = A·B.</summary>
    internal static bool TryMatMul<T>(Matrix<T> A, Matrix<T> B, Matrix<T> C)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Product(A, transposeA: false, B, transposeB: false, C);

    /// <summary>C = Aᵀ·B: A (n×k) is read through its transpose in place.</summary>
    internal static bool TryMatMulTransposeA<T>(Matrix<T> A, Matrix<T> B, Matrix<T> C)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Product(A, transposeA: true, B, transposeB: false, C);

    /// <summary>C = A·Bᵀ: B (m×k) is transposed into a small packed buffer.</summary>
    internal static bool TryMatMulTransposeB<T>(Matrix<T> A, Matrix<T> B, Matrix<T> C)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Product(A, transposeA: false, B, transposeB: true, C);

    /// <summary>z = X·W + b and a = σ(z) in one pass: bias and sigmoid are applied to each tile of z
    /// right after the product computes it, while it is still in cache.</summary>
    internal static bool TryLinearSigmoid<T>(Matrix<T> X, Matrix<T> W, Matrix<T> b, Matrix<T> z, Matrix<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
        => !Aliases(a, X, W) && !ReferenceEquals(z.Data, a.Data) && Product(X, false, W, false, z, b, a);

    /// <summary>C = op(A)·op(B), optionally followed by C += bias and activation = σ(C).</summary>
    private static unsafe bool Product<T>(Matrix<T> A, bool transposeA, Matrix<T> B, bool transposeB, Matrix<T> C,
        Matrix<T>? bias = null, Matrix<T>? activation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>() || Aliases(C, A, B)) return false;
        // A(i, k) = a[i·rs + k·ks]; the inner dimension K is A's columns, or its rows when transposed.
        (nint rs, nint ks, int K) = transposeA ? ((nint)1, (nint)A.Cols, A.Rows) : (A.Cols, 1, A.Cols);
        fixed (T* a = A.Data, b = B.Data, c = C.Data, bp = bias?.Data, ap = activation?.Data)
            Gemm.Multiply((float*)a, rs, ks, C.Rows, K, (float*)b, B.Cols, B.Data.Length, transposeB,
                C.Cols, (float*)c, C.Cols, Width, MaxThreads, ParallelFlops, (float*)bp, (float*)ap);
        return true;
    }

    /// <summary>Softmax of each row, one vector per row when a row fits in one.</summary>
    internal static bool TrySoftmax<T>(Matrix<T> Z, Matrix<T> A) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>() || ReferenceEquals(Z.Data, A.Data)) return false;
        return Elementwise.SoftmaxRows(AsFloats(Z), AsFloats(A), Z.Rows, Z.Cols, Width);
    }

    /// <summary>dz ← dz ⊙ a ⊙ (1 − a), i.e. dz ⊙ σ'(z) from the activations a = σ(z).</summary>
    internal static bool TryMultiplySigmoidDerivative<T>(Matrix<T> dz, Matrix<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Fast<T>()) return false;
        Elementwise.MultiplySigmoidDerivative(AsFloats(dz), AsFloats(a));
        return true;
    }

    private static float[] AsFloats<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
        => Unsafe.As<float[]>(m.Data);

    /// <summary>The kernels write C while reading A and B, so C must be a separate array.</summary>
    private static bool Aliases<T>(Matrix<T> C, Matrix<T> A, Matrix<T> B) where T : unmanaged, IFloatingPointIeee754<T>
        => ReferenceEquals(C.Data, A.Data) || ReferenceEquals(C.Data, B.Data);
}
