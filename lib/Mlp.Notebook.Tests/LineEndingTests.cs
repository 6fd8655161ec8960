using System.Text.Json.Nodes;
using Mlp.Notebook.Tests.Infrastructure;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Git for Windows checks out with core.autocrlf=true by default, which would give every text file CRLF line
/// endings: every notebook untidy, .ci/run's "#!/usr/bin/env bash\r". The repository's .gitattributes keeps LF
/// on every OS; this test clones the committed branch the way such a Git would.
/// </summary>
public sealed class LineEndingTests
{
    [SkippableFact]
    public void A_clone_with_autocrlf_is_tidy_and_keeps_LF()
    {
        string repo = CourseNotebooks.Repository;
        Requires.That(Directory.Exists(Path.Combine(repo, ".git")) || File.Exists(Path.Combine(repo, ".git")),
            $"{repo} is not a git checkout (a downloaded archive?): there is nothing to clone.");
        string clone = Path.Combine(Path.GetTempPath(), $"mlp-crlf-{Guid.NewGuid():N}"[..20]);
        try
        {
            var cloned = Run.Process("git", ["-c", "core.autocrlf=true", "clone", "--quiet", "--config", "core.autocrlf=true", repo, clone], Path.GetTempPath());
            Assert.True(cloned.ExitCode == 0, cloned.Describe());

            // What `tidy --check` reads, with the clone as the repository (found from the current folder).
            var check = Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlp-notebooks.dll"), "tidy", "--check"], clone);
            Assert.True(check.ExitCode == 0, check.Describe());
            Assert.Contains("notebook(s) tidy.", check.Output);

            // What the tidy tests check (TidyTests), on the clone's files.
            string setup = Tidy.SetupCell(clone);
            var notebooks = Directory.GetFiles(Path.Combine(clone, "notebooks"), "*.ipynb");
            Assert.NotEmpty(notebooks);
            foreach (var path in notebooks)
            {
                string text = File.ReadAllText(path);
                Assert.DoesNotContain("\r", text);
                Assert.Equal(text, Tidy.Normalise(text, Path.GetFileName(path), setup));
                Assert.Equal(text, NotebookJson.Write(JsonNode.Parse(text)) + "\n");
            }
            foreach (var file in new[] { ".ci/run", "notebooks/setup.csx", "lib/Mlp.slnx", "README.md" })
                Assert.False(File.ReadAllText(Path.Combine(clone, file)).Contains('\r'), $"{file} was checked out with CRLF.");
        }
        finally
        {
            try { Directory.Delete(clone, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { } // git's read-only object files on Windows
        }
    }
}
