using System.Runtime.InteropServices;
using Mlp.Notebook.Tests.Infrastructure;

namespace Mlp.Notebook.Tests;

/// <summary>
/// On a CPU without hardware FMA (an SSE-only Celeron, an AVX-only laptop) training is slower than usual, and the setup
/// cell says so once, naming the path the engine takes. .NET hides AVX2 and FMA from a kernel started with
/// DOTNET_EnableAVX2=0, so the runner is run as a child process with it (its kernel inherits the variable).
/// </summary>
public sealed class EnginePathTests
{
    [SkippableFact]
    public void Without_FMA_the_setup_cell_says_once_which_path_training_takes()
    {
        Skip.If(RuntimeInformation.ProcessArchitecture != Architecture.X64, "DOTNET_EnableAVX2 hides x64 instruction sets.");
        Skip.IfNot(System.Runtime.Intrinsics.X86.Fma.IsSupported, "This CPU has no FMA already.");
        string folder = Path.Combine(CourseNotebooks.Folder, "out", $"nofma-{Guid.NewGuid():N}"[..14]), output = Path.Combine(folder, "out");
        Directory.CreateDirectory(folder);
        try
        {
            string notebook = Path.Combine(folder, "t.ipynb");
            File.WriteAllText(notebook, """
                {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "#load \"../../setup.csx\""},
                           {"cell_type": "code", "metadata": {}, "outputs": [], "source": "Mlp.Notebook.Course.Initialize(CourseSetup.Build);"}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """);
            Runner.Repository.RestoreTools(CourseNotebooks.Repository);
            var run = Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "mlp-notebooks.dll"), notebook, "--out", output], CourseNotebooks.Repository,
                new Dictionary<string, string?> { ["DOTNET_EnableAVX2"] = "0", ["MLP_KERNELS"] = null }, TimeSpan.FromMinutes(5));
            Assert.True(run.ExitCode == 0, run.Describe());
            string executed = File.ReadAllText(Path.Combine(output, "t.ipynb"));
            const string said = "Training runs the fast engine, 128-bit vectors, multiply then add (no hardware FMA on this CPU: AVX without FMA).";
            Assert.Single(executed.Split(said).Skip(1));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
