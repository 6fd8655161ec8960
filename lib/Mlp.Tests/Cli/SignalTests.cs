using System.Diagnostics;
using System.Text.Json;
using Mlp.Cli;

namespace Mlp.Tests.Cli;

/// <summary>A fact that sends a real SIGINT to the CLI; skipped where that cannot work.</summary>
public sealed class SigintFactAttribute : FactAttribute
{
    public SigintFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Sends SIGINT with kill(1) and reads /proc: Linux only.";
        else if (SigintIgnored()) Skip = "This test host ignores SIGINT (started in the background by a shell?), and the CLI would inherit that.";
        else if (Data.RealMnist.MissingReason() is string why) Skip = why;
    }

    /// <summary>Bit 2 of SigIgn in /proc/self/status: SIGINT is ignored, as children of a background job inherit.</summary>
    private static bool SigintIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & (1UL << 1)) != 0;
    }
}

/// <summary>Ctrl+C in a real process: System.CommandLine must not take the signal over; training stops, saves, summarises, exits 130.</summary>
[Collection("MNIST")]
public sealed class SignalTests
{
    [SigintFact]
    public void Ctrl_C_in_a_real_process_keeps_saves_and_exits_130()
    {
        string model = Path.Combine(Path.GetTempPath(), $"mlp-sigint-{Guid.NewGuid():N}.mlp");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll"), "train", "--epochs", "100", "--hidden", "16", "--save", model, "--offline" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        try
        {
            var lines = new List<string>();
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null)
            {
                lines.Add(line);
                if (lines.Count == 1) Assert.Equal(0, Mount.Run("kill", "-INT", p.Id.ToString()).Exit);   // after the first epoch
            }
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
            Assert.True(p.ExitCode == CommandLine.Cancelled, error.Result);
            using var json = JsonDocument.Parse(lines[^1]);
            Assert.Equal("cancelled", json.RootElement.GetProperty("status").GetString());
            Assert.InRange(json.RootElement.GetProperty("epochs").GetInt32(), 1, 99);
            Assert.Equal(Path.GetFullPath(model), json.RootElement.GetProperty("saved_to").GetString());
            Assert.Equal("MNIST", ModelFile.LoadModel<float>(model, 784, 16, 10).Dataset);
            Assert.Contains("Training was cancelled", error.Result);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            File.Delete(model);
        }
    }
}
