using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mlp.Engine;

/// <summary>
/// The thread count for a training step, chosen by timing the step itself: a minibatch's products
/// are short (a tenth of a millisecond, where a second thread helps only if the OS runs it at once),
/// a full batch's long but one step an epoch. After a few warm-up steps (4; 1 for a full batch),
/// steps alternate between one thread and all allowed ones (9 pairs; 3 for a full batch, so its
/// first 7 epochs). Each pair is two neighbouring steps, so both see the same machine, and all
/// threads win when the median of the pairs' time ratios shows them at least
/// <see cref="MinimumGain"/> faster. A minibatch then keeps checking: in every <see cref="ProbeEvery"/>
/// steps, two run on the other count (the second timed) and are paired with the step before them (not
/// the one after: with two threads chosen, that step would first wake the workers the probe let sleep), and
/// the choice follows the median of the last 9 pairs; a full batch with one thread chosen tries all threads in one epoch of
/// every <see cref="LongProbeEvery"/> (<see cref="LongStep"/>). So a choice made while the machine was busy (a notebook kernel compiling in
/// the background, another program) does not last, a burst of load that hits a few steps does not
/// decide it, and a probe costs two steps in 64 on the slower count. The pairs and the choice are kept
/// per shape for the rest of the process, so later runs go on from them: three full-batch runs of 5
/// epochs (notebook 07) choose during the second instead of alternating through all three. Only the speed depends on it: results are
/// bit-identical for any thread count. Timing allocates nothing.
/// </summary>
internal sealed class StepThreads(int batchSize, int inputSize, int hiddenSize, int outputSize, bool longSteps = false, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System; // a test gives its own, to time steps by hand
    private readonly int WarmUp = longSteps ? 1 : 4; // a full batch is one step an epoch
    public const double MinimumGain = 0.1;

    /// <summary>A minibatch runs two steps in this many on the thread count it did not choose.</summary>
    public const int ProbeEvery = 64;

    /// <summary>What the steps of one shape (with so many threads allowed) have learnt, for the rest of the
    /// process: the last pairs a choice is made from (9; 3 for a full batch), t(all) / t(one) each, and the
    /// choice (0 until there is one). A step made for a new run (a cell run again) goes on from them.</summary>
    private sealed class Shape(int pairs)
    {
        public readonly double[] Ratios = new double[pairs], Sorted = new double[pairs];
        public int Count;
        public volatile int Choice;
    }

    private static readonly ConcurrentDictionary<(int, int, int, int, int), Shape> ByShape = new();
    private int _steps;                 // steps finished by this instance
    private bool _probing;              // a choice was made (here or before): from now on, probes
    private int _threads;               // the running step's threads
    private long _started;              // its start, when it is timed
    private (int Threads, long Ticks) _first; // the first step of the pair being timed

    private Shape For(int most)
    {
        var key = (batchSize, inputSize, hiddenSize, outputSize, most);
        return ByShape.TryGetValue(key, out var shape) ? shape : ByShape.GetOrAdd(key, static (_, pairs) => new Shape(pairs), longSteps ? 3 : 9);
    }

    /// <summary>Timed probes so far: steps on the count not chosen, each after one that woke that count.</summary>
    public int Probes { get; private set; }

    /// <summary>The threads for the next step (all allowed ones are <paramref name="most"/>).</summary>
    public int Next(int most)
    {
        if (most <= 1) return 1;
        _started = 0;
        int choice = For(most).Choice;
        _probing |= choice != 0;
        if (!_probing)
        {
            int s = _steps - WarmUp; // alternate: one thread, then all, pair after pair
            _threads = s < 0 || s % 2 == 1 ? most : 1;
            if (s >= 0) _started = _clock.GetTimestamp();
            return _threads;
        }
        // The last four steps of each ProbeEvery: the choice, timed; the other count twice (the first wakes its
        // workers, which sleep after 0.2 ms without work, and moves the weights to their caches; the second is
        // timed: the pair); then the choice again, untimed, as its first step wakes the workers the probe let sleep.
        _threads = choice;
        if (longSteps) return LongStep(choice, most);
        int phase = ProbeEvery - 1 - _steps % ProbeEvery;
        if (phase > 3 || phase == 0) return _threads;
        if (phase < 3) _threads = choice == 1 ? most : 1;
        if (phase == 2) return _threads;
        if (phase == 1) Probes++;
        _started = _clock.GetTimestamp();
        return _threads;
    }

    /// <summary>A long step with one thread chosen: the last of every <see cref="LongProbeEvery"/> runs on all
    /// threads, timed, paired with the step before it (timed too), so a choice made while the machine was
    /// busy (a notebook kernel compiling in the background) does not last. With all threads chosen there is
    /// no probe: a long step's pieces go to whoever is free, the caller included, so a busy machine makes it
    /// about as slow as one thread, not slower, and a probe on one thread would cost a whole slower epoch.</summary>
    private int LongStep(int choice, int most)
    {
        int phase = LongProbeEvery - 1 - _steps % LongProbeEvery;
        if (choice != 1 || phase > 1) return _threads;
        if (phase == 0) { _threads = most; Probes++; }
        _started = _clock.GetTimestamp();
        return _threads;
    }

    /// <summary>A full batch with one thread chosen tries all threads once in this many steps (epochs).</summary>
    public const int LongProbeEvery = 16;

    /// <summary>Called when the step that <see cref="Next"/> sized has finished.</summary>
    public void Finished(int most)
    {
        if (most <= 1) return;
        _steps++;
        if (_started == 0) return;
        long ticks = _clock.GetTimestamp() - _started;
        _started = 0;
        if (_first.Ticks == 0 || _first.Threads == _threads) { _first = (_threads, ticks); return; }
        var (one, all) = _threads == 1 ? (ticks, _first.Ticks) : (_first.Ticks, ticks);
        _first = default;
        Pairs++;
        var shape = For(most);
        lock (shape)
        {
            shape.Ratios[shape.Count++ % shape.Ratios.Length] = (double)all / one;
            if (shape.Count < shape.Ratios.Length) return;
            shape.Ratios.CopyTo(shape.Sorted, 0);
            Array.Sort(shape.Sorted);
            shape.Choice = shape.Sorted[shape.Sorted.Length / 2] < 1 - MinimumGain ? most : 1;
        }
    }

    /// <summary>Pairs of neighbouring steps this instance timed so far.</summary>
    public int Pairs { get; private set; }

    /// <summary>What was chosen for steps of this shape with this many threads allowed (0: not yet).</summary>
    public static int ChoiceFor(int batchSize, int inputSize, int hiddenSize, int outputSize, int most) =>
        ByShape.TryGetValue((batchSize, inputSize, hiddenSize, outputSize, most), out var shape) ? shape.Choice : 0;
}
