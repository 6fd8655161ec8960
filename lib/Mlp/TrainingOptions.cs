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

    public const int MaxHidden = 1 << 16;
    public const double MaxLearningRate = 1000;

    /// <summary>The options the lesson itself uses: full batch, 64 hidden units, η = 0.1.</summary>
    public static TrainingOptions Lesson => new() { FullBatch = true, LearningRate = 0.1, Hidden = 64 };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option and its allowed range.</summary>
    public TrainingOptions Validate()
    {
        Check(Hidden >= 1 && Hidden <= MaxHidden, nameof(Hidden), Hidden, $"between 1 and {MaxHidden}");
        Check(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= MaxLearningRate,
            nameof(LearningRate), LearningRate, $"a number greater than 0 and at most {MaxLearningRate} (try 0.1 to 1)");
        Check(Epochs >= 1 && Epochs <= 100_000, nameof(Epochs), Epochs, "between 1 and 100000");
        Check(DivergenceLoss > 0, nameof(DivergenceLoss), DivergenceLoss, "greater than 0");
        Check(DivergenceWindow >= 1, nameof(DivergenceWindow), DivergenceWindow, "at least 1 sample");
        Check(FullBatch || BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1 (or set FullBatch)");
        return this;
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} is out of range: it must be {range}.");
    }
}
