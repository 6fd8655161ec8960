using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace Mlp.Engine;

/// <summary>
/// Copies the rows of a minibatch out of the training set: X[order[i]] → batchX[i] and the same for
/// Y. The rows sit at random places in a 188 MB array, so copying them one after the other mostly
/// waits for memory (60 ms per epoch of 600 batches). Two things keep several rows in flight: each
/// copier asks for the row four places ahead before copying the current one (22 ms), and the rows
/// are split between the threads the products use (about half that again). It only moves bytes, so
/// nothing depends on which thread copied what.
/// </summary>
internal static unsafe class Gather
{
    /// <summary>How many rows ahead each copier prefetches (4 measured best of 1 to 6).</summary>
    private const int Ahead = 4;

    private struct Job
    {
        public byte* X, Y, BatchX, BatchY;
        public nint XRowBytes, YRowBytes;
        public int* Order;
        public int Rows;
    }

    public static void Rows<T>(Matrix<T> X, Matrix<T> Y, ReadOnlySpan<int> order, Matrix<T> batchX, Matrix<T> batchY, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (order.Length == 0) return;
        fixed (T* x = X.Data, y = Y.Data, bx = batchX.Data, by = batchY.Data)
        fixed (int* o = order)
        {
            var job = new Job
            {
                X = (byte*)x, Y = (byte*)y, BatchX = (byte*)bx, BatchY = (byte*)by,
                XRowBytes = (nint)X.Cols * sizeof(T), YRowBytes = (nint)Y.Cols * sizeof(T), Order = o, Rows = order.Length,
            };
            int parts = Math.Clamp(threads, 1, Math.Max(1, order.Length / 16)); // a few rows are not worth a thread
            WorkerPool.Run(&Part, &job, parts, parts);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Part(void* state, int part, int parts)
    {
        ref Job g = ref *(Job*)state;
        int r0 = (int)((long)g.Rows * part / parts), r1 = (int)((long)g.Rows * (part + 1) / parts);
        for (int i = r0; i < r1; i++)
        {
            if (i + Ahead < r1 && Sse.IsSupported)
            {
                byte* ahead = g.X + g.Order[i + Ahead] * g.XRowBytes;
                for (nint b = 0; b < g.XRowBytes; b += 64) Sse.Prefetch1(ahead + b);
                Sse.Prefetch1(ahead + g.XRowBytes - 1);
                Sse.Prefetch1(g.Y + g.Order[i + Ahead] * g.YRowBytes);
            }
            int s = g.Order[i];
            Buffer.MemoryCopy(g.X + s * g.XRowBytes, g.BatchX + i * g.XRowBytes, g.XRowBytes, g.XRowBytes);
            Buffer.MemoryCopy(g.Y + s * g.YRowBytes, g.BatchY + i * g.YRowBytes, g.YRowBytes, g.YRowBytes);
        }
    }
}
