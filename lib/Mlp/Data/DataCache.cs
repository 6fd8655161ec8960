using System.Security.Cryptography;

namespace Mlp.Data;

/// <summary>
/// The folder that holds one data set's files: reads and verifies cached copies, sets bad ones
/// aside, and puts new ones in place atomically.
/// </summary>
/// <remarks>
/// Rules that keep the cache trustworthy: a file under its final name is only ever created by an
/// atomic rename of a fully written and verified temporary file; a file is never overwritten
/// (a rename onto an existing name fails instead); a bad file is renamed to
/// <c>&lt;name&gt;.bad-&lt;timestamp&gt;</c>, never deleted.
/// </remarks>
internal sealed class DataCache(string folder, DatasetInfo info)
{
    /// <summary>The folder's full path.</summary>
    public string Folder { get; } = folder;

    /// <summary>Where a downloaded file goes: <c>{folder}/{name}.gz</c>.</summary>
    public string PathOf(DatasetFile file) => Path.Combine(Folder, file.GzipName);

    /// <summary>
    /// The verified content of the cached copy of <paramref name="file"/>, or null if there is none.
    /// A copy is <c>{name}.gz</c> or, as gunzip leaves it, <c>{name}</c>. Each bad copy found is
    /// moved aside and described in <paramref name="problems"/>.
    /// </summary>
    /// <exception cref="DataUnavailableException">A bad copy cannot be moved aside (read-only folder).</exception>
    public IdxArray? TryLoad(DatasetFile file, List<string> problems)
    {
        while (FindExisting(file) is string path)
        {
            try
            {
                return ReadVerified(path, file);
            }
            catch (FileNotFoundException)
            {
                // Another process moved it aside meanwhile: look again.
            }
            catch (DataFormatException e)
            {
                string? aside = MoveAside(path, e);
                problems.Add(aside is null ? Localized.Format(Strings.CacheDamagedGone, Path.GetFileName(path), e.Problem)
                                           : Localized.Format(Strings.CacheDamagedAside, Path.GetFileName(path), e.Problem, Path.GetFileName(aside)));
            }
        }
        return null;
    }

    /// <summary>
    /// Reads <paramref name="path"/> and checks that its decompressed content has the canonical
    /// size and MD5 of <paramref name="file"/>, in the same single pass over the file.
    /// </summary>
    /// <exception cref="DataFormatException">The file is invalid or is not the canonical one.</exception>
    public IdxArray ReadVerified(string path, DatasetFile file)
    {
        bool images = file == info.TrainImages || file == info.TestImages;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        IdxArray content = IdxReader.Read(path, images ? IdxReader.ImagesMagic : IdxReader.LabelsMagic, md5, file.Size);
        if (images)
            IdxReader.CheckImageShape(content, info.Rows, info.Cols);
        string actual = Convert.ToHexStringLower(md5.GetHashAndReset());
        if (actual != file.Md5)
        {
            if (OtherDataSetsFile(file, actual) is var (name, other))
                throw new DataUnavailableException(Localized.Format(Strings.CacheOtherDataset, info.Name, path, other.Name, file.Name, name, other.FolderName),
                    Folder, [Path.GetFileName(path)]);
            throw new DataFormatException(path,
                Localized.Format(Strings.CacheMd5, actual, file.Name, file.Md5));
        }
        return content;
    }

    /// <summary>The built-in data set (other than this one) whose file of the same name has this MD5: a folder of
    /// the wrong data set, which must not be set aside as damaged.</summary>
    private (DatasetName, DatasetInfo)? OtherDataSetsFile(DatasetFile file, string md5)
    {
        foreach (var name in Enum.GetValues<DatasetName>())
        {
            var other = DatasetInfo.For(name);
            if (other.Name != info.Name && other.Files.Any(f => f.Name == file.Name && f.Md5 == md5)) return (name, other);
        }
        return null;
    }

