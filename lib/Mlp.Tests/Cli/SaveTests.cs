using System.Text.Json;
using Mlp.Cli;

namespace Mlp.Tests.Cli;

/// <summary>
/// Issue 11, case 4: `train --save` to a path that cannot be written. The path is checked before
/// training (exit 3, a message naming the path, no epoch run); if saving still fails after
/// training, the JSON summary is printed and the model is saved to a fallback file that the message
/// names. Never a stack trace, never an error naming only a temporary file.
/// </summary>
[Collection("MNIST")]
public sealed class SaveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlp-save-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string[] Lines, string Err) Train(TextWriter? stdout, params string[] args)
    {
        var (o, e) = (stdout ?? new StringWriter(), new StringWriter());
        int exit = CommandLine.Run(["train", "--epochs", "1", "--hidden", "8", "--offline", .. args], o, e);
        return (exit, o.ToString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries), e.ToString());
    }

    private static void AssertRefusedBeforeTraining((int Exit, string[] Lines, string Err) r, string path, string reason)
    {
        Assert.Equal(CommandLine.DataProblem, r.Exit);
        Assert.Empty(r.Lines);                                     // no epoch ran, no summary: nothing was trained
        Assert.Contains($"Cannot save the model to '{path}'", r.Err);
        Assert.Contains(reason, r.Err);
        Assert.Contains("Nothing was trained", r.Err);
        Assert.DoesNotContain(".probe", r.Err);
        Assert.DoesNotContain("   at ", r.Err);                  // no stack trace
    }

    [Fact]
    public void A_folder_is_refused_before_training()
    {
        var r = Train(null, "--save", _dir);
        AssertRefusedBeforeTraining(r, _dir, "it is a folder");
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Mlp.Tests.Data.LinuxFact("/proc is Linux's")]
    public void A_path_under_proc_is_refused_before_training()
    {
        var r = Train(null, "--save", "/proc/model.mlp");
        AssertRefusedBeforeTraining(r, "/proc/model.mlp", "/proc");
    }

    [MountFact]
    public void A_full_disk_is_refused_before_training()
    {
        using var disk = Mount.Tmpfs(64 << 10);
        disk.Fill();
        string path = Path.Combine(disk.Path, "model.mlp");
        var r = Train(null, "--save", path);
        AssertRefusedBeforeTraining(r, path, "no space left in");
        Assert.Contains("need about", r.Err);
    }

    [MountFact]
    public void A_read_only_checkout_is_refused_before_training()
    {
        using var view = Mount.ReadOnlyView(_dir);
        string path = Path.Combine(view.Path, "model.mlp");
        var r = Train(null, "--save", path);
        AssertRefusedBeforeTraining(r, path, "not writable");
    }

    /// <summary>Runs <paramref name="act"/> once, the moment the first epoch line is written: a fault that appears during training.</summary>
    private sealed class OnFirstEpoch(Action act) : StringWriter
    {
        private bool _done;
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (!_done && value?.Contains("epoch 1/1") == true) { _done = true; act(); }
        }
    }

    private static void AssertKeptInFallback((int Exit, string[] Lines, string Err) r, string path)
    {
        Assert.Equal(CommandLine.DataProblem, r.Exit);
        using var json = JsonDocument.Parse(r.Lines[^1]);                 // the summary is still the last line
        var summary = json.RootElement;
        Assert.Equal("completed", summary.GetProperty("status").GetString());
        string savedTo = summary.GetProperty("saved_to").GetString()!;
        try
        {
            Assert.NotEqual(Path.GetFullPath(path), savedTo);
            Assert.Contains($"Cannot save the model to '{Path.GetFullPath(path)}'", r.Err);
            Assert.Contains($"saved to {savedTo} instead", r.Err);
            Assert.DoesNotContain(".tmp", r.Err);
            Assert.DoesNotContain("   at ", r.Err);
            var saved = ModelFile.LoadModel<float>(savedTo, 784, 8, 10);   // the trained network is there
            Assert.Equal("MNIST", saved.Dataset);
            Assert.NotEqual(Network<float>.Create(784, 8, 10, seed: 1).W1.Data, saved.Network.W1.Data);
        }
        finally { File.Delete(savedTo); }
    }

    [Fact]
    public void When_saving_fails_after_training_the_summary_is_printed_and_the_model_kept_in_a_fallback_file()
    {
        string path = Path.Combine(_dir, "model.mlp");
        var r = Train(new OnFirstEpoch(() => Directory.CreateDirectory(path)), "--save", path);   // the path became a folder meanwhile
        AssertKeptInFallback(r, path);
        Assert.Contains("it is a folder", r.Err);
    }

    [MountFact]
    public void When_the_disk_fills_during_training_the_summary_is_printed_and_the_model_kept_in_a_fallback_file()
    {
        using var disk = Mount.Tmpfs(1 << 20);
        string path = Path.Combine(disk.Path, "model.mlp");
        var r = Train(new OnFirstEpoch(() => disk.Fill()), "--save", path);
        AssertKeptInFallback(r, path);
        Assert.Contains("no space left in", r.Err);
        Assert.DoesNotContain(Directory.GetFiles(disk.Path), f => f.EndsWith(".tmp"));
    }

    [MountFact(NeedsMnist = true)]
    public void A_read_only_checkout_trains_and_refuses_a_save_inside_it_before_training()
    {
        // The whole repository seen read-only, as a lab install is; the built CLI run from inside it.
        string root = Path.GetDirectoryName(Mlp.Data.DataDirectory.FindRoot())!;
        using var view = Mount.ReadOnlyView(root);
        string dll = Path.Combine(view.Path, Path.GetRelativePath(root, Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll")));
        var offline = new Dictionary<string, string?> { ["MLP_OFFLINE"] = "1" };

        var (exit, stdout, stderr) = CliProcess.RunDll(dll, view.Path, offline, "train", "--epochs", "1", "--hidden", "8");
        Assert.True(exit == 0, stderr);
        Assert.Contains("\"status\":\"completed\"", stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);

        string inside = Path.Combine(view.Path, "model.mlp");
        var (exit2, stdout2, stderr2) = CliProcess.RunDll(dll, view.Path, offline, "train", "--epochs", "1", "--hidden", "8", "--save", inside);
        Assert.Equal(CommandLine.DataProblem, exit2);
        Assert.Equal("", stdout2);
        Assert.Contains($"Cannot save the model to '{inside}'", stderr2);
        Assert.Contains("not writable", stderr2);
    }
}
