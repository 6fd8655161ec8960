namespace Mlp.Data;

/// <summary>
/// Thrown by <see cref="DataLoader"/> when a data set cannot be made available: files are missing
/// or damaged and could not be fetched from any source, or the data folder cannot be used.
/// </summary>
/// <remarks>
/// The message lists the folder, the files that are missing or damaged, every source tried with
/// its error, and how to put the files there by hand.
/// </remarks>
public sealed class DataUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full, multi-line explanation.</param>
    /// <param name="folder">The data folder the loader used.</param>
    /// <param name="fileNames">The files that are missing or damaged.</param>
    /// <param name="inner">The low-level exception, if there was one.</param>
    public DataUnavailableException(string message, string folder, IReadOnlyList<string> fileNames, Exception? inner = null)
        : base(message, inner)
    {
        Folder = folder;
        FileNames = fileNames;
    }

    /// <summary>The data folder the loader used.</summary>
    public string Folder { get; }

    /// <summary>The names of the files that are missing or damaged.</summary>
    public IReadOnlyList<string> FileNames { get; }
}
