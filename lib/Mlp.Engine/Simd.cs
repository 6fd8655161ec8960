using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Mlp.Engine;

/// <summary>
/// One SIMD register of floats, so each kernel is written once and the JIT compiles it for
/// 512-, 256- and 128-bit vectors (a generic method over a struct is specialised per type, and
/// the static members below become plain instructions). <see cref="Rows"/> is how many rows of C
/// a micro-kernel keeps in registers: 6 rows × 4 vectors = 24 accumulators fit AVX-512's 32
/// registers; AVX2 and 128-bit have 16, so they keep 3 rows (12 accumulators).
/// </summary>
internal interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    static abstract int Width { get; }
    static abstract int Rows { get; }
    static abstract TSelf Zero { get; }
    static abstract unsafe TSelf Load(float* p);
    static abstract unsafe void Store(TSelf v, float* p);
    static abstract TSelf Broadcast(float x);
    /// <summary>a·b + c: fused (one rounding) where the hardware has FMA for this width
    /// (<see cref="Hardware.Fma"/>), else a multiply then an add (two roundings).</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);
    static abstract TSelf Add(TSelf a, TSelf b);
    /// <summary>The bitwise or (of the floats' bits).</summary>
    static abstract TSelf Or(TSelf a, TSelf b);
}

internal struct V512 : ISimd<V512>
{
    public Vector512<float> V;
    private V512(Vector512<float> v) => V = v;
    public static int Width => Vector512<float>.Count;
    public static int Rows => 6;
    public static V512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe V512 Load(float* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void Store(V512 v, float* p) => v.V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Broadcast(float x) => new(Vector512.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Fma(V512 a, V512 b, V512 c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Add(V512 a, V512 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Or(V512 a, V512 b) => new(a.V | b.V);
}

internal struct V256 : ISimd<V256>
{
    public Vector256<float> V;
    private V256(Vector256<float> v) => V = v;
    public static int Width => Vector256<float>.Count;
    public static int Rows => 3;
    public static V256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe V256 Load(float* p) => new(Vector256.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void Store(V256 v, float* p) => v.V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Broadcast(float x) => new(Vector256.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Fma(V256 a, V256 b, V256 c) => Hardware.Fma ? new(Vector256.FusedMultiplyAdd(a.V, b.V, c.V)) : new(a.V * b.V + c.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Add(V256 a, V256 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Or(V256 a, V256 b) => new(a.V | b.V);
}

/// <summary>The portable fallback: 128-bit vectors exist on every .NET platform (SSE, NEON, or
/// emulated), so the same kernels run everywhere.</summary>
internal struct V128 : ISimd<V128>
{
    public Vector128<float> V;
    private V128(Vector128<float> v) => V = v;
    public static int Width => Vector128<float>.Count;
    public static int Rows => 3;
    public static V128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe V128 Load(float* p) => new(Vector128.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void Store(V128 v, float* p) => v.V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Broadcast(float x) => new(Vector128.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Fma(V128 a, V128 b, V128 c) => Hardware.Fma ? new(Vector128.FusedMultiplyAdd(a.V, b.V, c.V)) : new(a.V * b.V + c.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Add(V128 a, V128 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V128 Or(V128 a, V128 b) => new(a.V | b.V);
}

/// <summary>
/// What the CPU does in one instruction. Without hardware FMA (an SSE-only Celeron or Pentium, or
/// .NET told <c>DOTNET_EnableAVX=0</c> / <c>DOTNET_EnableAVX2=0</c>), .NET computes
/// <c>Vector128.FusedMultiplyAdd</c> in software one element at a time, which made an epoch 14×
/// slower than the readable code; the kernels then multiply and add instead. A JIT-time constant:
/// the test costs nothing in the loops.
/// </summary>
internal static class Hardware
{
    /// <summary>True where a fused multiply-add of the engine's vectors is one instruction: x64 with
    /// FMA3 (every AVX2 or AVX-512 CPU), arm64 (AdvSimd).</summary>
    public static bool Fma => System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

    /// <summary>a·b + c, scalar: fused where the hardware has it (MathF.FusedMultiplyAdd is a
    /// software routine elsewhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => Fma ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;
}

/// <summary>Which vector width the kernels use on this machine (tests may force a narrower one).</summary>
internal enum SimdWidth { V128 = 128, V256 = 256, V512 = 512 }
