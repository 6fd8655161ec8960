using System.Text;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// The runner's child processes behave on Windows as on Linux. What cannot be simulated here (a Windows console's
/// code page) is checked as the settings .NET documents: a redirected stream is decoded with
/// ProcessStartInfo.StandardOutputEncoding (etc.) when it is set, else with the console's code page on Windows.
/// </summary>
public sealed class ChildProcessTests
{
    [Fact]
    public void The_kernel_is_started_with_UTF8_without_a_BOM_on_its_three_streams()
    {
        var start = KernelSession.StartInfo(Path.GetTempPath());
        Assert.True(start.RedirectStandardInput && start.RedirectStandardOutput && start.RedirectStandardError);
        foreach (var encoding in new[] { start.StandardInputEncoding, start.StandardOutputEncoding, start.StandardErrorEncoding })
        {
            Assert.NotNull(encoding);
            Assert.Equal(Encoding.UTF8.CodePage, encoding.CodePage);
            Assert.Empty(encoding.GetPreamble());   // a BOM on stdin would reach the kernel as text before its first command
        }
    }

    [SkippableFact]
    public void A_child_that_fills_its_error_pipe_before_writing_output_does_not_hang_and_both_are_read_as_UTF8()
    {
        // 300 KB on stderr before a line on stdout: reading stdout to its end first (as RestoreTools once did) waits
        // forever, since the child blocks on the full stderr pipe. bash is on Linux and macOS, and in Git for Windows.
        bool bash = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, "bash")) || File.Exists(Path.Combine(d, "bash.exe")));
        Skip.IfNot(bash, "No bash on the PATH to play the child process.");
        var run = Task.Run(() => ChildProcess.Run("bash", ["-c", "for i in $(seq 1 3000); do printf '%0100d\\n' 0 >&2; done; printf 'σ→✅ done\\n'; exit 3"], Path.GetTempPath()));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "ChildProcess.Run hung on a child with a full stderr pipe.");
        var (exitCode, output, error) = run.Result;
        Assert.Equal(3, exitCode);
        Assert.Equal("σ→✅ done\n", output);
        Assert.Equal(3000 * 101, error.Length);
    }
}
