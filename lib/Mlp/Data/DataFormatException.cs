namespace Mlp.Data;

/// <summary>
/// The one exception thrown for a data file whose content is wrong: not an IDX file, a wrong magic
/// number, impossible sizes, a truncated or corrupt file, trailing bytes, a checksum mismatch, or
/// an images file and a labels file that do not belong together.
/// </summary>
/// <remarks>
/// The message names the file, says what is wrong and what to do, for example:
/// <c>The data file 'data/mnist/train-images-idx3-ubyte.gz' is not usable: expected 47,040,000
/// bytes of pixel data, found 1,200: the file is truncated. Delete it and run again to
/// re-download it, or copy a good file there.</c>
/// Problems opening the file at all (it does not exist, no permission) stay the usual
/// <see cref="IOException"/> and <see cref="UnauthorizedAccessException"/>.
/// </remarks>
public sealed class DataFormatException : Exception
{
    /// <summary>What to do about a bad file, unless the thrower knows better.</summary>
    public static string DefaultAdvice => Strings.DataDefaultAdvice;

    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file that is wrong.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without a final full stop.</param>
    /// <param name="advice">What to do; <see cref="DefaultAdvice"/> when null.</param>
    /// <param name="inner">The low-level exception, if there was one.</param>
    public DataFormatException(string filePath, string problem, string? advice = null, Exception? inner = null)
        : base(Localized.Format(Strings.DataFileNotUsable, filePath, problem, advice ?? DefaultAdvice), inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The path of the file that is wrong, as it was given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>Just what is wrong, without the file name or the advice.</summary>
    public string Problem { get; }
}
