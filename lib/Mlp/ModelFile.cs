using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Mlp;

/// <summary>
/// Saves and loads a trained network. The format (version 1), all integers little-endian:
/// <code>
/// offset  size  field
///  0      4     magic "MLPN"
///  4      4     format version (1)
///  8      4     bytes per number: 4 (float) or 8 (double)
/// 12      4     input size     16  4  hidden size     20  4  output size
/// 24      …     W1, b1, W2, b2: the numbers of each matrix, row by row
/// end−32  32    SHA-256 of every byte before it
/// </code>
/// A file is written to a temporary name and then renamed, so a crash never leaves half a file
/// under the real name. Loading checks everything before building the network, and any problem
/// is a <see cref="ModelFormatException"/> that names the file: never a half-loaded network.
/// </summary>
public static class ModelFile
{
    public const int Version = 1;
    private static readonly byte[] Magic = "MLPN"u8.ToArray();
    private const int HeaderSize = 24, ChecksumSize = 32, MaxDimension = 1 << 20;

    public static void Save<T>(Network<T> net, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(net);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        int elementSize = Marshal.SizeOf<T>();

        using var buffer = new MemoryStream();
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), elementSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), net.InputSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), net.HiddenSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), net.OutputSize);
        buffer.Write(header);
        foreach (var m in new[] { net.W1, net.b1, net.W2, net.b2 })
        {
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Saving models needs a little-endian machine.");
            buffer.Write(MemoryMarshal.AsBytes(m.Data.AsSpan()));
        }
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));

        string temp = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                buffer.Position = 0;
                buffer.CopyTo(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Loads a network saved by <see cref="Save{T}"/>, converting the numbers to T if needed.
    /// Give the sizes you expect to refuse a file made for another network.
    /// </summary>
    public static Network<T> Load<T>(string path, int? inputSize = null, int? hiddenSize = null, int? outputSize = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No model file at '{path}'. Save one first with ModelFile.Save (or `mlp train --save FILE`).", path);
        return Parse<T>(File.ReadAllBytes(path), path, inputSize, hiddenSize, outputSize);
    }

    /// <summary>Checks and decodes the bytes of a model file; <paramref name="path"/> is only used in messages.</summary>
    internal static Network<T> Parse<T>(byte[] bytes, string path, int? inputSize = null, int? hiddenSize = null, int? outputSize = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        void Fail(string problem) => throw new ModelFormatException(path, problem);

        if (bytes.Length < HeaderSize + ChecksumSize) Fail($"it is {bytes.Length} bytes long, too short to be a model file (truncated?).");
        if (!bytes.AsSpan(0, 4).SequenceEqual(Magic)) Fail($"it does not start with \"MLPN\" ({Describe(bytes.AsSpan(0, 4))}): it is not a model file.");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version != Version) Fail($"it has format version {version}, but this library reads version {Version}.");
        int elementSize = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (elementSize is not (4 or 8)) Fail($"it says each number has {elementSize} bytes; only 4 (float) and 8 (double) exist.");
        int input = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        int output = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        foreach (var (name, value) in new[] { ("input", input), ("hidden", hidden), ("output", output) })
            if (value < 1 || value > MaxDimension) Fail($"its {name} size is {value}, outside 1..{MaxDimension}.");

        long count = (long)input * hidden + hidden + (long)hidden * output + output;
        long expected = HeaderSize + count * elementSize + ChecksumSize;
        if (bytes.Length != expected)
            Fail($"a {input}→{hidden}→{output} network needs {expected:N0} bytes, but the file has {bytes.Length:N0} (truncated or padded).");
        var stored = bytes.AsSpan(bytes.Length - ChecksumSize);
        if (!SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumSize)).AsSpan().SequenceEqual(stored))
            Fail("its SHA-256 checksum does not match its contents: the file was changed or damaged after it was saved.");
        if ((inputSize ?? input) != input || (hiddenSize ?? hidden) != hidden || (outputSize ?? output) != output)
            Fail($"it holds a {input}→{hidden}→{output} network, but a {inputSize ?? input}→{hiddenSize ?? hidden}→{outputSize ?? output} network was expected.");

        int offset = HeaderSize;
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
        return new Network<T>(W1, b1, W2, b2);
    }

    private static string Describe(ReadOnlySpan<byte> head)
    {
        var sb = new StringBuilder("found ");
        foreach (byte b in head) sb.Append($"{b:x2} ");
        return sb.ToString().TrimEnd();
    }
}

/// <summary>A model file that cannot be loaded; the message names the file and the problem.</summary>
public sealed class ModelFormatException(string path, string problem)
    : Exception($"Cannot load the model file '{path}': {problem}")
{
    public string FilePath { get; } = path;
}
