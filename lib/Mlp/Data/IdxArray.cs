namespace Mlp.Data;

/// <summary>
/// The content of one IDX file of unsigned bytes: its shape and its data, row-major.
/// </summary>
/// <param name="FilePath">The file it was read from.</param>
/// <param name="Magic">The magic number, for example <see cref="IdxReader.ImagesMagic"/>.</param>
/// <param name="Dimensions">The sizes, outermost first: for images (count, rows, columns).</param>
/// <param name="Data">All the values, row-major; its length is the product of the dimensions.</param>
public sealed record IdxArray(string FilePath, int Magic, int[] Dimensions, byte[] Data)
{
    /// <summary>The number of items: the first dimension.</summary>
    public int Count => Dimensions[0];

    /// <summary>The decompressed length of the whole file: 4-byte magic, 4 bytes a dimension, the data.</summary>
    public long ContentLength => 4L + 4L * Dimensions.Length + Data.LongLength;
}
