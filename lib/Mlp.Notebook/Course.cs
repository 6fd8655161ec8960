using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>What the setup cell of every notebook calls once the library is loaded.</summary>
public static class Course
{
    /// <summary>Registers the formatters and loads plotly.js into the notebook (once per run of the setup cell).</summary>
    public static void Initialize(string? build = null)
    {
        Formatters.Register();
        MisuseHints.Register();
        var context = KernelInvocationContext.Current;
        context?.DisplayAs(PlotlyJs.LoaderHtml(), "text/html");
        context?.DisplayAs($"Course library loaded{(build is null ? "" : $" (build {build})")}: namespaces Mlp, Mlp.Exercises, Mlp.Notebook.", "text/plain");
        if (!Kernels.Enabled || !Kernels.FusedMultiplyAdd)   // said once, where training is slower than usual (a CPU without FMA, or MLP_KERNELS=off)
            context?.DisplayAs($"Training runs {Kernels.PathDescription}.", "text/plain");
        WarmUpCharts();
    }

    /// <summary>Draws one empty chart in the background while the first cells run, so that the notebook's first chart does not
    /// wait about half a second for Plotly.NET's code to be compiled. Nothing is shown; should drawing fail, the first real
    /// chart fails the same way and says why.</summary>
    static void WarmUpCharts() => Task.Run(() =>
    {
        try { Charts.TrainingCurves(new TrainingHistory(new TrainingOptions())); }
        catch (Exception) { }
    });
}
