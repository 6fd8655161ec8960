namespace Mlp.Data;

/// <summary>One source failed to deliver one file; the loader records it and tries the next source.</summary>
/// <param name="message">What went wrong, for the list of attempts in <see cref="DataUnavailableException"/>.</param>
/// <param name="unreachable">True when the server could not be reached or stalled: it is then skipped for the other files.</param>
/// <param name="inner">The low-level exception, if there was one.</param>
internal sealed class FetchException(string message, bool unreachable = false, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The server could not be reached or stalled.</summary>
    public bool Unreachable { get; } = unreachable;
}
