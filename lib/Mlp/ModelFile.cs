using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Mlp;

/// <summary>
/// Saves and loads a trained network. The format (version 2), all integers little-endian:
/// <code>
/// offset  size  field
///  0      4     magic "MLPN"
///  4      4     format version (2)
///  8      4     bytes per number: 4 (float) or 8 (double)
/// 12      4     input size     16  4  hidden size     20  4  output size
/// 24      4     L: length of the data set's name (0: not recorded), at most 256
/// 28      L     the data set's name in UTF-8, e.g. "MNIST" or "Fashion-MNIST"
/// 28+L    …     W1, b1, W2, b2: the numbers of each matrix, row by row
/// end−32  32    SHA-256 of every byte before it
/// </code>
/// Version 1 files (no data-set field: the weights start at offset 24) still load, with the data
/// set unknown. A file is written to a temporary name and then renamed, so a crash never leaves
/// half a file under the real name; a failure to save names the real file, never the temporary
/// one. Loading checks everything before building the network, and any problem is a
/// <see cref="ModelFormatException"/> that names the file: never a half-loaded network.
/// </summary>
public static class ModelFile
{
    public const int Version = 2;
    private static readonly byte[] Magic = "MLPN"u8.ToArray();
    private const int HeaderSize = 24, ChecksumSize = 32, MaxDimension = 1 << 20, MaxDatasetName = 256;

