using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Mlp.Tests.Engine;

/// <summary>
/// A laptop without hardware FMA (an SSE-only Celeron; an AVX-only CPU) must not train slower on the
/// engine than on the readable code. .NET hides the CPU's AVX or AVX2 (and with it FMA) from a process
/// started with DOTNET_EnableAVX=0 or DOTNET_EnableAVX2=0, so the CLI is run as such a child process,
/// once on the engine and once with MLP_KERNELS=off, one MNIST epoch each.
/// </summary>
[Collection("MNIST")]
public sealed class CpuLevelTests
{
    [SkippableCpuFact("DOTNET_EnableAVX")]
    public void Without_AVX_the_engine_is_no_slower_than_the_readable_code_and_agrees_with_it() => Compare("DOTNET_EnableAVX");

    [SkippableCpuFact("DOTNET_EnableAVX2")]
    public void Without_AVX2_the_engine_is_no_slower_than_the_readable_code_and_agrees_with_it() => Compare("DOTNET_EnableAVX2");

    private static void Compare(string switchOff)
    {
        var engine = Train((switchOff, "0"));
        var readable = Train((switchOff, "0"), ("MLP_KERNELS", "off"));
        Assert.Contains("Engine: the fast engine, 128-bit vectors, multiply then add (no hardware FMA on this CPU: ", engine.Err);
        Assert.Contains("Engine: the lesson's readable code (MLP_KERNELS=off).", readable.Err);
        // The same numbers within the tolerance the engine is tested to (FastTrainingTests): the two paths round differently.
        Assert.InRange(engine.Loss - readable.Loss, -0.01, 0.01);
        Assert.InRange(engine.TestAccuracy - readable.TestAccuracy, -0.01, 0.01);
        Assert.True(engine.TestAccuracy > 0.85, $"test accuracy {engine.TestAccuracy}");
        // Measured here: 1.4-1.6 s against 3.0-3.1 s an epoch (with software FMA it was 43 s).
        Assert.True(engine.Seconds <= readable.Seconds,
            $"{switchOff}=0: an epoch took {engine.Seconds:F2} s on the engine, {readable.Seconds:F2} s on the readable code.");
    }

    private static (double Seconds, double Loss, double TestAccuracy, string Err) Train(params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll"), "train", "--epochs", "1", "--offline" })
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("MLP_KERNELS");
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); Assert.Fail("The CLI took more than 3 minutes for one epoch."); }
        Assert.True(p.ExitCode == 0, output + err.Result);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var r = json.RootElement;
        return (r.GetProperty("seconds_per_epoch_median").GetDouble(), r.GetProperty("train_loss").GetDouble(),
                r.GetProperty("test_accuracy").GetDouble(), err.Result);
    }
}

/// <summary>Runs on x64 with the real MNIST (DOTNET_EnableAVX/AVX2 mean nothing on arm64), and on a CPU that has what the switch hides.</summary>
public sealed class SkippableCpuFactAttribute : FactAttribute
{
    public SkippableCpuFactAttribute(string switchName)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) Skip = $"{switchName} hides x64 instruction sets; this is {RuntimeInformation.ProcessArchitecture}.";
        else if (!System.Runtime.Intrinsics.X86.Fma.IsSupported) Skip = "This CPU has no FMA already: the normal tests run the path without it.";
        else if (Data.RealMnist.MissingReason() is string why) Skip = why;
    }
}
