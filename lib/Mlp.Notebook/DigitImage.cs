using System.IO.Compression;
using System.Numerics;

namespace Mlp.Notebook;

/// <summary>
/// A digit as a grayscale PNG (ink dark on white, each pixel drawn as <see cref="Scale"/>×<see cref="Scale"/>).
/// Shows as an image/png output, which renders everywhere: VS Code, Jupyter, GitHub, no JavaScript needed.
/// </summary>
public sealed record DigitImage(byte[] Pixels, int Width, int Height, string Caption, int Scale = 5)
{
    /// <summary>Row <paramref name="index"/> of a data set (values in [0, 1]) with its label as caption.</summary>
    public static DigitImage From<T>(Dataset<T> data, int index, int scale = 5) where T : unmanaged, IFloatingPointIeee754<T> =>
        FromValues(Charts.Row(data.X, index), $"#{index}: label {data.Labels[index]}", scale);

    /// <summary>A square image from values in [0, 1] (0 = background).</summary>
    public static DigitImage FromValues(double[] values, string caption = "", int scale = 5)
    {
        int side = Side(values.Length);
        return new DigitImage(values.Select(ToByte).ToArray(), side, side, caption, scale);
    }

    /// <summary>The PNG file's bytes.</summary>
    public byte[] ToPng() => Png.Grayscale(Pixels, Width, Height, Scale, invert: true);

    public string ToBase64() => Convert.ToBase64String(ToPng());

    public override string ToString() => $"Digit image {Width}×{Height}" + (Caption.Length > 0 ? $" ({Caption})" : "");

    static byte ToByte(double v) => (byte)Math.Round(255 * Math.Clamp(v, 0, 1));

    static int Side(int length) =>
        (int)Math.Sqrt(length) is var s && s * s == length ? s : throw new ArgumentException($"{length} values do not make a square image.");
}

/// <summary>A minimal PNG writer: 8-bit grayscale, no interlacing.</summary>
internal static class Png
{
    public static byte[] Grayscale(byte[] pixels, int width, int height, int scale, bool invert)
    {
        int w = width * scale, h = height * scale;
        var raw = new byte[h * (w + 1)]; // each scanline starts with filter type 0
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                byte v = pixels[(y / scale) * width + x / scale];
                raw[y * (w + 1) + 1 + x] = invert ? (byte)(255 - v) : v;
            }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, (uint)w);
        WriteBigEndian(header, 4, (uint)h);
        header[8] = 8; // bit depth; colour type 0 (grayscale), compression, filter, interlace all 0
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        var buffer = new byte[12 + data.Length];
        WriteBigEndian(buffer, 0, (uint)data.Length);
        for (int i = 0; i < 4; i++) buffer[4 + i] = (byte)type[i];
        data.CopyTo(buffer, 8);
        WriteBigEndian(buffer, 8 + data.Length, Crc32(buffer.AsSpan(4, 4 + data.Length)));
        s.Write(buffer);
    }

    static void WriteBigEndian(byte[] b, int at, uint v)
    {
        b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
    }

    static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
