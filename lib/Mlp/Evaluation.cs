using System.Numerics;

namespace Mlp;

/// <summary>How well a trained network does: accuracy, confusion matrix, per-class accuracy, mistakes.</summary>
public static class Evaluation
{
    /// <summary>The predicted class of every sample, computed in chunks so memory stays small.</summary>
    public static int[] Predict<T>(Network<T> net, Matrix<T> X, int chunkSize = 2000)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var predicted = new int[X.Rows];
        ForEachChunk(net, X, chunkSize, new ChunkMemory<T>(), (start, a2) =>
        {
            for (int r = 0; r < a2.Rows; r++) predicted[start + r] = LinearAlgebra.ArgMax<T>(a2.Row(r));
        });
        return predicted;
    }

    /// <summary>
    /// The mean cross-entropy loss (<see cref="Maths.CrossEntropy{T}(ReadOnlySpan{int}, Matrix{T})"/>) and the
    /// accuracy of the network on a data set, from one forward pass in chunks. NaN for an empty set.
    /// </summary>
    public static (double Loss, double Accuracy) LossAndAccuracy<T>(Network<T> net, Dataset<T> data, int chunkSize = 2000)
        where T : unmanaged, IFloatingPointIeee754<T> => LossAndAccuracy(net, data, new ChunkMemory<T>(), chunkSize);

    /// <summary><see cref="LossAndAccuracy{T}(Network{T}, Dataset{T}, int)"/> in memory the caller keeps between calls (the trainer's, each epoch).</summary>
    internal static (double Loss, double Accuracy) LossAndAccuracy<T>(Network<T> net, Dataset<T> data, ChunkMemory<T> memory, int chunkSize = 2000)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Count == 0) return (double.NaN, double.NaN);
        double lossSum = 0;
        int correct = 0;
        ForEachChunk(net, data.X, chunkSize, memory, (start, a2) =>
        {
            var labels = data.Labels.AsSpan(start, a2.Rows);
            lossSum += double.CreateChecked(Maths.CrossEntropy(labels, a2)) * a2.Rows;
            for (int r = 0; r < a2.Rows; r++)
                if (LinearAlgebra.ArgMax<T>(a2.Row(r)) == labels[r]) correct++;
        });
        return (lossSum / data.Count, (double)correct / data.Count);
    }

    /// <summary>Runs the forward pass over the rows of X in chunks and hands each chunk's a2 (with its first row's index) to <paramref name="use"/>.</summary>
    private static void ForEachChunk<T>(Network<T> net, Matrix<T> X, int chunkSize, ChunkMemory<T> memory, Action<int, Matrix<T>> use)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int size = Math.Min(chunkSize, Math.Max(X.Rows, 1));
        if (memory.X is null || memory.X.Rows != size || memory.X.Cols != X.Cols) memory.X = new Matrix<T>(size, X.Cols);
        var step = memory.Step = TrainingStep<T>.For(net, size, memory.Step);
        for (int start = 0; start < X.Rows; start += size)
        {
            int rows = Math.Min(size, X.Rows - start);
            var part = rows == size ? memory.X : new Matrix<T>(rows, X.Cols);
            X.Data.AsSpan(start * X.Cols, rows * X.Cols).CopyTo(part.Data);
            var a2 = step.Forward(net, part); // the lesson's forward pass, or the engine's for float
            use(start, a2);
        }
    }

    /// <summary>A chunk of rows and the step that runs its forward pass, several MB: the trainer keeps one for its run, since it
    /// evaluates after every epoch and fresh ones each time would pile up as large-object garbage (about 8 MB an epoch,
    /// +130 MB peak memory over a 20-epoch run).</summary>
    internal sealed class ChunkMemory<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Matrix<T>? X;
        public TrainingStep<T>? Step;
    }

    /// <summary>Fraction of samples whose predicted class equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        RequireSameLength(predicted, labels);
        if (labels.Length == 0) return double.NaN;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    public static double Accuracy<T>(Network<T> net, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
        => Accuracy(Predict(net, data.X), data.Labels);

    /// <summary>counts[true, predicted]: row = true class, column = predicted class; the diagonal is correct.</summary>
    public static int[,] ConfusionMatrix(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels, int classes = 10)
    {
        RequireSameLength(predicted, labels);
        var counts = new int[classes, classes];
        for (int i = 0; i < labels.Length; i++) counts[labels[i], predicted[i]]++;
        return counts;
    }

    /// <summary>For each true class, the fraction of its samples predicted correctly (NaN for an absent class).</summary>
    public static double[] PerClassAccuracy(int[,] confusion)
    {
        int classes = confusion.GetLength(0);
        var result = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            int total = 0;
            for (int p = 0; p < classes; p++) total += confusion[c, p];
            result[c] = total == 0 ? double.NaN : (double)confusion[c, c] / total;
        }
        return result;
    }

    /// <summary>Indices of the samples the network got wrong, in order.</summary>
    public static int[] Misclassified(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        RequireSameLength(predicted, labels);
        var wrong = new List<int>();
        for (int i = 0; i < labels.Length; i++) if (predicted[i] != labels[i]) wrong.Add(i);
        return wrong.ToArray();
    }

    /// <summary>Everything above for one data set in one call.</summary>
    public static EvaluationReport Evaluate<T>(Network<T> net, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var predicted = Predict(net, data.X);
        var confusion = ConfusionMatrix(predicted, data.Labels, data.Classes);
        return new EvaluationReport(data.Name, Accuracy(predicted, data.Labels), confusion,
            PerClassAccuracy(confusion), Misclassified(predicted, data.Labels), predicted);
    }

    private static void RequireSameLength(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length)
            throw new ArgumentException(Localized.Format(Strings.PredictionsLabels, predicted.Length, labels.Length));
    }
}

/// <summary>The result of <see cref="Evaluation.Evaluate{T}"/>.</summary>
public sealed record EvaluationReport(
    string DataName, double Accuracy, int[,] Confusion, double[] PerClassAccuracy, int[] Misclassified, int[] Predicted)
{
    public override string ToString() =>
Localized.Format(Strings.Report, DatasetNames.Display(DataName), Accuracy, Misclassified.Length, Predicted.Length);
}
