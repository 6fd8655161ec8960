using CsCheck;

namespace Mlp.Tests.Training;

/// <summary>
/// Property-based fuzzing of the model loader: random bytes and mutated valid files either load
/// (only an unchanged file can: any change breaks the SHA-256) or throw <see cref="ModelFormatException"/>,
/// never another exception, never hang, and never allocate more than the file could justify.
/// </summary>
public sealed class ModelFileFuzzTests
{
    private static readonly byte[] Valid = SmallModelFile();

    private static byte[] SmallModelFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlp-fuzz-{Guid.NewGuid():N}.mlp");
        try
        {
            ModelFile.Save(Network<float>.Create(5, 3, 2, seed: 1), path);
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int, Gen.Byte).Select((kind, at, value, b) =>
        {
            var f = (byte[])Valid.Clone();
            int i = at % f.Length;
            switch (kind)
            {
                case 0: f[i] ^= (byte)(b | 1); return f;                                   // flip bits
                case 1: return f[..i];                                                       // truncate
                case 2: BitConverter.GetBytes(value).CopyTo(f, 4 * (at % 6)); return f;      // rewrite a header field
                default: return [.. f, b];                                                   // append
            }
        });

    [Fact]
    public void Random_bytes_load_or_throw_the_documented_exception() =>
        Fuzz(Gen.Byte.Array[0, 200], 20_000);

    [Fact]
    public void Random_bytes_behind_a_valid_header_load_or_throw_the_documented_exception() =>
        Fuzz(Gen.Byte.Array[0, 300].Select(rest => (byte[])[.. Valid[..24], .. rest]), 20_000);

    [Fact]
    public void Mutated_model_files_load_or_throw_the_documented_exception() =>
        Fuzz(Mutated, 20_000);

    private static void Fuzz(Gen<byte[]> files, long iterations)
    {
        var run = Task.Run(() => files.Sample(LoadsOrThrowsModelFormatException, iter: iterations, threads: 1));
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "the loader hung (or is far too slow) on some input");
    }

    private static void LoadsOrThrowsModelFormatException(byte[] file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var net = ModelFile.Parse<double>(file, "fuzz.mlp");
            Assert.Equal(Valid, file); // only the untouched file can pass the checksum
            Assert.Equal(5 * 3 + 3 + 3 * 2 + 2, net.ParameterCount);
        }
        catch (ModelFormatException e)
        {
            Assert.Contains("fuzz.mlp", e.Message);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 * 1024 + 4L * file.Length, $"{allocated} bytes allocated for a {file.Length}-byte file");
    }
}
