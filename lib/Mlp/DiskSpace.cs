namespace Mlp;

/// <summary>Recognises a full disk and measures free space, for messages that say what to do.</summary>
internal static class DiskSpace
{
    /// <summary>True when <paramref name="e"/> means the disk is full (ENOSPC on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows).</summary>
    public static bool IsFull(Exception e) =>
        e is IOException &&
        (e.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) ||
         e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase) ||
         e.Message.Contains("not enough space on the disk", StringComparison.OrdinalIgnoreCase));

    /// <summary>Bytes free for this user on the file system holding <paramref name="folder"/>; null if it cannot be told.</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"12.3 MB" (invariant culture).</summary>
    public static string Megabytes(long bytes) =>
        (bytes / 1e6).ToString(bytes < 10_000_000 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
