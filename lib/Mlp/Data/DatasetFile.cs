namespace Mlp.Data;

/// <summary>
/// One file of a data set, with the size and MD5 of its decompressed content: those do not
/// depend on how (or whether) the file was gzip'd, so every good copy passes.
/// </summary>
/// <param name="Name">The file name without ".gz", for example "train-images-idx3-ubyte".</param>
/// <param name="Size">The length in bytes of the decompressed content.</param>
/// <param name="Md5">The MD5 of the decompressed content, 32 lower-case hex digits.</param>
public sealed record DatasetFile(string Name, long Size, string Md5)
{
    /// <summary>The name the mirrors serve and the cache keeps: <see cref="Name"/> + ".gz".</summary>
    public string GzipName => Name + ".gz";
}
