using System.Diagnostics;
using System.Text;

namespace Mlp.Notebook.Tests.Infrastructure;

/// <summary>
/// A fresh copy of the repository's committed and new files (what a clone of this working tree would hold: no
/// bin/, obj/, data or outputs) in a temporary folder, deleted afterwards.
/// </summary>
public sealed class CourseCopy : IDisposable
{
    public string Root { get; }

    public CourseCopy(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), $"mlp-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var files = Run.Process("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], CourseNotebooks.Repository);
        Assert.True(files.ExitCode == 0, files.Describe());
        foreach (var file in files.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            string from = Path.Combine(CourseNotebooks.Repository, file), to = Path.Combine(Root, file);
            if (!File.Exists(from)) continue; // deleted in the working tree
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
    }

    /// <summary>Copies the repository's data/mnist files in (as a finished download would have).</summary>
    public void CopyMnist()
    {
        string from = Path.Combine(CourseNotebooks.Repository, "data", "mnist"), to = Path.Combine(Root, "data", "mnist");
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*.gz")) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    /// <summary>A notebook of the setup cell and <paramref name="cells"/>, in the copy's notebooks/ folder.</summary>
    public string WriteNotebook(string name, params string[] cells)
    {
        string setup = Runner.Tidy.SetupCell(Root);
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["cells"] = new System.Text.Json.Nodes.JsonArray([.. new[] { setup }.Concat(cells).Select(source => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["cell_type"] = "code", ["metadata"] = new System.Text.Json.Nodes.JsonObject(), ["outputs"] = new System.Text.Json.Nodes.JsonArray(), ["source"] = source,
            })]),
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        string path = Path.Combine(Root, "notebooks", name);
        File.WriteAllText(path, Runner.Tidy.Normalise(json.ToJsonString(), name, setup));
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What a finished process gave.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error, TimeSpan Duration)
{
    public string Describe() => $"exit code {ExitCode} after {Duration.TotalSeconds:F1} s\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

public static class Run
{
    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>), capturing both streams.</summary>
    public static ProcessResult Process(string file, IEnumerable<string> args, string workingDirectory,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (error) error.AppendLine($"(killed after {clock.Elapsed.TotalSeconds:F0} s)");
        }
        process.WaitForExit();
        lock (output) lock (error) return new ProcessResult(process.ExitCode, output.ToString(), error.ToString(), clock.Elapsed);
    }
}

/// <summary>
/// Tests that need something of the machine (root, a mount, Jupyter, a browser): skipped with the reason where it
/// is missing, failed on this project's own CI, where it must be there. That CI is recognised by
/// <see cref="OwnCiVariable"/>, which .ci/run sets, not by CI=true, which GitHub's runners (and others) set
/// on machines that have none of it.
/// </summary>
public static class Requires
{
    /// <summary>Set to 1 by .ci/run.</summary>
    public const string OwnCiVariable = "MLP_COURSE_CI";

    public static bool OnOwnCi => Environment.GetEnvironmentVariable(OwnCiVariable) == "1";

    public static void That(bool condition, string reason)
    {
        if (condition) return;
        if (OnOwnCi) Assert.Fail($"On this project's CI ({OwnCiVariable}=1) this test must run, but: {reason}");
        Skip.If(true, reason);
    }
}
