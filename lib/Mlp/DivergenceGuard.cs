namespace Mlp;

/// <summary>
/// Decides when training has really diverged: a loss that is not a finite number, or a running mean of the
/// batch losses far above chance. The mean is exponentially weighted by samples, not batches (a batch of n
/// samples moves it by 1 − e^(−n/window)), so a run with batch size 1 is judged over as many samples as one
/// with batch size 100; it never spans fewer than <see cref="MinBatches"/> batches (so full-batch training,
/// one batch an epoch, is judged over several steps), and it is only consulted once both a window's worth of
/// samples and that many batches have been seen. A single confident mistake (a loss of 15 in a batch of
/// one) or a spike of a few batches barely moves it.
/// </summary>
internal sealed class DivergenceGuard(double bound, int window)
{
    private double _mean = double.NaN;
    private long _samples, _batches;

    /// <summary>The fewest batches the running mean spans.</summary>
    public const int MinBatches = 32;

    /// <summary>The running mean of the batch losses so far (NaN before the first batch).</summary>
    public double RunningMean => _mean;

    /// <summary>Takes one batch's mean loss; returns why training diverged (a clause for a sentence), or null while it has not.</summary>
    public string? Observe(double batchLoss, int batchSamples)
    {
        if (!double.IsFinite(batchLoss))
            return double.IsNaN(batchLoss) ? Strings.DivergedNaN : Strings.DivergedInfinite;
        double weight = 1 - Math.Exp(-Math.Min((double)batchSamples / window, 1.0 / MinBatches));
        _mean = double.IsNaN(_mean) ? batchLoss : _mean + weight * (batchLoss - _mean);
        _samples += batchSamples;
        _batches++;
        if (_samples < window || _batches < MinBatches || _mean <= bound) return null;
        long span = Math.Max(window, (long)MinBatches * batchSamples);
        return Localized.Format(Strings.DivergedMean, span, _mean, bound);
    }
}
