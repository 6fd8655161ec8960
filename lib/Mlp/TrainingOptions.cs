namespace Mlp;

/// <summary>The hyperparameters of one training run. <see cref="Validate"/> says what is out of range.</summary>
public sealed record TrainingOptions
{
    /// <summary>Hidden units (the lesson uses 64).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Learning rate η of gradient descent.</summary>
    public double LearningRate { get; init; } = 0.5;

    public int Epochs { get; init; } = 20;

    /// <summary>Samples per gradient step. Ignored when <see cref="FullBatch"/> is set.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>One gradient step per epoch on the whole training set, exactly as the lesson trains.</summary>
    public bool FullBatch { get; init; }

    /// <summary>Seeds the initial weights and the per-epoch shuffle: the same seed gives the same numbers.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Measure accuracy on the test set after each epoch (costs one forward pass over it).</summary>
    public bool EvaluateTestEachEpoch { get; init; } = true;

    /// <summary>
    /// Training stops as diverged when the running mean of the batch losses over the last
    /// <see cref="DivergenceWindow"/> samples exceeds this (or a loss is not a number). Random guessing among
    /// 10 classes costs ln 10 ≈ 2.3, so a mean of 10 over thousands of samples means the steps overshoot: the
    /// learning rate is too large. One confident mistake or a brief spike does not move such a mean that far.
    /// </summary>
    public double DivergenceLoss { get; init; } = 10;

    /// <summary>How many samples (not batches, so batch size 1 is judged like any other) the divergence guard's running mean spans.</summary>
    public int DivergenceWindow { get; init; } = 10_000;

    // The allowed ranges: the one place they are written down. Validate() checks them, and the
    // command line's parser, its error messages and its help read them (the defaults come from
    // `new TrainingOptions()`).
    public const int MaxHidden = 1 << 16;
    public const double MaxLearningRate = 1000;
    public static Limits<int> HiddenLimits { get; } = new(1, MaxHidden);
    public static Limits<double> LearningRateLimits { get; } = new(0, MaxLearningRate, MinExclusive: true);
    public static Limits<int> EpochsLimits { get; } = new(1, 100_000);
    /// <summary>A batch larger than the training set is one full-batch step per epoch.</summary>
    public static Limits<int> BatchSizeLimits { get; } = new(1, 1_000_000);

    /// <summary>The options the lesson itself uses: full batch, 64 hidden units, η = 0.1.</summary>
    public static TrainingOptions Lesson => new() { FullBatch = true, LearningRate = 0.1, Hidden = 64 };

    /// <summary>The run in a few words, for titles and legends: "64 hidden, batch 100, η = 0.5".</summary>
    public string Describe() =>
Localized.Format(Strings.Describe, Hidden, FullBatch ? Strings.FullBatch : Localized.Format(Strings.Batch, BatchSize), LearningRate);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option and its allowed range.</summary>
    public TrainingOptions Validate()
    {
        Check(HiddenLimits.Contains(Hidden), nameof(Hidden), Hidden, HiddenLimits.ToString());
        Check(double.IsFinite(LearningRate) && LearningRateLimits.Contains(LearningRate),
            nameof(LearningRate), LearningRate, Localized.Format(Strings.RangeLearningRate, LearningRateLimits));
        Check(EpochsLimits.Contains(Epochs), nameof(Epochs), Epochs, EpochsLimits.ToString());
        Check(DivergenceLoss > 0, nameof(DivergenceLoss), DivergenceLoss, Strings.RangeAboveZero);
        Check(DivergenceWindow >= 1, nameof(DivergenceWindow), DivergenceWindow, Strings.RangeOneSample);
        Check(FullBatch || BatchSizeLimits.Contains(BatchSize), nameof(BatchSize), BatchSize, Localized.Format(Strings.RangeBatchSize, BatchSizeLimits));
        return this;
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, Localized.Format(Strings.OptionOutOfRange, name, value, range));
    }
}
