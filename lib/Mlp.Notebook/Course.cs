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
    }
}
