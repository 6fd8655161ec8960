using System.Diagnostics;
using System.Numerics;

namespace Mlp.Beyond;

/// <summary>The settings of one <see cref="DeepTrainer"/> run.</summary>
public sealed record DeepOptions
{
    /// <summary>η, the step size.</summary>
    public double LearningRate { get; init; } = 0.5;
    /// <summary>m, images per step.</summary>
    public int BatchSize { get; init; } = 100;
    public int Epochs { get; init; } = 10;
    /// <summary>Seeds the shuffle of every epoch.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>λ of the L2 penalty (λ/2) Σ ‖W‖², 0 for none.</summary>
    public double WeightDecay { get; init; }
    /// <summary>After each epoch, measure the training loss and accuracy on at most this many training images (0: not at all, NaN).</summary>
    public int TrainingSample { get; init; } = 10_000;

    public DeepOptions Validate()
    {
        if (!(LearningRate > 0 && double.IsFinite(LearningRate))) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, Localized.Format(Strings.DeepLearningRate, nameof(LearningRate)));
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, Localized.Format(Strings.AtLeastOne, nameof(BatchSize)));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, Localized.Format(Strings.AtLeastOne, nameof(Epochs)));
        if (TrainingSample < 0) throw new ArgumentOutOfRangeException(nameof(TrainingSample), TrainingSample, Localized.Format(Strings.DeepTrainingSample, nameof(TrainingSample)));
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay))) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, Localized.Format(Strings.ZeroOrMore, nameof(WeightDecay)));
        return this;
    }
}

/// <summary>
/// One epoch's figures. The training figures are measured after the epoch on the final network (on at most
/// <see cref="DeepOptions.TrainingSample"/> training images; NaN with 0), like the validation ones, so the two compare directly.
/// <see cref="GradientNorms"/>[l] is ‖dW[l]‖ (Frobenius, without the L2 term), averaged over the epoch's steps.
/// </summary>
public sealed record DeepEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy,
    double[] GradientNorms, double Seconds);

/// <summary>
/// Minibatch SGD for a <see cref="DeepNetwork{T}"/>, in the readable code: for each shuffled batch, the forward pass, the
/// general δ recursion and the update, with the L2 term when <see cref="DeepOptions.WeightDecay"/> is set. Not the fast
/// engine: it runs any depth, activation and loss, and it is slower (it runs on one thread).
/// </summary>
public static class DeepTrainer
{
    /// <summary>
    /// Trains <paramref name="net"/> in place for <see cref="DeepOptions.Epochs"/> epochs and returns each epoch's figures
    /// (the validation ones NaN without <paramref name="validation"/>).
    /// <paramref name="onEpoch"/> may return false to stop early (the history keeps that epoch).
    /// <paramref name="stepNorms"/>, when given, receives ‖dW[l]‖ of every layer after every step.
    /// </summary>
    public static List<DeepEpoch> Fit<T>(DeepNetwork<T> net, Dataset<T> train, Dataset<T>? validation, DeepOptions options,
        Func<DeepEpoch, bool>? onEpoch = null, Action<double[]>? stepNorms = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        options.Validate();
        if (train.Features != net.W[1].Rows || train.Classes != net.W[^1].Cols)
            throw Shapes.Mismatch(Strings.ShapeDeepFit, net.W[1].Rows, net.W[^1].Cols, train.Name, train.Features, train.Classes);
        var rng = new PortableRandom(options.Seed, stream: 1);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var trainSample = options.TrainingSample == 0 ? null : train.Count <= options.TrainingSample ? train : train.Take(options.TrainingSample);
        var history = new List<DeepEpoch>();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            long started = Stopwatch.GetTimestamp();
            rng.Shuffle(order);
            var norms = new double[net.Layers + 1];
            int steps = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                var batch = train.Subset(order[start..Math.Min(start + options.BatchSize, order.Length)]);
                var pass = net.Forward(batch.X);
                var g = net.Backward(pass, batch.Y);
                var stepNorm = new double[net.Layers + 1];
                for (int l = 1; l <= net.Layers; l++) stepNorm[l] = Norm(g.dW[l]);
                stepNorms?.Invoke(stepNorm);
                for (int l = 1; l <= net.Layers; l++) norms[l] += stepNorm[l];
                if (options.WeightDecay != 0) net.AddWeightDecay(g, options.WeightDecay);   // dW[l] += λ·W[l]
                net.Update(g, options.LearningRate);
                steps++;
            }
            for (int l = 1; l <= net.Layers; l++) norms[l] /= steps;
            var (trainLoss, trainAccuracy) = trainSample is null ? (double.NaN, double.NaN) : LossAndAccuracy(net, trainSample);
            var (validationLoss, validationAccuracy) = validation is null ? (double.NaN, double.NaN) : LossAndAccuracy(net, validation);
            var stats = new DeepEpoch(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, norms[1..],
                Stopwatch.GetElapsedTime(started).TotalSeconds);
            history.Add(stats);
            if ((validation is not null && !double.IsFinite(validationLoss)) || onEpoch?.Invoke(stats) == false) break;
        }
        return history;
    }

    /// <summary>The data loss (without the L2 penalty) and the accuracy on <paramref name="data"/>, in chunks of 2,000 images.</summary>
    public static (double Loss, double Accuracy) LossAndAccuracy<T>(DeepNetwork<T> net, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double loss = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += 2000)
        {
            var chunk = data.Subset(Enumerable.Range(start, Math.Min(2000, data.Count - start)).ToArray());
            var output = net.Forward(chunk.X).Output;
            loss += double.CreateChecked(net.Loss(chunk.Y, output)) * chunk.Count;
            var predicted = LinearAlgebra.ArgMaxRows(output);
            for (int i = 0; i < predicted.Length; i++) if (predicted[i] == chunk.Labels[i]) correct++;
        }
        return (loss / data.Count, (double)correct / data.Count);
    }

    /// <summary>The Frobenius norm √(Σ w²).</summary>
    public static double Norm<T>(Matrix<T> M) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T v in M.Data) sum += double.CreateChecked(v * v);
        return Math.Sqrt(sum);
    }
}
