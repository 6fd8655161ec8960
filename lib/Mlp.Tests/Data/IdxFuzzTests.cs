using CsCheck;
using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>
/// Property-based fuzzing of the IDX reader with CsCheck: random bytes and mutated valid files
/// (raw and gzip'd) either parse or throw <see cref="DataFormatException"/>, never another
/// exception, never hang, and never allocate more than the file could justify.
/// </summary>
public sealed class IdxFuzzTests
{
    private const long Slack = 64 << 10; // buffers of the reader and of the gzip stream

    /// <summary>A small valid images or labels file.</summary>
    private static readonly Gen<byte[]> ValidFile =
        Gen.Select(Gen.Int[0, 5], Gen.Int[1, 6], Gen.Int[1, 6], Gen.Bool, Gen.Int)
            .Select((count, rows, cols, labels, seed) => labels ? Idx.Labels(count) : Idx.Images(count, rows, cols, seed));

    /// <summary>Sizes that break things: zero, one, boundaries, and absurd ones.</summary>
    private static readonly Gen<int> NastyInt = Gen.OneOf(
        Gen.Int, Gen.Int[-2, 300], Gen.Const(int.MaxValue), Gen.Const(int.MinValue),
        Gen.Const(1_000_000_000), Gen.Const(0x00000803), Gen.Const(0x00000801));

    /// <summary>A valid file changed in one way: a flipped byte, a cut, an insertion, a rewritten header field, extra bytes.</summary>
    private static readonly Gen<byte[]> MutatedContent =
        Gen.Select(ValidFile, Gen.Int[0, 4], Gen.Int[0, int.MaxValue], NastyInt, Gen.Byte)
            .Select(Mutate);

    /// <summary>A mutated or valid file, gzip'd, then possibly damaged in its compressed form.</summary>
    private static readonly Gen<byte[]> MutatedGzip =
        Gen.Select(Gen.OneOf(ValidFile, MutatedContent), Gen.Int[0, 4], Gen.Int[0, int.MaxValue], NastyInt, Gen.Byte)
            .Select((content, kind, at, value, b) => Mutate(Idx.Gzip(content), kind == 3 ? 0 : kind, at, value, b));

    private static byte[] Mutate(byte[] file, int kind, int at, int value, byte b)
    {
        int i = file.Length == 0 ? 0 : at % file.Length;
        return kind switch
        {
            0 when file.Length > 0 => file.Select((x, j) => j == i ? (byte)(x ^ (b | 1)) : x).ToArray(),
            1 => file[..(at % (file.Length + 1))],
            2 => [.. file[..i], b, .. file[i..]],
            3 when file.Length >= 8 => Idx.WithInt(file, 4 * (at % (file.Length / 4)), value),
            _ => [.. file, b, .. file[..Math.Min(3, file.Length)]],
        };
    }

    [Fact]
    public void Random_bytes_parse_or_throw_the_documented_exception() =>
        Fuzz(Gen.Byte.Array[0, 64], iterations: 20_000);

    [Fact]
    public void Random_bytes_after_a_valid_magic_number_parse_or_throw_the_documented_exception() =>
        Fuzz(Gen.Select(Gen.Int[1, 4], Gen.Byte.Array[0, 64]).Select((rank, rest) => (byte[])[0, 0, 8, (byte)rank, .. rest]),
            iterations: 20_000);

    [Fact]
    public void Mutated_raw_files_parse_or_throw_the_documented_exception() =>
        Fuzz(MutatedContent, iterations: 20_000);

    [Fact]
    public void Mutated_gzip_files_parse_or_throw_the_documented_exception() =>
        Fuzz(MutatedGzip, iterations: 5_000);

    /// <summary>Runs the property on many samples, within a time limit that catches a hang.</summary>
    private static void Fuzz(Gen<byte[]> files, long iterations)
    {
        Task run = Task.Run(() => files.Sample(ParsesOrThrowsDataFormatException, iter: iterations, threads: 1));
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "the reader hung (or is far too slow) on some input");
    }

    private static void ParsesOrThrowsDataFormatException(byte[] file)
    {
        bool gzip = file is [0x1f, 0x8b, ..];
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            IdxArray content = IdxReader.Read(new MemoryStream(file), "fuzz.idx", expectedMagic: null, hash: null);
            if (!gzip)
                Assert.Equal(file.Length, content.ContentLength); // a raw file parses only if exactly right
            Assert.Equal(content.Data.LongLength, content.Dimensions.Aggregate(1L, (p, d) => p * d));
        }
        catch (DataFormatException e)
        {
            Assert.Equal("fuzz.idx", e.FilePath);
            Assert.False(string.IsNullOrWhiteSpace(e.Problem));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long justified = (gzip ? file.Length * IdxReader.MaxGzipExpansion : file.Length) + Slack;
        Assert.True(allocated <= justified, $"allocated {allocated:N0} bytes for a file of {file.Length:N0}");
    }
}
