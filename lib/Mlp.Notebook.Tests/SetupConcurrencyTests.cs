using Mlp.Notebook.Tests.Infrastructure;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 11, case 1: several kernels running the setup cell at once (two notebooks opened together, several
/// runners) must all load the library, on a fresh clone and after any mishap, and leave nothing broken behind.
/// </summary>
public class SetupConcurrencyTests
{
    const int Kernels = 4;

    [Fact]
    public async Task Four_setup_cells_at_once_all_succeed_on_a_fresh_clone_and_in_every_later_state()
    {
        using var copy = new CourseCopy("concurrent");
        Repository.RestoreTools(copy.Root);
        var notebooks = Enumerable.Range(1, Kernels)
            .Select(i => copy.WriteNotebook($"kernel{i}.ipynb", "var m = new Matrix<float>(2, 3);\nConsole.WriteLine($\"cells: {m.Rows * m.Cols}\");"))
            .ToArray();
        string bin = Path.Combine(copy.Root, "lib", "Mlp.Notebook", "bin"), kernel = Path.Combine(bin, "kernel");

        // 1. A fresh clone: nothing is built; one kernel builds while the others wait for it.
        await AllSucceed("fresh clone");

        // 2. The state issue 11 found after a race: kernel/<hash>/ holding only charts/, beside an old shared .partial folder.
        string build = Builds(kernel).Single();
        foreach (var file in Directory.GetFiles(build)) File.Delete(file);
        Assert.True(Directory.Exists(Path.Combine(build, "charts")));
        Directory.CreateDirectory(build + ".partial");
        await AllSucceed("half-made copy");

        // 3. No copy at all: four copies race to be moved into place.
        Directory.Delete(kernel, recursive: true);
        File.Delete(Path.Combine(bin, "load.csx"));
        await AllSucceed("no copy");

        // 4. A source file newer than the build: all four see a stale build at once; one rebuilds.
        File.SetLastWriteTimeUtc(Path.Combine(copy.Root, "lib", "Mlp", "Matrix.cs"), DateTime.UtcNow);
        Directory.Delete(kernel, recursive: true);
        await AllSucceed("stale build");

        // Nothing left behind but one complete copy (temporary folders are this process's own and moved or deleted).
        string only = Builds(kernel).Single();
        Assert.True(File.Exists(Path.Combine(only, "copy.complete")));
        Assert.DoesNotContain(Directory.GetDirectories(kernel), d => Path.GetFileName(d).Contains(".tmp-"));   // (named <hash>.tmp-<8 hex digits>)

        async Task AllSucceed(string state)
        {
            var results = await Task.WhenAll(notebooks.Select(n => NotebookRunner.RunAsync(n)));
            foreach (var result in results)
            {
                Assert.True(result.Succeeded, $"{state}: {result.Describe()}");
                Assert.Contains("cells: 6", result.Cells[^1].StandardOutput);
            }
        }
    }

    static string[] Builds(string kernel) => Directory.GetDirectories(kernel).Where(d => !Path.GetFileName(d).Contains('.')).ToArray();
}
