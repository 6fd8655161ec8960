using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Mlp.Data;

/// <summary>
/// Reads IDX files (the format of MNIST and Fashion-MNIST), gzip'd or raw.
/// </summary>
/// <remarks>
/// <para>An IDX file is a big-endian 4-byte magic number <c>00 00 08 D</c> (08: unsigned bytes,
/// D: the number of dimensions), then D big-endian int32 sizes, then the bytes, row-major.</para>
/// <para>Gzip is recognised by its first two bytes (1f 8b), not by the file name. Every check is
/// strict: the magic number, the number of dimensions, each size, and the exact data length (a
/// truncated file and trailing bytes are both errors). Sizes are checked against what the file
/// can hold before anything is allocated, so a corrupt header that claims 10^9 images is refused
/// at once. Every content problem throws <see cref="DataFormatException"/>.</para>
/// </remarks>
public static class IdxReader
{
    /// <summary>The magic number of an images file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The magic number of a labels file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// Deflate expands data at most about 1032 times; a gzip'd file whose header claims more data
    /// than that is corrupt, and is refused before allocating.
    /// </summary>
    internal const long MaxGzipExpansion = 1032;

    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads any IDX file of unsigned bytes.</summary>
    /// <exception cref="DataFormatException">The content is not a valid IDX file.</exception>
    public static IdxArray Read(string path) => Read(path, expectedMagic: null, hash: null);

    /// <summary>Reads an images file (magic 0x00000803: count, rows, columns).</summary>
    /// <param name="path">The file, gzip'd or raw.</param>
    /// <param name="rows">The required image height, or null to accept any.</param>
    /// <param name="cols">The required image width, or null to accept any.</param>
    /// <exception cref="DataFormatException">The content is not a valid images file of that shape.</exception>
    public static IdxArray ReadImages(string path, int? rows = null, int? cols = null)
    {
        IdxArray images = Read(path, ImagesMagic, hash: null);
        CheckImageShape(images, rows, cols);
        return images;
    }

    /// <summary>Reads a labels file (magic 0x00000801: count).</summary>
    /// <exception cref="DataFormatException">The content is not a valid labels file.</exception>
    public static IdxArray ReadLabels(string path) => Read(path, LabelsMagic, hash: null);

    /// <summary>Throws unless the images are <paramref name="rows"/> x <paramref name="cols"/>.</summary>
    internal static void CheckImageShape(IdxArray images, int? rows, int? cols)
    {
        int[] d = images.Dimensions;
        if ((rows is int r && d[1] != r) || (cols is int c && d[2] != c))
            throw new DataFormatException(images.FilePath,
                Localized.Format(Strings.IdxImageShape, d[1], d[2], rows, cols));
    }

    /// <summary>
    /// Reads a file, checking the magic number if one is expected, and feeds the decompressed
    /// content to <paramref name="hash"/> (so a checksum costs no second pass over the file).
    /// </summary>
    /// <param name="path">The file, gzip'd or raw.</param>
    /// <param name="expectedMagic">The magic number required, or null to accept any IDX file of bytes.</param>
    /// <param name="hash">Receives the decompressed content, header included; may be null.</param>
    /// <param name="expectedLength">The decompressed length required (checked from the header, before allocating), or null.</param>
    internal static IdxArray Read(string path, int? expectedMagic, IncrementalHash? hash, long? expectedLength = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(file, path, expectedMagic, hash, expectedLength);
    }

