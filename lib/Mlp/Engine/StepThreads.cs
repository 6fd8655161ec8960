using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mlp.Engine;

/// <summary>
/// The thread count for a training step, chosen by timing the step itself: a minibatch's products
/// are short (a tenth of a millisecond, where a second thread helps only if the OS runs it at once),
/// a full batch's long but one step an epoch. After a few warm-up steps (4; 1 for a full batch),
/// steps alternate between one thread and all allowed ones (9 of each; 3 for a full batch, so its
/// first 7 epochs), and the faster median wins (all threads only if at least
/// <see cref="MinimumGain"/> faster). A minibatch measures again every <see cref="Period"/> steps, so
/// a choice made while the machine was busy (a notebook kernel compiling in the background, another
/// program) does not last: a round costs at most 9 steps on the slower count. The latest choice is
/// kept per shape for the rest of the process, so later runs start with it. Only the speed depends on
/// it: results are bit-identical for any thread count. Timing allocates nothing.
/// </summary>
internal sealed class StepThreads(int batchSize, int inputSize, int hiddenSize, int outputSize, bool longSteps = false)
{
    private readonly int WarmUp = longSteps ? 1 : 4, Samples = longSteps ? 3 : 9; // a full batch is one step an epoch
    public const double MinimumGain = 0.1;

    /// <summary>Steps between two measuring rounds of a minibatch (about two epochs of 100-image batches on MNIST).</summary>
    public const int Period = 1200;

    private static readonly ConcurrentDictionary<(int, int, int, int, int), int> Chosen = new();

    private readonly long[] _one = new long[longSteps ? 3 : 9], _all = new long[longSteps ? 3 : 9];
    private int _steps;   // steps finished by this instance
    private int _round;   // where the current measuring round started (its warm-up first)
    private long _started;

    private (int, int, int, int, int) Key(int most) => (batchSize, inputSize, hiddenSize, outputSize, most);

    /// <summary>Where the step that is about to run stands in the current round: its warm-up (negative) or sample number.</summary>
    private int InRound => _steps - _round - WarmUp;

    /// <summary>The threads for the next step (all allowed ones are <paramref name="most"/>).</summary>
    public int Next(int most)
    {
        if (most <= 1) return 1;
        bool chosen = Chosen.TryGetValue(Key(most), out int choice);
        if (chosen && !longSteps && _steps - _round >= Period) _round = _steps; // time to measure again
        bool measuring = InRound < 2 * Samples && (!chosen || _round > 0);
        if (!measuring) return choice;
        _started = Stopwatch.GetTimestamp();
        return InRound < 0 || InRound % 2 == 1 ? most : 1;
    }

    /// <summary>Called when the step that <see cref="Next"/> sized has finished.</summary>
    public void Finished(int most)
    {
        if (most <= 1) return;
        int s = InRound;
        _steps++;
        if (_started == 0) return;
        long elapsed = Stopwatch.GetTimestamp() - _started;
        _started = 0;
        if (s < 0) return;
        (s % 2 == 0 ? _one : _all)[s / 2] = elapsed;
        if (s + 1 < 2 * Samples) return;
        Array.Sort(_one); Array.Sort(_all);
        Rounds++;
        Chosen[Key(most)] = _all[Samples / 2] < (1 - MinimumGain) * _one[Samples / 2] ? most : 1;
    }

    /// <summary>Measuring rounds this instance has completed.</summary>
    public int Rounds { get; private set; }

    /// <summary>What was chosen for steps of this shape with this many threads allowed (0: not yet).</summary>
    public static int ChoiceFor(int batchSize, int inputSize, int hiddenSize, int outputSize, int most) =>
        Chosen.TryGetValue((batchSize, inputSize, hiddenSize, outputSize, most), out int c) ? c : 0;
}
