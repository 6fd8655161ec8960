using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mlp;

/// <summary>Refuses a training run that could not fit in memory, before allocating anything large.</summary>
public static class MemoryEstimate
{
    /// <summary>
    /// Bytes a training run needs besides the data: the parameters three times (weights, gradients,
    /// last good copy), and per batch row the input copy, z1, a1, dz1 (hidden wide) and z2, a2, dz2, Y.
    /// </summary>
    public static long TrainingBytes(int inputSize, int hiddenSize, int outputSize, int batchSize, int elementSize)
    {
        long parameters = (long)inputSize * hiddenSize + hiddenSize + (long)hiddenSize * outputSize + outputSize;
        long perRow = inputSize + 3L * hiddenSize + 4L * outputSize;
        return (3 * parameters + perRow * batchSize) * elementSize;
    }

    public static void ThrowIfTooLarge<T>(Network<T> net, int batchSize) where T : unmanaged, IFloatingPointIeee754<T>
        => ThrowIfTooLarge<T>(net.InputSize, net.HiddenSize, net.OutputSize, batchSize);

    /// <summary>Throws <see cref="InsufficientMemoryException"/>, with the estimate, when a run would need more than 80% of the memory available.</summary>
    public static void ThrowIfTooLarge<T>(int inputSize, int hiddenSize, int outputSize, int batchSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long need = TrainingBytes(inputSize, hiddenSize, outputSize, batchSize, Unsafe.SizeOf<T>());
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && need > available * 0.8)
            throw new InsufficientMemoryException(
                Localized.Format(Strings.MemoryTooLarge, inputSize, hiddenSize, outputSize, batchSize, need / 1e9, available / 1e9));
    }
}
