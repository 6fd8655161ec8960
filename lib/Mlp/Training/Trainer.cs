using System.Diagnostics;
using System.Numerics;

namespace Mlp;

/// <summary>
/// Trains a <see cref="Network{T}"/> by the lesson's loop (lib/Mlp/Lesson/07-Training.cs), either on the whole training set at
/// once (full batch, as the lesson does) or on shuffled minibatches (minibatch SGD, much faster), and
/// adds what a run needs around it: a history, evaluation after each epoch, a guard, cancellation, memory checks.
/// Buffers are allocated once per run, not per batch. Training stops within one batch when the
/// token is cancelled, keeping the weights learned so far and the history. It stops with
/// <see cref="TrainingDivergedException"/> only when training really diverges: a loss that is NaN or
/// infinite, or a running mean of the batch losses over <see cref="TrainingOptions.DivergenceWindow"/>
/// samples above <see cref="TrainingOptions.DivergenceLoss"/> (see <see cref="DivergenceGuard"/>).
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Network<T> Network { get; }
    public TrainingOptions Options { get; }
    public TrainingHistory History { get; }

    private BatchBuffers<T>? _batches;
    private TrainingStep<T>? _step;
    private Network<T>? _lastGood;
    private readonly Evaluation.ChunkMemory<T> _evaluation = new(); // kept between epochs
    private readonly DivergenceGuard _guard;

    public Trainer(Network<T> network, TrainingOptions options)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        History = new TrainingHistory(options);
        _guard = new DivergenceGuard(Options.DivergenceLoss, Options.DivergenceWindow);
    }

    /// <summary>
    /// One line when training runs the lesson's code instead of the fast engine because a step of the lesson was
    /// edited (the engine checks itself against the lesson before it runs: <see cref="FastEngine.Difference"/>), else null. Show it once.
    /// </summary>
    public string? Notice => typeof(T) == typeof(float) && FastEngine.Door is { On: true } engine
        ? engine.Difference(Network.InputSize, Network.HiddenSize, Network.OutputSize) : null;

    /// <summary>A new network of the options' hidden size, initialised from the options' seed, and its trainer.</summary>
    /// <exception cref="InsufficientMemoryException">The network and its training buffers would not fit in memory (checked before allocating).</exception>
    public static Trainer<T> Create(TrainingOptions options, int inputSize = 784, int outputSize = 10)
    {
        options.Validate();
        MemoryEstimate.ThrowIfTooLarge<T>(inputSize, options.Hidden, outputSize, options.FullBatch ? 60_000 : options.BatchSize);
        return new(Network<T>.Create(inputSize, options.Hidden, outputSize, options.Seed), options);
    }

    /// <summary>
    /// Runs <see cref="TrainingOptions.Epochs"/> epochs and returns the history. After each epoch it measures
    /// the loss and accuracy on <paramref name="validation"/> (the data to choose settings on) and, when
    /// <see cref="TrainingOptions.EvaluateTestEachEpoch"/> is set, on <paramref name="test"/>.
    /// </summary>
    public TrainingHistory Fit(Dataset<T> train, Dataset<T>? test = null, Action<EpochStats>? onEpoch = null,
        CancellationToken cancellationToken = default, Dataset<T>? validation = null)
    {
        RequireShape(train);
        if (validation is not null) RequireShape(validation);
        if (test is not null) RequireShape(test);
        if (train.Count == 0) throw new ArgumentException(Localized.Format(Strings.TrainNoSamples, train.Name), nameof(train));
        int batchSize = Options.FullBatch ? train.Count : Math.Min(Options.BatchSize, train.Count);
        MemoryEstimate.ThrowIfTooLarge(Network, batchSize);

        // The work memory is kept between calls, so Fit one epoch at a time allocates it only once.
        if (_batches is null || !_batches.Fits(train, batchSize))
            _batches = new BatchBuffers<T>(train, batchSize, Options.FullBatch, Options.Seed);
        var batches = _batches;
        var step = _step = TrainingStep<T>.For(Network, batchSize, _step); // the lesson's step, or the fast engine for float when it computes the same
        var lastGood = _lastGood ??= Network.Clone();
        T learningRate = T.CreateChecked(Options.LearningRate);
        History.StopReason = StopReason.Running;
        int firstEpoch = History.Count + 1;
        int samplesPerLossPoint = Math.Max(1, train.Count / TrainingHistory.LossSamplesPerEpoch);

        for (int epoch = firstEpoch; epoch < firstEpoch + Options.Epochs; epoch++)
        {
            long started = Stopwatch.GetTimestamp();
            lastGood.CopyFrom(Network);
            double lossSum = 0;
            int correct = 0, seen = 0, batchNumber = 0;
            var lossPoint = (Sum: 0.0, Samples: 0);
            History.StartLossSamples((train.Count + samplesPerLossPoint - 1) / samplesPerLossPoint + 1);

            foreach (var batch in batches.Epoch())
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Stop(StopReason.Cancelled, Localized.Format(Strings.TrainCancelled, epoch, batchNumber, batches.Count, History.Count));
                    return History;
                }
                var (X, Y) = (batch.X, batch.Y);
                double loss = double.CreateChecked(step.Step(Network, batch, learningRate, out var a2)); // Maths.TrainStep, or the engine's same step
                if (_guard.Observe(loss, X.Rows) is { } diverged)
                {
                    if (double.IsFinite(loss)) AddLossPoint(epoch, seen + X.Rows, train.Count, (lossPoint.Sum + loss * X.Rows, lossPoint.Samples + X.Rows));
                    Diverge(epoch, batchNumber, batches.Count, diverged, lastGood);
                }

                lossSum += loss * X.Rows;
                correct += CountCorrect(a2, batch.Labels);
                seen += X.Rows;
                batchNumber++;
                lossPoint = (lossPoint.Sum + loss * X.Rows, lossPoint.Samples + X.Rows);
                if (lossPoint.Samples >= samplesPerLossPoint || seen == train.Count)
                {
                    AddLossPoint(epoch, seen, train.Count, lossPoint);
                    lossPoint = (0, 0);
                }
            }
            if (!AllFinite(Network)) Diverge(epoch, batchNumber - 1, batches.Count, "the weights became NaN or infinite", lastGood);

            var (validationLoss, validationAccuracy) = validation is not null ? Evaluation.LossAndAccuracy(Network, validation, _evaluation) : (double.NaN, double.NaN);
            var (testLoss, testAccuracy) = test is not null && Options.EvaluateTestEachEpoch ? Evaluation.LossAndAccuracy(Network, test, _evaluation) : (double.NaN, double.NaN);
            var stats = new EpochStats(epoch, lossSum / seen, (double)correct / seen, testAccuracy, Stopwatch.GetElapsedTime(started).TotalSeconds)
            {
                ValidationLoss = validationLoss, ValidationAccuracy = validationAccuracy, TestLoss = testLoss,
            };
            History.Add(stats);
            onEpoch?.Invoke(stats);
        }
        Stop(StopReason.Completed, null);
        return History;
    }

    private void Stop(StopReason reason, string? message)
    {
        History.StopReason = reason;
        History.StopMessage = message;
    }

    private void RequireShape(Dataset<T> data)
    {
        if (data.Features != Network.InputSize || data.Classes != Network.OutputSize)
            throw Shapes.Mismatch(Strings.ShapeFit, Network.InputSize, Network.OutputSize, data.Name, data.Features, data.Classes);
    }

    /// <summary>Records the mean loss of the batches since the last point, at its place in the epoch.</summary>
    private void AddLossPoint(int epoch, int seen, int total, (double Sum, int Samples) point)
    {
        if (point.Samples > 0) History.AddLossSample(new LossSample(epoch - 1 + (double)seen / total, point.Sum / point.Samples));
    }

    private void Diverge(int epoch, int batch, int batches, string why, Network<T> lastGood)
    {
        Network.CopyFrom(lastGood);
        double lr = Options.LearningRate;
        Stop(StopReason.Diverged, Localized.Format(Strings.Diverged,
            epoch, batch + 1, batches, why, Math.Log(Network.OutputSize), lr, lr / 10, History.Count));
        throw new TrainingDivergedException(History.StopMessage!, History);
    }

    private static int CountCorrect(Matrix<T> a2, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int i = 0; i < a2.Rows; i++)
            if (LinearAlgebra.ArgMax<T>(a2.Row(i)) == labels[i]) correct++;
        return correct;
    }

    private static bool AllFinite(Network<T> net)
    {
        return AllFinite(net.W1) && AllFinite(net.b1) && AllFinite(net.W2) && AllFinite(net.b2);
    }

    private static bool AllFinite(Matrix<T> m)
    {
        foreach (T v in m.Data)
            if (!T.IsFinite(v)) return false;
        return true;
    }
}

