namespace Mlp;

/// <summary>What one epoch produced. Loss and train accuracy are averaged over the epoch's batches,
/// measured during the forward passes the training made anyway (before each step's update).</summary>
public sealed record EpochStats(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, double Seconds)
{
    public override string ToString() => EpochLine.Format(this);
}

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
        $"{Count} epochs, {StopReason}" + (Last is { } l ? $"; last: {l}" : "");
}