    /// <summary>
    /// Creates a new, uniquely named temporary file beside the final one (same folder, so the final
    /// rename is atomic). Its name ends in ".part", so it never passes for a cached copy.
    /// </summary>
    /// <exception cref="DataUnavailableException">The folder is not writable.</exception>
    public (string Path, FileStream Stream) CreateTemporary(DatasetFile file)
    {
        string path = Path.Combine(Folder, $"{file.GzipName}.{Environment.ProcessId}-{Guid.NewGuid():N}.part");
        try
        {
            return (path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true));
        }
        catch (IOException e) when (DiskSpace.IsFull(e))
        {
            throw NoSpace(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(Localized.Format(Strings.CacheCannotCreate, e.Message), e);
        }
    }

    /// <summary>
    /// Renames a verified temporary file to its final name without ever replacing a file. If
    /// another process put a copy there first, that copy is kept when it verifies (and ours is
    /// deleted); a bad one is moved aside and ours takes its place.
    /// </summary>
    public void Place(string temporaryPath, DatasetFile file)
    {
        string target = PathOf(file);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                File.Move(temporaryPath, target, overwrite: false);
                return;
            }
            catch (IOException) when (File.Exists(target))
            {
            }
            try
            {
                ReadVerified(target, file);
                File.Delete(temporaryPath);
                return;
            }
            catch (DataFormatException e)
            {
                MoveAside(target, e);
            }
        }
        throw new IOException(Localized.Format(Strings.CachePlace, target));
    }

    /// <summary>The cached copy of the file, gzip'd name first; null if neither name exists.</summary>
    private string? FindExisting(DatasetFile file) =>
        new[] { file.GzipName, file.Name }.Select(n => Path.Combine(Folder, n)).FirstOrDefault(File.Exists);

    /// <summary>Renames a bad file to <c>{path}.bad-{timestamp}</c>; null if it is already gone.</summary>
    private string? MoveAside(string path, DataFormatException problem)
    {
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss");
        for (int i = 0; i < 100; i++)
        {
            string aside = $"{path}.bad-{stamp}{(i == 0 ? "" : $"-{i}")}";
            try
            {
                File.Move(path, aside, overwrite: false);
                return aside;
            }
            catch (FileNotFoundException)
            {
                return null; // another process moved it first
            }
            catch (IOException) when (File.Exists(aside))
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw NotWritable(Localized.Format(Strings.CacheMoveAsideFailed, Path.GetFileName(path), problem.Problem, e.Message), e);
            }
        }
        throw NotWritable(Localized.Format(Strings.CacheMoveAsideFull, Path.GetFileName(path), problem.Problem), problem);
    }

    /// <summary>
    /// The one-line message for a full disk: how much is free in the folder and about how much the
    /// files still missing need (<see cref="DatasetFile.SpaceNeeded"/>).
    /// </summary>
    public DataUnavailableException NoSpace(IOException e)
    {
        var missing = info.Files.Where(f => FindExisting(f) is null).ToArray();
        long need = missing.Sum(f => f.SpaceNeeded);
        string free = DiskSpace.FreeBytes(Folder) is long bytes ? Localized.Format(Strings.DiskFree, DiskSpace.Megabytes(bytes)) : "";
        return new DataUnavailableException(
            Localized.Format(Strings.CacheNoSpace, info.Name, Folder, free, DiskSpace.Megabytes(need),
                missing.Length == 1 ? Strings.CacheOneMissingFile : Localized.Format(Strings.CacheMissingFiles, missing.Length), DataDirectory.EnvironmentVariable),
            Folder, missing.Select(f => f.GzipName).ToArray(), e);
    }

    private DataUnavailableException NotWritable(string what, Exception inner) => new(
        Localized.Format(Strings.CacheNotWritable, info.Name, Folder, what, DataDirectory.EnvironmentVariable, string.Join(", ", info.Files.Select(f => f.GzipName))),
        Folder, info.Files.Select(f => f.GzipName).ToArray(), inner);
}
