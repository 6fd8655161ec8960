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

    /// <summary>
    /// About how many bytes the gzip'd file takes, as the public mirrors serve it and the cache keeps
    /// it (for messages such as "need about 12 MB"); 0 when not known, and then <see cref="Size"/> is
    /// the estimate.
    /// </summary>
    public long DownloadSize { get; init; }

    /// <summary><see cref="DownloadSize"/> when known, else the decompressed <see cref="Size"/> (an upper bound).</summary>
    public long SpaceNeeded => DownloadSize > 0 ? DownloadSize : Size;
}