/// <summary>Shortcuts for the common case.</summary>
public static class Trainer
{
    /// <summary>Creates a network from the options (hidden size, seed), trains it and returns both.</summary>
    public static (Network<T> Network, TrainingHistory History) Train<T>(Dataset<T> train, Dataset<T>? test, TrainingOptions options,
        Action<EpochStats>? onEpoch = null, CancellationToken cancellationToken = default, Dataset<T>? validation = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var trainer = Trainer<T>.Create(options, train.Features, train.Classes);
        trainer.Fit(train, test, onEpoch, cancellationToken, validation);
        return (trainer.Network, trainer.History);
    }
}

/// <summary>
/// The step <see cref="Trainer{T}.Fit"/> takes on each batch in the lesson's code: <see cref="Maths.TrainStep{T}"/>,
/// with its memory kept between batches.
/// </summary>
internal sealed class LessonStep<T>(int batchSize, int inputSize, int hiddenSize, int outputSize)
    : TrainingStep<T>(batchSize, inputSize, hiddenSize, outputSize) where T : unmanaged, IFloatingPointIeee754<T>
{
    private Activations<T>? _f;
    private Gradients<T>? _g;

    protected override bool IsEngine => false;

    public override T Step(Network<T> net, Batch<T> batch, T learningRate, out Matrix<T> a2)
    {
        if (_f is null || _f.BatchSize != batch.Rows) (_f, _g) = (new Activations<T>(batch.Rows, HiddenSize, OutputSize), Gradients<T>.For(net, batch.Rows));
        T loss = Maths.TrainStep(net, batch.X, batch.Y, learningRate, _f, _g);
        a2 = _f.a2;
        return loss;
    }

    public override Matrix<T> Forward(Network<T> net, Matrix<T> X, Matrix<T>? Y = null)
    {
        if (_f is null || _f.BatchSize != X.Rows) (_f, _g) = (new Activations<T>(X.Rows, HiddenSize, OutputSize), Gradients<T>.For(net, X.Rows));
        return Maths.ForwardPass(X, net, into: _f).a2;
    }

    public override void Backward(Network<T> net, Batch<T> batch, T learningRate)
    {
        Maths.BackwardPass(batch.X, batch.Y, _f!, net, into: _g);
        Maths.UpdateWeights(net, _g!, learningRate);
    }
}

/// <summary>Training diverged (see <see cref="DivergenceGuard"/>); the network was reset to the last good weights,
/// and <see cref="History"/> keeps the complete epochs and the loss samples up to the divergence.</summary>
public sealed class TrainingDivergedException(string message, TrainingHistory history) : Exception(message)
{
    public TrainingHistory History { get; } = history;
}
