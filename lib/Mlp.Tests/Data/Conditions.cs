namespace Mlp.Tests.Data;

/// <summary>A fact that needs Unix file permissions (chmod); skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "Needs Unix file permissions to make a folder read-only.";
    }
}

/// <summary>A fact about Linux only (its /proc, for instance); elsewhere reported as skipped, with the reason, not as passed.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute(string why)
    {
        if (!OperatingSystem.IsLinux()) Skip = $"Linux only: {why}";
    }
}

/// <summary>
/// A fact that needs the real MNIST files in the repository's data/mnist/. CI always has them;
/// on a fresh clone it is skipped, with a message saying how to get them.
/// </summary>
public sealed class RealMnistFactAttribute : FactAttribute
{
    public RealMnistFactAttribute()
    {
        if (RealMnist.MissingReason() is string why)
            Skip = why;
    }
}
