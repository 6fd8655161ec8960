using Mlp.Notebook.Tests.Infrastructure;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// `mlp-notebooks doctor`, the check a teacher asks every student to run in the first minutes of a class: all its
/// lines here, and each item broken in turn (no data, a per-user folder that cannot be written, no browser, an old .NET),
/// named on its own line with what to do.
/// </summary>
public sealed class DoctorTests
{
    static readonly string[] Items = [".NET", "kernel", "course folder", "per-user folder", "data", "disk space", "CPU", "browser"];

    static ProcessResult Doctor(Dictionary<string, string?>? environment = null)
    {
        Repository.RestoreTools(CourseNotebooks.Repository);
        return Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlp-notebooks.dll"), "doctor"], CourseNotebooks.Repository, environment, TimeSpan.FromMinutes(2));
    }

    static string Line(ProcessResult r, string item) =>
        r.Output.Split('\n').Select(l => l.TrimEnd('\r')).SingleOrDefault(l => l.Length > 6 && l[6..].StartsWith(item + " "))
        ?? throw new Xunit.Sdk.XunitException($"No '{item}' line:\n{r.Describe()}");

    [Fact]
    public void On_this_machine_every_item_has_one_line_and_nothing_fails()
    {
        var r = Doctor();
        Assert.True(r.ExitCode == 0, r.Describe());
        foreach (var item in Items) Assert.DoesNotMatch("^FAIL", Line(r, item));
        Assert.StartsWith("ok    .NET            SDK 1", Line(r, ".NET"));
        Assert.Contains("dotnet-interactive 1.0.", Line(r, "kernel"));
        Assert.Contains($"{Mlp.Kernels.CpuLevel}, ", Line(r, "CPU"));
        Assert.Contains($"training runs {Mlp.Kernels.PathDescription}.", Line(r, "CPU"));
        Assert.Contains("Ready for class", r.Output);
    }

    [Fact]
    public void No_data_is_a_failure_that_names_the_folder_and_the_download_command()
    {
        string empty = Directory.CreateTempSubdirectory("mlp-nodata-").FullName;
        try
        {
            var r = Doctor(new() { ["MLP_DATA_DIR"] = empty });
            Assert.Equal(1, r.ExitCode);
            string line = Line(r, "data");
            Assert.StartsWith("FAIL  data", line);
            Assert.Contains($"MNIST is not in {Path.Combine(empty, "mnist")}: train-images-idx3-ubyte.gz", line);
            Assert.Contains("Fix: `dotnet run -c Release --project lib/Mlp.Cli -- download --dataset mnist`", line);
            Assert.Contains("1 problem(s) to fix before class", r.Output);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }

    [SkippableFact]
    public void A_per_user_folder_that_cannot_be_written_is_named()
    {
        // .NET takes Linux's per-user data folder from XDG_DATA_HOME; nothing can be created in /proc, not even by root.
        Skip.IfNot(OperatingSystem.IsLinux(), "Points XDG_DATA_HOME at /proc: Linux only.");
        var r = Doctor(new() { ["XDG_DATA_HOME"] = "/proc" });
        string line = Line(r, "per-user folder");
        Assert.StartsWith("warn  per-user folder /proc/mlp-course/", line);   // warn: this course folder is writable, so nothing needs it
        Assert.Contains("is not writable", line);
        Assert.Contains("Fix: make it writable", line);
    }

    [Fact]
    public void No_browser_is_a_warning_that_says_what_to_install()
    {
        var r = Doctor(new() { ["MLP_BROWSER"] = Path.Combine(Path.GetTempPath(), "no-such-browser") });
        Assert.True(r.ExitCode == 0, r.Describe());   // charts still show; only saving them as images needs one
        string line = Line(r, "browser");
        Assert.StartsWith("warn  browser", line);
        Assert.Contains($"MLP_BROWSER names {Path.Combine(Path.GetTempPath(), "no-such-browser")}, which does not exist", line);
        Assert.Contains("Ready for class, with 1 warning(s).", r.Output);
    }

    [SkippableFact]
    public void An_old_NET_SDK_is_a_failure_that_says_which_to_install()
    {
        // A `dotnet` that answers --version as .NET 8's SDK would (and passes everything else to the real one).
        if (OperatingSystem.IsWindows()) { Skip.If(true, "Plays the old dotnet with a shell script."); return; }
        string folder = Directory.CreateTempSubdirectory("mlp-olddotnet-").FullName, fake = Path.Combine(folder, "dotnet");
        try
        {
            File.WriteAllText(fake, $"#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then echo 8.0.404; exit 0; fi\nexec \"{Repository.Dotnet}\" \"$@\"\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var r = Doctor(new() { ["DOTNET_HOST_PATH"] = fake });
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("FAIL  .NET            SDK 8.0.404 is older than .NET 10, which the course needs. " +
                         "Fix: install the .NET 10 SDK or newer from https://dot.net (a newer major, such as .NET 11, works too).", Line(r, ".NET"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Theory]
    [InlineData("10.0.401", Runner.Doctor.Level.Ok)]
    [InlineData("11.0.100", Runner.Doctor.Level.Ok)]          // students have .NET 11: global.json rolls forward
    [InlineData("11.0.100-preview.3.25201.1", Runner.Doctor.Level.Ok)]
    [InlineData("9.0.300", Runner.Doctor.Level.Fail)]
    [InlineData("banana", Runner.Doctor.Level.Fail)]
    public void The_NET_line_accepts_10_and_newer(string version, Runner.Doctor.Level level) =>
        Assert.Equal(level, Runner.Doctor.DotnetItem(version, version).Level);

    [Fact]
    public void No_SDK_at_all_repeats_what_dotnet_said()
    {
        var item = Runner.Doctor.DotnetItem(null, "A compatible .NET SDK was not found.");
        Assert.Equal(Runner.Doctor.Level.Fail, item.Level);
        Assert.Contains("`dotnet --version` said \"A compatible .NET SDK was not found.\"", item.ToString());
        Assert.Contains("Fix: install the .NET 10 SDK", item.ToString());
    }
}
