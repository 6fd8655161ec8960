using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mlp.Engine;

/// <summary>
/// The thread count for a training step whose products are short (a minibatch: a tenth of a
/// millisecond each, where a second thread helps only if the OS runs it at once), chosen by timing
/// the step itself: after a few warm-up steps, steps alternate between one thread and all allowed
/// ones, and the faster median wins (all threads only if at least <see cref="MinimumGain"/> faster).
/// The choice is kept for the rest of the process, per shape, so later runs start with it. Only the
/// speed depends on it: results are bit-identical for any thread count. Timing allocates nothing.
/// </summary>
internal sealed class StepThreads(int batchSize, int inputSize, int hiddenSize, int outputSize)
{
    public const int WarmUp = 4, Samples = 9;
    public const double MinimumGain = 0.1;

    private static readonly ConcurrentDictionary<(int, int, int, int, int), int> Chosen = new();

    private readonly long[] _one = new long[Samples], _all = new long[Samples];
    private int _steps;
    private long _started;

    /// <summary>The threads for the next step (all allowed ones are <paramref name="most"/>).</summary>
    public int Next(int most)
    {
        if (most <= 1) return 1;
        if (Chosen.TryGetValue((batchSize, inputSize, hiddenSize, outputSize, most), out int chosen)) return chosen;
        _started = Stopwatch.GetTimestamp();
        return _steps < WarmUp || (_steps - WarmUp) % 2 == 1 ? most : 1;
    }

    /// <summary>Called when the step that <see cref="Next"/> sized has finished.</summary>
    public void Finished(int most)
    {
        if (most <= 1 || _started == 0) return;
        long elapsed = Stopwatch.GetTimestamp() - _started;
        _started = 0;
        int s = _steps++ - WarmUp;
        if (s < 0) return;
        (s % 2 == 0 ? _one : _all)[s / 2] = elapsed;
        if (s + 1 < 2 * Samples) return;
        Array.Sort(_one); Array.Sort(_all);
        Chosen[(batchSize, inputSize, hiddenSize, outputSize, most)] = _all[Samples / 2] < (1 - MinimumGain) * _one[Samples / 2] ? most : 1;
    }

    /// <summary>What was chosen for steps of this shape with this many threads allowed (0: not yet).</summary>
    public static int ChoiceFor(int batchSize, int inputSize, int hiddenSize, int outputSize, int most) =>
        Chosen.TryGetValue((batchSize, inputSize, hiddenSize, outputSize, most), out int c) ? c : 0;
}
