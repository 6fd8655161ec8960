using System.Globalization;
using System.Numerics;

namespace Mlp.Notebook;

/// <summary>
/// One call per chart of the course, from the library's own types. Each returns a <see cref="PlotlyFigure"/>
/// that shows inline when a cell returns it (or via display(...)).
/// </summary>
public static class Charts
{
    static PlotlyFigure Figure(string json) => new(json);

    /// <summary>
    /// Loss and accuracy per epoch for the training set and, where measured, the validation and test sets; the
    /// training loss within epochs as a thin line (so a run that diverged before its first epoch ended still
    /// shows its loss). The title defaults to the run's options. The loss axis is on a log scale when the losses drawn
    /// span a decade or more (<see cref="SpansDecades"/>), as they do from the first batches (about ln 10 ≈ 2.3) to a
    /// trained network: on a linear axis the curve would be flat after its first epochs.
    /// </summary>
    public static PlotlyFigure TrainingCurves(TrainingHistory history, string? title = null)
    {
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        double[][] losses = [history.Losses, history.ValidationLosses, history.TestLosses];
        var batchLosses = history.LossSamples.Select(s => s.Loss).ToArray();
        return Figure(ChartsHost.Figures.TrainingCurves(
            epochs,
            [Strings.NbCharts01, Strings.NbCharts02, Strings.NbCharts03],
            losses,
            [history.TrainAccuracies, history.ValidationAccuracies, history.TestAccuracies],
            history.LossSamples.Select(s => s.Epoch).ToArray(), batchLosses,
            Strings.NbCharts04, Labels.Translate(title ?? history.Options.Describe()),
            logLoss: SpansDecades(losses.Append(batchLosses).SelectMany(v => v))));
    }

    /// <summary>Digits <paramref name="start"/>.. of a data set as heatmaps with their labels; hover shows pixel values.</summary>
    public static PlotlyFigure Digits<T>(Dataset<T> data, int count = 24, int start = 0, int columns = 8, string? title = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var indices = Enumerable.Range(start, Math.Clamp(count, 0, data.Count - start)).ToArray();
        return Images(indices.Select(i => Row(data.X, i)).ToArray(), indices.Select(i => $"#{i}: {data.Labels[i]}").ToArray(),
                      columns, title ?? string.Format(CultureInfo.InvariantCulture, Strings.NbCharts05, DatasetNames.Display(data.Name), start, start + indices.Length - 1), diverging: false);
    }

    /// <summary>Counts of (true class, predicted class) as an annotated heatmap.</summary>
    public static PlotlyFigure ConfusionMatrix(int[,] confusion, string? title = null)
    {
        int n = confusion.GetLength(0);
        var rows = Enumerable.Range(0, n).Select(r => Enumerable.Range(0, confusion.GetLength(1)).Select(c => confusion[r, c]).ToArray()).ToArray();
        var names = Enumerable.Range(0, Math.Max(n, confusion.GetLength(1))).Select(i => i.ToString()).ToArray();
        return Figure(ChartsHost.Figures.ConfusionMatrix(rows, names, Labels.Translate(title ?? Strings.NbCharts06)));
    }

    /// <inheritdoc cref="ConfusionMatrix(int[,], string)"/>
    public static PlotlyFigure ConfusionMatrix(EvaluationReport report) =>
        ConfusionMatrix(report.Confusion, string.Format(CultureInfo.InvariantCulture, Strings.NbCharts07, DatasetNames.Display(report.DataName), report.Accuracy));

