namespace Mlp;

/// <summary>What one epoch produced. Loss and train accuracy are averaged over the epoch's batches,
/// measured during the forward passes the training made anyway (before each step's update), so they
/// are a running average over weights that changed during the epoch. The validation and test figures
/// are measured on the network as it is at the end of the epoch (NaN when that set was not given or
/// not evaluated).</summary>
public sealed record EpochStats(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds)
{
    /// <summary>Mean cross-entropy on the validation set after the epoch; NaN without a validation set.</summary>
    public double ValidationLoss { get; init; } = double.NaN;

    /// <summary>Accuracy on the validation set after the epoch; NaN without a validation set.</summary>
    public double ValidationAccuracy { get; init; } = double.NaN;

    /// <summary>Mean cross-entropy on the test set after the epoch (measured with the test accuracy, in the same pass); NaN when not measured.</summary>
    public double TestLoss { get; init; } = double.NaN;

    public override string ToString() => EpochLine.Format(this);
}

/// <summary>The mean training loss over a stretch of batches: <see cref="Epoch"/> counts epochs, with a
/// fraction for a point inside one (1.5 = halfway through epoch 2), at the end of the stretch.</summary>
public readonly record struct LossSample(double Epoch, double Loss);

/// <summary>Why training stopped.</summary>
public enum StopReason { Running, Completed, Cancelled, Diverged }

/// <summary>The per-epoch record of a training run, kept even when it is cancelled or diverges.</summary>
public sealed class TrainingHistory : IReadOnlyList<EpochStats>
{
    private readonly List<EpochStats> _epochs = [];

    public TrainingHistory(TrainingOptions options) => Options = options;

    public TrainingOptions Options { get; }
    public StopReason StopReason { get; internal set; } = StopReason.Running;

    /// <summary>A sentence for people when training stopped early (cancelled or diverged).</summary>
    public string? StopMessage { get; internal set; }

    public EpochStats this[int index] => _epochs[index];
    public int Count => _epochs.Count;
    public EpochStats? Last => _epochs.Count == 0 ? null : _epochs[^1];

    public double[] Losses => _epochs.Select(e => e.TrainLoss).ToArray();
    public double[] TrainAccuracies => _epochs.Select(e => e.TrainAccuracy).ToArray();
    public double[] TestAccuracies => _epochs.Select(e => e.TestAccuracy).ToArray();
    public double[] Seconds => _epochs.Select(e => e.Seconds).ToArray();
    public double[] ValidationLosses => _epochs.Select(e => e.ValidationLoss).ToArray();
    public double[] ValidationAccuracies => _epochs.Select(e => e.ValidationAccuracy).ToArray();
    public double[] TestLosses => _epochs.Select(e => e.TestLoss).ToArray();

    /// <summary>
    /// The training loss within epochs, about <see cref="LossSamplesPerEpoch"/> points an epoch (one per batch
    /// when batches are larger), each the mean batch loss since the point before. It runs up to the last
    /// batch trained, so a run that diverged in its first epoch still shows how its loss rose.
    /// </summary>
    public IReadOnlyList<LossSample> LossSamples => _lossSamples.SelectMany(e => e.Points.Take(e.Count)).ToArray();

    public const int LossSamplesPerEpoch = 50;

    // One array per epoch, sized when the epoch starts: training allocates nothing per batch for them.
    private readonly List<(LossSample[] Points, int Count)> _lossSamples = [];
    internal void StartLossSamples(int capacity) => _lossSamples.Add((new LossSample[capacity], 0));
    internal void AddLossSample(LossSample s)
    {
        var (points, count) = _lossSamples[^1];
        points[count] = s;
        _lossSamples[^1] = (points, count + 1);
    }

    /// <summary>The median seconds per epoch (robust to a slow first epoch).</summary>
    public double MedianSecondsPerEpoch
    {
        get
        {
            if (_epochs.Count == 0) return double.NaN;
            var s = Seconds.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }
    }

    internal void Add(EpochStats e) => _epochs.Add(e);

    public IEnumerator<EpochStats> GetEnumerator() => _epochs.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
Localized.Format(Strings.HistoryEpochs, Count, StopReason) + (Last is { } l ? Localized.Format(Strings.HistoryLast, l) : "");
}
