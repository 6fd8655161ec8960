using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Mlp.Tests.Data;

/// <summary>Builds small IDX files in memory, for tests.</summary>
internal static class Idx
{
    /// <summary>An IDX file of unsigned bytes: magic 00 00 08 rank, the sizes, then the data.</summary>
    public static byte[] File(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0800 | dims.Length);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary>An images file of <paramref name="count"/> pseudo-random images.</summary>
    public static byte[] Images(int count, int rows, int cols, int seed = 1)
    {
        var pixels = new byte[count * rows * cols];
        new Random(seed).NextBytes(pixels);
        return File([count, rows, cols], pixels);
    }

    /// <summary>A labels file: label i is i mod 10.</summary>
    public static byte[] Labels(int count) =>
        File([count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            gzip.Write(content);
        return buffer.ToArray();
    }

    public static string Md5(byte[] content) => Convert.ToHexStringLower(MD5.HashData(content));

    /// <summary>Replaces the big-endian int32 at <paramref name="offset"/>.</summary>
    public static byte[] WithInt(byte[] file, int offset, int value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(offset), value);
        return copy;
    }
}