    /// <summary>The first <paramref name="count"/> misclassified digits, captioned with true and predicted labels.</summary>
    public static PlotlyFigure Misclassified<T>(Dataset<T> data, EvaluationReport report, int count = 24, int columns = 8)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wrong = report.Misclassified.Take(count).ToArray();
        return Images(wrong.Select(i => Row(data.X, i)).ToArray(),
                      wrong.Select(i => string.Format(CultureInfo.InvariantCulture, Strings.NbCharts08, data.Labels[i], report.Predicted[i])).ToArray(), columns,
                      string.Format(CultureInfo.InvariantCulture, Strings.NbCharts09, wrong.Length, report.Misclassified.Length, DatasetNames.Display(report.DataName)), diverging: false);
    }

    /// <summary>Each hidden unit's 784 incoming weights (a column of W1) drawn as a 28x28 image:
    /// red pixels push the unit on, blue ones push it off.</summary>
    public static PlotlyFigure HiddenWeights<T>(Network<T> network, int count = 16, int columns = 8)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var W1 = network.W1;
        int units = Math.Min(count, W1.Cols);
        var images = Enumerable.Range(0, units)
            .Select(j => Enumerable.Range(0, W1.Rows).Select(i => double.CreateChecked(W1[i, j])).ToArray()).ToArray();
        return Images(images, Enumerable.Range(0, units).Select(j => string.Format(CultureInfo.InvariantCulture, Strings.NbChartsUnit, j)).ToArray(), columns,
                      string.Format(CultureInfo.InvariantCulture, Strings.NbCharts10, units, W1.Cols), diverging: true);
    }

    /// <summary>The sigmoid σ(z) = 1/(1+e^(−z)) and its derivative σ(z)(1−σ(z)).</summary>
    public static PlotlyFigure Sigmoid(double from = -8, double to = 8)
    {
        var z = Enumerable.Range(0, 201).Select(i => from + (to - from) * i / 200).ToArray();
        return Line(z, [("σ(z)", z.Select(Maths.Sigmoid).ToArray()), ("σ′(z)", z.Select(Maths.SigmoidDerivative).ToArray())],
                    Strings.NbCharts11, "z", Strings.NbChartsValue);
    }

    /// <summary>Row <paramref name="row"/> of a matrix of class probabilities (the network's softmax output) as bars;
    /// the bar of <paramref name="label"/> (for example the true class) is drawn in another colour.</summary>
    public static PlotlyFigure Probabilities<T>(Matrix<T> probabilities, int row = 0, int label = -1, string? title = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Probabilities(Row(probabilities, row), label, title);

    /// <inheritdoc cref="Probabilities{T}(Matrix{T}, int, int, string)"/>
    public static PlotlyFigure Probabilities(double[] probabilities, int label = -1, string? title = null) =>
        Bar(probabilities.Select((_, i) => i.ToString()).ToArray(), probabilities, title ?? Strings.NbCharts13, Strings.NbChartsClass, Strings.NbChartsProbability, label);

    /// <summary>Histograms of the weights of both layers (biases left out).</summary>
    public static PlotlyFigure WeightHistograms<T>(Network<T> network, int bins = 60, string? title = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Histogram([("W1", ToDoubles(network.W1.Data)), ("W2", ToDoubles(network.W2.Data))], title ?? Strings.NbChartsWeights, Strings.NbChartsWeight, bins);

    /// <summary>Lines over shared x values. <paramref name="logY"/> draws the y axis on a log scale; by default (null) it
    /// does so for a loss (a y title that names one) whose values span a decade or more, where a linear axis would leave
    /// the curve flat after its first few points.</summary>
    public static PlotlyFigure Line(double[] x, (string Name, double[] Y)[] series, string title = "", string xTitle = "", string yTitle = "",
                                    bool? logY = null) =>
        Figure(ChartsHost.Figures.Lines(
            x, series.Select(s => s.Y).ToArray(), Labels.Translate(series.Select(s => s.Name)), Labels.Translate(title), Labels.Translate(xTitle), Labels.Translate(yTitle),
            logY ?? (yTitle.Contains("loss", StringComparison.OrdinalIgnoreCase) && SpansDecades(series.SelectMany(s => s.Y)))));

    /// <summary>True when the positive finite values span a factor of 10 or more (then a log axis shows them better).</summary>
    public static bool SpansDecades(IEnumerable<double> values)
    {
        var positive = values.Where(v => double.IsFinite(v) && v > 0).ToArray();
        return positive.Length > 1 && positive.Max() / positive.Min() >= 10;
    }

    /// <summary>The error rate (1 − accuracy) of each class as bars, the worst in another colour. Near an accuracy of 1,
    /// bars of accuracy all look alike; their error rates differ several-fold.</summary>
    public static PlotlyFigure ErrorRates(EvaluationReport report, string? title = null)
    {
        var errors = report.PerClassAccuracy.Select(a => 100 * (1 - a)).ToArray();
        int worst = Array.IndexOf(errors, errors.Max());
        return Bar(errors.Select((_, i) => i.ToString()).ToArray(), errors,
                   title ?? string.Format(CultureInfo.InvariantCulture, Strings.NbChartsErrorRates, DatasetNames.Display(report.DataName), 1 - report.Accuracy),
                   Strings.NbChartsDigit, Strings.NbChartsErrorRate, worst);
    }

    /// <summary>One bar per category; the bar at <paramref name="highlight"/> (if any) in another colour.</summary>
    public static PlotlyFigure Bar(string[] categories, double[] values, string title = "", string xTitle = "", string yTitle = "", int highlight = -1) =>
        Figure(ChartsHost.Figures.Bars(Labels.Translate(categories), values, highlight, Labels.Translate(title), Labels.Translate(xTitle), Labels.Translate(yTitle)));

    /// <summary>Overlaid histograms with shared bins, each bar the share of its series' values in that bin.</summary>
    public static PlotlyFigure Histogram((string Name, double[] Values)[] series, string title = "", string xTitle = "", int bins = 50) =>
        Figure(ChartsHost.Figures.Histograms(
            series.Select(s => s.Values).ToArray(), Labels.Translate(series.Select(s => s.Name)), bins, Labels.Translate(title), Labels.Translate(xTitle)));

    /// <summary>Small square images (28x28 for MNIST) in a grid with captions.</summary>
    public static PlotlyFigure Images(double[][] images, string[] captions, int columns = 8, string title = "", bool diverging = false) =>
        Figure(ChartsHost.Figures.ImageGrid(images, Labels.Translate(captions), columns, Labels.Translate(title), diverging));

    /// <summary>
    /// Saves a chart as a PNG or SVG file (chosen by the extension) for slides, rendered by Plotly.NET.ImageExport
    /// in a local headless Chrome, Edge, Brave or Chromium (Mlp.Platform.Browser; MLP_BROWSER chooses one). Returns the full path.
    /// </summary>
    public static string SaveImage(PlotlyFigure chart, string path, int? width = null, int? height = null)
    {
        string browser = Mlp.Platform.Browser.Find() ?? throw new InvalidOperationException(Mlp.Platform.Browser.Advice(Strings.NbSaveImageNeed));
        return ChartsHost.Figures.SaveImage(
            chart.Json, path, width ?? chart.Width, height ?? chart.Height, browser);
    }

    internal static double[] Row<T>(Matrix<T> X, int row) where T : unmanaged, IFloatingPointIeee754<T> => ToDoubles(X.Row(row));

    static double[] ToDoubles<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = double.CreateChecked(values[i]);
        return result;
    }
}
