namespace Mlp.Charts.Contract;

/// <summary>
/// What the chart library draws, in plain types only (arrays, strings, numbers): each method returns a
/// chart as plotly.js figure JSON (<c>{"data":[...],"layout":{...}}</c>). Implemented by
/// <c>Mlp.Charts.Figures</c> in its own AssemblyLoadContext; called by <c>Mlp.Notebook.Charts</c>.
/// Nothing from Plotly.NET or FSharp.Core may appear here: this interface is loaded once, in the
/// default context, and shared by both sides.
/// </summary>
public interface IFigures
{
    /// <summary>Loss (left) and accuracy (right) per epoch, one line per data set (names[i] has losses[i] and
    /// accuracies[i]; a NaN marks a value that was not measured, a series that is all NaN is left out), and on the
    /// loss side the training loss within epochs (batchEpochs may be fractional) as a thin line; with logLoss, the
    /// loss axis on a log scale.</summary>
    string TrainingCurves(double[] epochs, string[] names, double[][] losses, double[][] accuracies,
                          double[] batchEpochs, double[] batchLosses, string batchName, string title, bool logLoss);

    /// <summary>Square grey-scale (or, with <paramref name="diverging"/>, red/blue around 0) images with captions.</summary>
    string ImageGrid(double[][] images, string[] captions, int columns, string title, bool diverging);

    /// <summary>Counts of (true class, predicted class) as an annotated heatmap.</summary>
    string ConfusionMatrix(int[][] counts, string[] classNames, string title);

    /// <summary>One line per series over the same x values; with <paramref name="logY"/>, on a log-scale y axis.</summary>
    string Lines(double[] x, double[][] ys, string[] names, string title, string xTitle, string yTitle, bool logY);

    /// <summary>A bar per category; the bar at <paramref name="highlight"/> (or none, for −1) stands out.</summary>
    string Bars(string[] categories, double[] values, int highlight, string title, string xTitle, string yTitle);

    /// <summary>Overlaid histograms of several series, as shares of their values.</summary>
    string Histograms(double[][] series, string[] names, int bins, string title, string xTitle);

    /// <summary>plotly.js itself (the copy Plotly.NET embeds), so pages and notebooks need no CDN.</summary>
    string PlotlyJs();

    /// <summary>Writes a chart made by this implementation in this process as a PNG or SVG file (by the
    /// extension), rendered in the headless Chromium at <paramref name="browser"/>. Returns the full path.</summary>
    string SaveImage(string figureJson, string path, int width, int height, string browser);
}
