namespace Mlp.Runner;

static class Folders
{
    /// <summary>Null when a file can be created in <paramref name="folder"/> (made if missing); else why not.</summary>
    public static string? WhyNotWritable(string folder)
    {
        if (File.Exists(folder)) return "it is a file";
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".write-test-{Guid.NewGuid().ToString("N")[..8]}");   // short: deep OneDrive paths stay under 260 characters
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return e.Message.TrimEnd('.'); }
    }
}