    /// <summary>Reads from a seekable stream; <paramref name="path"/> is used in messages.</summary>
    internal static IdxArray Read(Stream file, string path, int? expectedMagic, IncrementalHash? hash,
        long? expectedLength = null)
    {
        long fileLength = file.Length;
        bool gzip = StartsWithGzipMagic(file);
        using GZipStream? unzipped = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : null;
        Stream content = unzipped ?? file;
        try
        {
            return ReadContent(content, path, expectedMagic, hash, gzip, fileLength, expectedLength);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path,
                Strings.IdxGzipCorrupt,
                inner: e);
        }
    }

    private static IdxArray ReadContent(Stream content, string path, int? expectedMagic,
        IncrementalHash? hash, bool gzip, long fileLength, long? expectedLength)
    {
        Span<byte> head = stackalloc byte[4];
        int got = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (got < head.Length)
            throw new DataFormatException(path, got == 0 ? Strings.IdxEmpty : Localized.Format(Strings.IdxShortMagic, got));
        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        CheckMagic(head, magic, path, expectedMagic);
        hash?.AppendData(head);

        int rank = head[3];
        Span<byte> sizes = stackalloc byte[4 * rank];
        got = content.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (got < sizes.Length)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxShortHeader, rank, 4 + got));
        hash?.AppendData(sizes);

        int[] dims = ReadDimensions(sizes, path);
        long length = Product(dims, path);
        long headerLength = 4L + 4L * rank;
        if (expectedLength is long expected && headerLength + length != expected)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxNotCanonical, Shape(dims), headerLength + length, expected));
        CheckLengthBeforeAllocating(path, magic, dims, length, gzip, fileLength, headerLength);

        var data = new byte[length];
        got = content.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (got < length)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxTruncated, length, DataKind(magic), got));
        hash?.AppendData(data);

        int extra = CountTrailingBytes(content);
        if (extra > 0)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxTrailing, extra >= TrailingProbe ? Strings.IdxAtLeast : "", extra, length, DataKind(magic)));
        return new IdxArray(path, magic, dims, data);
    }

    private static bool StartsWithGzipMagic(Stream file)
    {
        Span<byte> two = stackalloc byte[2];
        int got = file.ReadAtLeast(two, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return got == 2 && two[0] == 0x1f && two[1] == 0x8b;
    }

    private static void CheckMagic(ReadOnlySpan<byte> head, int magic, string path, int? expectedMagic)
    {
        if (head.TrimStart(" \t\r\n"u8).StartsWith("<"u8))
            throw new DataFormatException(path,
                Strings.IdxHtml);
        if (head[0] != 0 || head[1] != 0)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxNotIdx, magic));
        if (head[2] != UnsignedByteType)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxElementType, head[2]));
        if (head[3] == 0)
            throw new DataFormatException(path, Strings.IdxZeroDimensions);
        if (expectedMagic is int expected && magic != expected)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxWrongMagic, magic, DescribeMagic(magic), expected, DescribeMagic(expected), SwapHint(magic, expected)));
    }

    private static int[] ReadDimensions(ReadOnlySpan<byte> sizes, string path)
    {
        var dims = new int[sizes.Length / 4];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(sizes[(4 * i)..]);
            if (dims[i] < 0)
                throw new DataFormatException(path,
                    Localized.Format(Strings.IdxDimension, i + 1, (uint)dims[i]));
        }
        return dims;
    }

    /// <summary>The product of the sizes, refused as soon as it passes the largest possible array.</summary>
    private static long Product(int[] dims, string path)
    {
        long product = 1;
        foreach (int d in dims)
        {
            product *= d; // both factors are at most 2^31, so this cannot overflow a long
            if (product > Array.MaxLength)
                throw new DataFormatException(path,
                    Localized.Format(Strings.IdxTooMany, Shape(dims), Array.MaxLength));
        }
        return product;
    }

    /// <summary>
    /// Compares what the header claims with what the file can hold: exactly for a raw file, and
    /// against deflate's largest possible expansion for a gzip'd one.
    /// </summary>
    private static void CheckLengthBeforeAllocating(string path, int magic, int[] dims, long length,
        bool gzip, long fileLength, long headerLength)
    {
        long bytesAfterHeader = fileLength - headerLength;
        if (!gzip && length > bytesAfterHeader)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxShortRaw, length, DataKind(magic), Shape(dims), bytesAfterHeader));
        long limit = fileLength * MaxGzipExpansion;
        if (gzip && length > limit)
            throw new DataFormatException(path,
                Localized.Format(Strings.IdxGzipTooSmall, length, DataKind(magic), Shape(dims), limit));
    }

    private const int TrailingProbe = 1 << 16;

    /// <summary>
    /// Counts the bytes after the declared data, reading at most 64 KiB (reading on also makes
    /// the gzip stream check its CRC).
    /// </summary>
    private static int CountTrailingBytes(Stream content)
    {
        var probe = new byte[4096];
        int total = 0;
        while (total < TrailingProbe)
        {
            int n = content.Read(probe);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string Shape(int[] dims) => string.Join(" x ", dims.Select(d => d.ToString("N0")));

    private static string DataKind(int magic) => magic switch
    {
        ImagesMagic => Strings.IdxKindPixel,
        LabelsMagic => Strings.IdxKindLabel,
        _ => Strings.IdxKindIdx,
    };

    private static string DescribeMagic(int magic) => magic switch
    {
        ImagesMagic => Strings.IdxMagicImages,
        LabelsMagic => Strings.IdxMagicLabels,
        _ => Localized.Format(Strings.IdxMagicOther, magic & 0xFF),
    };

    private static string SwapHint(int magic, int expected) =>
        (magic, expected) is (LabelsMagic, ImagesMagic) or (ImagesMagic, LabelsMagic)
            ? Localized.Format(Strings.IdxSwapHint, DescribeMagic(magic), DescribeMagic(expected))
            : "";
}
