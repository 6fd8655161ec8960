using System.Globalization;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>What the setup cell of every notebook calls once the library is loaded.</summary>
public static class Course
{
    /// <summary>
    /// Registers the formatters and loads plotly.js into the notebook (once per run of the setup cell). Sets the
    /// kernel's cultures: numbers always with a decimal point (the invariant culture, in any locale), and the
    /// language of what the library shows (<see cref="CultureInfo.CurrentUICulture"/>) to <paramref name="culture"/>:
    /// "en" for the English notebooks, "zh-TW" for notebooks/zh-TW/ (the .resx resources of each library).
    /// </summary>
    public static void Initialize(string? build = null, string? culture = null)
    {
        UseCultures(culture ?? "en");
        Formatters.Register();
        MisuseHints.Register();
        var context = KernelInvocationContext.Current;
        context?.DisplayAs(PlotlyJs.LoaderHtml(), "text/html");
        context?.DisplayAs(build is null ? Strings.LibraryLoaded : string.Format(CultureInfo.InvariantCulture, Strings.LibraryLoadedBuild, build), "text/plain");
        if (!Kernels.Enabled || !Kernels.FusedMultiplyAdd)   // said once, where training is slower than usual (a CPU without FMA, or MLP_KERNELS=off)
            context?.DisplayAs(string.Format(CultureInfo.InvariantCulture, Strings.TrainingRuns, Kernels.PathDescription), "text/plain");
        WarmUpCharts();
    }

    /// <summary>Numbers in the invariant culture and text in <paramref name="language"/>, for this submission and every later one.</summary>
    public static void UseCultures(string language)
    {
        var ui = CultureInfo.GetCultureInfo(language);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = ui;
        CultureInfo.CurrentUICulture = ui;
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
