using System.Numerics;

namespace Mlp;

/// <summary>
/// The switch between the readable products in <see cref="LinearAlgebra"/> and fast kernels.
/// Each Try method returns false when it has no faster path for the element type or shape,
/// and the caller then runs its own simple loop.
/// </summary>
public static class Kernels
{
    /// <summary>Set to false to force the readable reference code everywhere (tests compare both).</summary>
    public static bool Enabled { get; set; } = true;

    internal static bool TryMatMul<T>(Matrix<T> A, Matrix<T> B, Matrix<T> C)
        where T : unmanaged, IFloatingPointIeee754<T> => false;

    internal static bool TryMatMulTransposeA<T>(Matrix<T> A, Matrix<T> B, Matrix<T> C)
        where T : unmanaged, IFloatingPointIeee754<T> => false;

    internal static bool TryMatMulTransposeB<T>(Matrix<T> A, Matrix<T> B, Matrix<T> C)
        where T : unmanaged, IFloatingPointIeee754<T> => false;
}
