using System.Diagnostics;
using System.Text;
using Mlp.Notebook.Tests.Infrastructure;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 21: the runner under a class's faults, tried as users meet them. A signal to the runner (an IDE's stop button,
/// `timeout`, a closed terminal, SIGKILL) leaves no kernel behind; a full disk and a read-only home folder each end in one
/// clear message, without a stack trace. These start kernels (about 10 s each) and the full-disk build about 90 s: slow.
/// </summary>
[Trait("Category", "Slow")]
public class RunnerFaultTests
{
    static string RunnerDll => Path.Combine(AppContext.BaseDirectory, "mlp-notebooks.dll");

    static string Notebook(string folder, string name, params string[] cells)
    {
        Directory.CreateDirectory(folder);
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["cells"] = new System.Text.Json.Nodes.JsonArray([.. cells.Select(source => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["cell_type"] = "code", ["metadata"] = new System.Text.Json.Nodes.JsonObject(), ["outputs"] = new System.Text.Json.Nodes.JsonArray(), ["source"] = source,
            })]),
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>The processes whose environment holds <paramref name="mark"/> (the runner passes its environment on to its kernel).</summary>
    static List<int> Marked(string mark)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId) continue;
            try { if (File.ReadAllText(Path.Combine(dir, "environ")).Contains(mark, StringComparison.Ordinal)) found.Add(pid); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    [SkippableTheory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    [InlineData("KILL", 137)]
    public void A_signal_to_the_runner_in_the_middle_of_a_notebook_leaves_no_kernel(string signal, int exitCode)
    {
        Requires.That(OperatingSystem.IsLinux() && File.Exists("/proc/self/environ"), "needs Linux's /proc");
        string folder = Directory.CreateTempSubdirectory("mlp-signal-").FullName;
        string mark = $"MLP_SIGNAL_TEST={Guid.NewGuid():N}";
        try
        {
            string notebook = Notebook(folder, "loop.ipynb", "Console.WriteLine(\"started\");", "while (true) { } // 100% of a core until stopped");
            // env --default-signal: a test host started in the background ignores SIGINT, and its children would inherit that.
            var start = new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", RunnerDll, notebook, "--out", Path.Combine(folder, "out")])
            {
                WorkingDirectory = CourseNotebooks.Repository, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.Environment["MLP_SIGNAL_TEST"] = mark.Split('=')[1];
            using var runner = Process.Start(start)!;
            var output = new StringBuilder();
            var error = new StringBuilder();
            runner.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            runner.ErrorDataReceived += (_, e) => { lock (error) error.AppendLine(e.Data); };
            runner.BeginOutputReadLine();
            runner.BeginErrorReadLine();
            // Cell 1 done: the endless loop of cell 2 runs now.
            var clock = Stopwatch.StartNew();
            while (!output.ToString().Contains("cell 1/2") || !output.ToString().Contains("ok ("))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3) && !runner.HasExited, $"the first cell did not finish: {output}{error}");
                Thread.Sleep(200);
            }
            Thread.Sleep(1500);
            Assert.NotEmpty(Marked(mark)); // the kernel runs (and the runner)

            var sent = Run.Process("kill", [$"-{signal}", runner.Id.ToString()], "/");
            Assert.True(sent.ExitCode == 0, sent.Describe());
            Assert.True(runner.WaitForExit(TimeSpan.FromSeconds(10)), $"the runner did not exit within 10 s of SIG{signal}");
            runner.WaitForExit();
            Assert.Equal(exitCode, runner.ExitCode);
            if (signal != "KILL") Assert.Contains($"Stopped by SIG{signal}; the notebook kernel was stopped too.", error.ToString());

            var left = Marked(mark);
            for (int i = 0; i < 20 && left.Count > 0; i++) { Thread.Sleep(250); left = Marked(mark); }
            Assert.True(left.Count == 0, $"left running after SIG{signal}: " + string.Join(", ", left.Select(p => File.ReadAllText($"/proc/{p}/cmdline").Replace('\0', ' '))));
        }
        finally
        {
            foreach (int pid in Marked(mark)) try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
            Directory.Delete(folder, recursive: true);
        }
    }

    static bool IsRoot => Environment.UserName == "root";

    static void RequireBwrap() =>
        Requires.That(IsRoot && File.Exists("/usr/bin/bwrap"), "needs root and bubblewrap (bwrap) to give the runner a read-only home folder");

    [SkippableFact]
    public void A_read_only_home_folder_gives_one_clear_line_and_the_notebook_runs()
    {
        RequireBwrap();
        string folder = Directory.CreateTempSubdirectory("mlp-rohome-").FullName;
        try
        {
            string notebook = Notebook(folder, "hi.ipynb", "Console.WriteLine(\"hi from the kernel\");");
            string home = Path.Combine(folder, "home"), packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget");
            Directory.CreateDirectory(Path.Combine(home, ".nuget"));
            string[] Bwrap(bool withTools) =>
            [
                "--bind", "/", "/", "--ro-bind", home, home, .. withTools ? new[] { "--ro-bind", packages, Path.Combine(home, ".nuget") } : [],
                "--dev", "/dev", "--proc", "/proc", "--setenv", "HOME", home, "--unsetenv", "DOTNET_HOST_PATH", "--unsetenv", "NUGET_PACKAGES",
                "--unsetenv", "DOTNET_CLI_HOME", "--unsetenv", "XDG_DATA_HOME", "--unsetenv", "XDG_CACHE_HOME", "--unsetenv", "XDG_CONFIG_HOME",
                "dotnet", RunnerDll, notebook, "--out", Path.Combine(folder, "out"),
            ];

            // The kernel tool restored for this user (the usual case): one line, then the notebook runs.
            var ran = Run.Process("bwrap", Bwrap(withTools: true), CourseNotebooks.Repository);
            Assert.True(ran.ExitCode == 0, ran.Describe());
            Assert.Contains($"Your home folder {home} is read-only", ran.Output);
            Assert.DoesNotContain("   at ", ran.Output + ran.Error);
            Assert.Contains("hi from the kernel", File.ReadAllText(Path.Combine(folder, "out", "hi.ipynb")));

            // Never restored, and it cannot be: one clear message, no stack trace.
            var refused = Run.Process("bwrap", Bwrap(withTools: false), CourseNotebooks.Repository);
            Assert.True(refused.ExitCode == 1, refused.Describe());
            Assert.Contains("is on a read-only file system. The notebook kernel tool is not installed for this user", refused.Error);
            Assert.DoesNotContain("   at ", refused.Output + refused.Error);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>A tmpfs of <paramref name="size"/> at a new folder (root only), unmounted when disposed.</summary>
    sealed class SmallDisk : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("mlp-small-disk-").FullName;

        public SmallDisk(string size)
        {
            var mount = Run.Process("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", Root], "/");
            Requires.That(mount.ExitCode == 0, $"mounting a tmpfs failed: {mount.Error.Trim()}");
        }

        /// <summary>Fills what is left with one file.</summary>
        public void Fill()
        {
            using var file = File.Create(Path.Combine(Root, "filler"));
            var block = new byte[64 * 1024];
            try { while (true) file.Write(block); }
            catch (IOException) { }
        }

        public void Dispose()
        {
            Run.Process("umount", [Root], "/");
            Directory.Delete(Root, recursive: true);
        }
    }

    [SkippableFact]
    public void A_full_disk_for_the_output_gives_one_clear_message()
    {
        Requires.That(IsRoot, "mounting a small tmpfs needs root");
        using var disk = new SmallDisk("1m");
        string folder = Directory.CreateTempSubdirectory("mlp-full-").FullName;
        try
        {
            string notebook = Notebook(folder, "hi.ipynb", "Console.WriteLine(\"hi\");");
            disk.Fill();
            var ran = Run.Process("dotnet", [RunnerDll, notebook, "--out", Path.Combine(disk.Root, "out")], CourseNotebooks.Repository);
            Assert.True(ran.ExitCode == 1, ran.Describe());
            Assert.Contains($"The disk is full where {Path.Combine(disk.Root, "out", "hi.ipynb")} is written", ran.Error);
            Assert.Contains("or write elsewhere (--out FOLDER on another disk)", ran.Error);
            Assert.DoesNotContain("   at ", ran.Output + ran.Error);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [SkippableFact]
    public void A_full_disk_while_the_setup_cell_builds_the_library_gives_one_clear_message_not_MSBuild_retries()
    {
        Requires.That(IsRoot, "mounting a small tmpfs needs root");
        using var disk = new SmallDisk("8m"); // the course's sources (3.5 MB tracked, with both editions and the vendored reveal.js) fit; its build does not
        using (var copy = new CourseCopy("full"))
        {
            foreach (var file in Directory.GetFiles(copy.Root, "*", SearchOption.AllDirectories))
            {
                string to = Path.Combine(disk.Root, Path.GetRelativePath(copy.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }
        var setup = CourseNotebooks.Load("02-sigmoid.ipynb").Cells.First(c => c.IsCode).Source;
        string notebook = Notebook(Path.Combine(disk.Root, "notebooks"), "setup-only.ipynb", setup);
        string output = Directory.CreateTempSubdirectory("mlp-full-out-").FullName;
        try
        {
            var ran = Run.Process("dotnet", [RunnerDll, notebook, "--out", output], disk.Root);
            Assert.True(ran.ExitCode == 1, ran.Describe());
            Assert.Matches($@"code cell 1 \(#!csharp\): The disk is full where {System.Text.RegularExpressions.Regex.Escape(disk.Root)}/lib/\S+ is written", ran.Output);
            Assert.DoesNotContain("MSB3026", ran.Output + ran.Error);
            Assert.DoesNotContain("   at ", ran.Output + ran.Error);
        }
        finally { Directory.Delete(output, recursive: true); }
    }
}
