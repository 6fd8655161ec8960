using System.Text.Json.Nodes;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// The setup cell's moves on Windows: an antivirus, OneDrive or the search indexer holding a fresh DLL makes a move
/// fail for a moment with an IOException or an UnauthorizedAccessException. NTFS locking cannot be simulated here, so
/// notebooks/setup.csx's retry is tested as the kernel runs it: which exceptions it tries again, how often, and what
/// it says when it gives up.
/// </summary>
public sealed class SetupRetryTests
{
    [Fact]
    public async Task The_setup_cell_retries_access_denied_and_sharing_violations_and_nothing_else()
    {
        string folder = Path.Combine(CourseNotebooks.Folder, "out", $"retry-{Guid.NewGuid():N}"[..14]);
        Directory.CreateDirectory(folder);
        try
        {
            const string code = """
                int denied = 0, shared = 0;
                CourseSetup.Retrying("move a", () => { if (++denied < 4) throw new UnauthorizedAccessException("Access to the path is denied."); });
                CourseSetup.Retrying("move b", () => { if (++shared < 3) throw new System.IO.IOException("The process cannot access the file because it is being used by another process."); });
                Console.WriteLine($"denied {denied}, shared {shared}");
                int bug = 0;
                try { CourseSetup.Retrying("move c", () => { bug++; throw new InvalidOperationException("a bug"); }); }
                catch (InvalidOperationException) { Console.WriteLine($"a bug, tried {bug}"); }
                try { CourseSetup.Retrying("move d", () => throw new UnauthorizedAccessException("Access to the path 'd' is denied.")); }
                catch (System.IO.IOException e) { Console.WriteLine($"gave up: {e.Message}"); }
                """;
            string path = Path.Combine(folder, "retry.ipynb");
            File.WriteAllText(path, new JsonObject
            {
                ["cells"] = new JsonArray([.. new[] { "#load \"../../setup.csx\"", code }.Select(source => (JsonNode)new JsonObject
                {
                    ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = source,
                })]),
                ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5,
            }.ToJsonString());
            Repository.RestoreTools(CourseNotebooks.Repository);
            var result = await NotebookRunner.RunAsync(path);
            Assert.True(result.Succeeded, result.Describe());
            string output = result.Cells[^1].StandardOutput;
            Assert.Contains("denied 4, shared 3", output);
            Assert.Contains("a bug, tried 1", output);
            Assert.Contains("gave up: Could not move d in 9 tries over 6 seconds: Access to the path 'd' is denied. Something still holds the file", output);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