    /// <summary>Saves <paramref name="net"/> to <paramref name="path"/>, recording the data set it was trained on (null: not recorded).</summary>
    /// <exception cref="ModelSaveException">The file could not be written; the message names <paramref name="path"/> and the reason.</exception>
    public static void Save<T>(Network<T> net, string path, string? dataset = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        byte[] bytes = Encode(net, dataset);
        string full = Path.GetFullPath(path);
        string temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            if (Directory.Exists(full)) throw new IOException(Localized.Format(Strings.ModelSaveFolder, Path.Combine(full, "model.mlp")));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ModelSaveException(full, Reason(e, full, temp, bytes.Length), e);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>The size in bytes of the file <see cref="Save{T}"/> writes for such a network.</summary>
    public static long SizeOf(int input, int hidden, int output, int bytesPerNumber = 4, string? dataset = null) =>
        HeaderSize + 4 + Encoding.UTF8.GetByteCount(dataset ?? "") +
        ((long)input * hidden + hidden + (long)hidden * output + output) * bytesPerNumber + ChecksumSize;

    /// <summary>
    /// Checks, before a long training run, that a model of <paramref name="bytes"/> bytes can be
    /// saved to <paramref name="path"/>: that it is not a folder, that its folder exists or can be
    /// made, that a file can be created there (a probe file, deleted at once) and that the disk has
    /// room for it (measured, or, where free space cannot be told, by writing a probe that large).
    /// </summary>
    /// <exception cref="ModelSaveException">It cannot; the message names <paramref name="path"/> and says why.</exception>
    public static void CheckCanSave(string path, long bytes)
    {
        string full = Path.GetFullPath(path);
        string probe = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
        try
        {
            if (Directory.Exists(full)) throw new IOException(Localized.Format(Strings.ModelSaveFolder, Path.Combine(full, "model.mlp")));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            // When the free space can be told, compare; otherwise write a file that large to find out.
            long? free = DiskSpace.FreeBytes(Path.GetDirectoryName(full)!);
            if (free < bytes) throw new IOException("No space left on device");
            var block = new byte[1 << 16];
            for (long left = free is null ? bytes : 1; left > 0; left -= block.Length)
                file.Write(block, 0, (int)Math.Min(block.Length, left));
            file.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ModelSaveException(full, Reason(e, full, probe, bytes), e);
        }
        finally
        {
            try { if (File.Exists(probe)) File.Delete(probe); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Why a write failed, in words that name the real file's folder rather than a temporary file.</summary>
    private static string Reason(Exception e, string full, string temporary, long need)
    {
        string folder = Path.GetDirectoryName(full)!;
        string message = e.Message.Replace(temporary, full);
        if (DiskSpace.IsFull(e))
            return Localized.Format(Strings.ModelSaveNoSpace, folder,
                DiskSpace.FreeBytes(folder) is long free ? Localized.Format(Strings.DiskFree, DiskSpace.Megabytes(free)) : "", DiskSpace.Megabytes(need));
        if (e is FileNotFoundException or DirectoryNotFoundException)
            return Localized.Format(Strings.ModelSaveCannotCreate, folder);
        if (e is UnauthorizedAccessException || message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) || message.Contains("denied", StringComparison.OrdinalIgnoreCase))
            return Localized.Format(Strings.ModelSaveNotWritable, folder, message.TrimEnd('.'));
        return message.TrimEnd('.');
    }

    private static byte[] Encode<T>(Network<T> net, string? dataset) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException(Strings.ModelLittleEndian);
        byte[] name = Encoding.UTF8.GetBytes(dataset ?? "");
        if (name.Length > MaxDatasetName) throw new ArgumentException(Localized.Format(Strings.ModelDatasetNameTooLong, name.Length, MaxDatasetName), nameof(dataset));
        using var buffer = new MemoryStream();
        var header = new byte[HeaderSize + 4];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Marshal.SizeOf<T>());
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), net.InputSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), net.HiddenSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), net.OutputSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), name.Length);
        buffer.Write(header);
        buffer.Write(name);
        foreach (var m in new[] { net.W1, net.b1, net.W2, net.b2 })
            buffer.Write(MemoryMarshal.AsBytes(m.Data.AsSpan()));
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    /// <summary>
    /// Loads a network saved by <see cref="Save{T}"/>, converting the numbers to T if needed.
    /// Give the sizes you expect to refuse a file made for another network.
    /// </summary>
    public static Network<T> Load<T>(string path, int? inputSize = null, int? hiddenSize = null, int? outputSize = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        LoadModel<T>(path, inputSize, hiddenSize, outputSize).Network;

    /// <summary>Like <see cref="Load{T}"/>, and also says which data set the network was trained on.</summary>
    public static SavedModel<T> LoadModel<T>(string path, int? inputSize = null, int? hiddenSize = null, int? outputSize = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Directory.Exists(path))
            throw new ModelFormatException(path, Strings.ModelLoadFolder);
        if (!File.Exists(path))
            throw new FileNotFoundException(Localized.Format(Strings.ModelLoadMissing, path), path);
        return Decode<T>(File.ReadAllBytes(path), path, inputSize, hiddenSize, outputSize);
    }

    /// <summary>Checks and decodes the bytes of a model file; <paramref name="path"/> is only used in messages.</summary>
    internal static Network<T> Parse<T>(byte[] bytes, string path, int? inputSize = null, int? hiddenSize = null, int? outputSize = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Decode<T>(bytes, path, inputSize, hiddenSize, outputSize).Network;

    private static SavedModel<T> Decode<T>(byte[] bytes, string path, int? inputSize, int? hiddenSize, int? outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        void Fail(string problem) => throw new ModelFormatException(path, problem);

        if (bytes.Length < HeaderSize + ChecksumSize) Fail(Localized.Format(Strings.ModelTooShort, bytes.Length));
        if (!bytes.AsSpan(0, 4).SequenceEqual(Magic)) Fail(Localized.Format(Strings.ModelMagic, Describe(bytes.AsSpan(0, 4))));
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version is not (1 or 2)) Fail(Localized.Format(Strings.ModelVersion, version, Version));
        int elementSize = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (elementSize is not (4 or 8)) Fail(Localized.Format(Strings.ModelElementSize, elementSize));
        int input = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        int output = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        foreach (var (name, value) in new[] { (Strings.ModelInput, input), (Strings.ModelHidden, hidden), (Strings.ModelOutput, output) })
            if (value < 1 || value > MaxDimension) Fail(Localized.Format(Strings.ModelSize, name, value, MaxDimension));

        int offset = HeaderSize, nameLength = 0;
        if (version >= 2)
        {
            if (bytes.Length < HeaderSize + 4 + ChecksumSize) Fail(Localized.Format(Strings.ModelTooShortForVersion, bytes.Length, version));
            nameLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(HeaderSize));
            if (nameLength < 0 || nameLength > MaxDatasetName) Fail(Localized.Format(Strings.ModelDatasetNameLength, nameLength, MaxDatasetName));
            offset = HeaderSize + 4 + nameLength;
        }
        long count = (long)input * hidden + hidden + (long)hidden * output + output;
        long expected = offset + count * elementSize + ChecksumSize;
        if (bytes.Length != expected)
            Fail(Localized.Format(Strings.ModelLength, input, hidden, output, expected, bytes.Length));
        var stored = bytes.AsSpan(bytes.Length - ChecksumSize);
        if (!SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumSize)).AsSpan().SequenceEqual(stored))
            Fail(Strings.ModelChecksum);
        if ((inputSize ?? input) != input || (hiddenSize ?? hidden) != hidden || (outputSize ?? output) != output)
            Fail(Localized.Format(Strings.ModelOtherNetwork, input, hidden, output, inputSize ?? input, hiddenSize ?? hidden, outputSize ?? output));
        string? dataset = null;
        if (nameLength > 0)
        {
            try { dataset = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, HeaderSize + 4, nameLength); }
            catch (DecoderFallbackException) { Fail(Strings.ModelDatasetNameUtf8); }
        }

        Matrix<T> Next(int rows, int cols)
        {
            var m = new Matrix<T>(rows, cols);
            for (int i = 0; i < m.Data.Length; i++, offset += elementSize)
                m.Data[i] = elementSize == 4
                    ? T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset)))
                    : T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset)));
            return m;
        }
        var W1 = Next(input, hidden); var b1 = Next(1, hidden);
        var W2 = Next(hidden, output); var b2 = Next(1, output);
        return new SavedModel<T>(new Network<T>(W1, b1, W2, b2), dataset, version);
    }

    private static string Describe(ReadOnlySpan<byte> head)
    {
        var sb = new StringBuilder();
        foreach (byte b in head) sb.Append($"{b:x2} ");
        return Localized.Format(Strings.ModelFound, sb.ToString().TrimEnd());
    }
}

/// <summary>A loaded model file: the network, the data set it was trained on (null: not recorded, as in version 1 files), and the file's format version.</summary>
public sealed record SavedModel<T>(Network<T> Network, string? Dataset, int Version) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>A model that could not be saved; the message names the file (never a temporary one) and the reason.</summary>
public sealed class ModelSaveException(string path, string problem, Exception? inner = null)
    : IOException(Localized.Format(Strings.ModelSaveFailed, path, problem), inner)
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}

/// <summary>A model file that cannot be loaded; the message names the file and the problem.</summary>
public sealed class ModelFormatException(string path, string problem)
    : Exception(Localized.Format(Strings.ModelLoadFailed, path, problem))
{
    public string FilePath { get; } = path;
}
