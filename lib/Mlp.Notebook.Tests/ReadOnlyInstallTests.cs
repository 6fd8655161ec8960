using Mlp.Notebook.Tests.Infrastructure;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 11, case 3: a lab install. The teacher builds once (README, "Installing for a lab"); the students' checkout
/// is read-only. Root ignores file modes, so the checkout is made read-only the way a lab share is: a read-only
/// bind mount. The notebook runs with the library copied to a per-user folder, said once; the runner writes its
/// pages to a per-user folder and refuses an unwritable --out before running anything; `train` runs.
/// </summary>
public class ReadOnlyInstallTests
{
    [SkippableFact]
    public void A_read_only_checkout_runs_a_notebook_and_train()
    {
        Requires.That(Environment.UserName == "root", $"a read-only bind mount needs root (this is {Environment.UserName})");
        using var copy = new CourseCopy("lab");
        copy.CopyMnist();
        copy.WriteNotebook("lab.ipynb",
            "var split = Mlp.Data.DataLoader.Load();\nConsole.WriteLine($\"images: {split.Train.Count + split.Test.Count}\");",
            "LibraryCode.Show(\"Sigmoid.cs\")",
            "Charts.Sigmoid()");
        // The teacher's build (README): the notebook library, the runner and the command line.
        foreach (var project in new[] { "lib/Mlp.Notebook", "lib/Mlp.Runner", "lib/Mlp.Cli" })
        {
            var built = Run.Process("dotnet", ["build", project, "-c", "Release", "-nologo", "-v:q"], copy.Root);
            Assert.True(built.ExitCode == 0, $"{project}: {built.Describe()}");
        }

        string mounted = Directory.CreateTempSubdirectory("mlp-lab-ro-").FullName;
        string user = Directory.CreateTempSubdirectory("mlp-lab-user-").FullName; // the student's local application data
        var bind = Run.Process("mount", ["--bind", copy.Root, mounted], "/");
        Requires.That(bind.ExitCode == 0, $"mount --bind failed: {bind.Error.Trim()}");
        try
        {
            var remount = Run.Process("mount", ["-o", "remount,bind,ro", mounted], "/");
            Requires.That(remount.ExitCode == 0, $"remounting read-only failed: {remount.Error.Trim()}");
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(mounted, "notebooks", "probe"), "")); // really read-only, even for root

            var student = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = user, ["MLP_OFFLINE"] = "1" };
            string runner = Path.Combine(mounted, "lib", "Mlp.Runner", "bin", "Release", "net10.0", "mlp-notebooks.dll");

            // An unwritable --out is refused before any notebook runs.
            var refused = Run.Process("dotnet", [runner, "notebooks/lab.ipynb", "--out", Path.Combine(mounted, "out")], mounted, student);
            Assert.True(refused.ExitCode == 2, refused.Describe());
            Assert.Contains("Pass --out with a folder you can write to", refused.Error);
            Assert.DoesNotContain("[1/1]", refused.Output);

            // The notebook: library copy and pages in the per-user folder, each said once.
            var ran = Run.Process("dotnet", [runner, "notebooks/lab.ipynb"], mounted, student);
            Assert.True(ran.ExitCode == 0, ran.Describe());
            string pages = Directory.GetDirectories(Path.Combine(user, "mlp-course")).Single();
            Assert.Contains($"writing the executed notebooks to {Path.Combine(pages, "out")}", ran.Output);
            Assert.True(File.Exists(Path.Combine(pages, "out", "lab.html")), ran.Describe());
            var executed = Runner.Notebook.Load(Path.Combine(pages, "out", "lab.ipynb"));
            string setupOutput = string.Concat(executed.Cells.First(c => c.IsCode).Outputs.Select(o => o?.ToJsonString()));
            Assert.Contains("is read-only: this kernel keeps its copy of the library in", setupOutput);
            Assert.True(Directory.Exists(Path.Combine(pages, "kernel")), "the library's copy is in the per-user folder");
            Assert.Contains("images: 70000", executed.Cells.Select(c => string.Concat(c.Outputs.Select(o => o?["text"]?.ToString()))).Aggregate(string.Concat));

            // train, from the built DLL (dotnet run cannot write obj/ here).
            string cli = Directory.GetFiles(Path.Combine(mounted, "lib", "Mlp.Cli", "bin", "Release", "net10.0"), "*.runtimeconfig.json").Single().Replace(".runtimeconfig.json", ".dll");
            var train = Run.Process("dotnet", [cli, "train", "--epochs", "1", "--hidden", "16", "--seed", "1"], mounted, student);
            Assert.True(train.ExitCode == 0, train.Describe());
            Assert.Contains("\"test_accuracy\"", train.Output);
        }
        finally
        {
            Run.Process("umount", [mounted], "/");
            Directory.Delete(mounted);
            Directory.Delete(user, recursive: true);
        }
    }
}
