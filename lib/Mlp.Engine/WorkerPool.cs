using System.Runtime.CompilerServices;

namespace Mlp.Engine;

/// <summary>
/// A small pool of persistent threads for the kernels: <see cref="Run"/> splits one job into
/// <c>parts</c> pieces, which the calling thread and the workers claim one by one, and returns
/// when all are done. It allocates nothing per call (the job is a function pointer and a pointer
/// to the caller's state on its stack, which lives until Run returns) and the pieces are decided
/// by their index alone, so the result never depends on which thread ran which piece.
/// Workers spin for a short while after each job (the next product of a training step follows
/// within microseconds) and then sleep on an event. If another thread is already using the pool,
/// the caller runs all pieces itself: same pieces, same results.
/// </summary>
internal static unsafe class WorkerPool
{
    private sealed class Worker
    {
        public readonly ManualResetEventSlim Wake = new(false);
        public volatile int Sleeping;
        public int SeenGeneration;
    }

    private static readonly object Gate = new();
    private static Worker[] _workers = [];
    private static int _generation;   // the number of the job last published; workers wake on a change
    private static long _ticket;      // high 32 bits: that job's number; low 32: the next piece to claim
    private static int _done;
    private static delegate*<void*, int, int, void> _job;
    private static void* _state;
    private static int _parts;

    /// <summary>How long an idle worker spins before it sleeps, in stopwatch ticks (about 200 µs).</summary>
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 5000;

    /// <summary>How long the caller waits closely for the workers' last pieces before it backs off (about 20 µs).</summary>
    private static readonly long CloseTicks = System.Diagnostics.Stopwatch.Frequency / 50000;

    /// <summary>
    /// Runs job(state, i, parts) for i = 0 .. parts−1 and waits for all of them. Pieces are claimed
    /// one at a time by whoever is free, the caller included, so a worker the OS has not scheduled
    /// yet (other processes busy on a small machine) delays nothing: the caller takes its piece.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(delegate*<void*, int, int, void> job, void* state, int parts, int threads)
    {
        threads = Math.Min(threads, parts);
        if (threads <= 1 || !Monitor.TryEnter(Gate))
        {
            for (int i = 0; i < parts; i++) job(state, i, parts);
            return;
        }
        try
        {
            EnsureWorkers(threads - 1);
            int number = _generation + 1;
            // Retire the previous job's tickets before its fields change: a late worker still holding
            // the old number can no longer claim a piece, so it never runs the new job's fields.
            Volatile.Write(ref _ticket, (long)number << 32);
            _job = job; _state = state; _parts = parts; _done = 0;
            Interlocked.Exchange(ref _generation, number); // full fence: publishes the job
            for (int w = 0; w < threads - 1; w++)
                if (_workers[w].Sleeping != 0) _workers[w].Wake.Set();
            Work(number);
            // The last pieces are the workers': wait for them closely (a minibatch's products take tens of
            // microseconds, a backed-off spin would add several), then, if a worker is slow (not running:
            // the machine is busy), yield the processor to it.
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) != parts)
                if (System.Diagnostics.Stopwatch.GetTimestamp() - started < CloseTicks) Thread.SpinWait(1);
                else spin.SpinOnce(sleep1Threshold: -1);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>Claims and runs pieces of job <paramref name="number"/> until none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Work(int number)
    {
        var job = _job; var state = _state; int parts = _parts;
        while (true)
        {
            long t = Volatile.Read(ref _ticket);
            if ((int)(t >> 32) != number || (int)t >= parts) return;
            if (Interlocked.CompareExchange(ref _ticket, t + 1, t) != t) continue;
            job(state, (int)t, parts);
            Interlocked.Increment(ref _done);
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (_workers.Length >= count) return;
        var grown = new Worker[count];
        _workers.CopyTo(grown, 0);
        for (int w = _workers.Length; w < count; w++)
        {
            var worker = grown[w] = new Worker { SeenGeneration = Volatile.Read(ref _generation) };
            new Thread(() => Loop(worker)) { IsBackground = true, Name = $"Mlp kernel worker {w + 1}" }.Start();
        }
        _workers = grown;
    }

    private static void Loop(Worker me)
    {
        while (true)
        {
            WaitForJob(me);
            me.SeenGeneration = Volatile.Read(ref _generation);
            Work(me.SeenGeneration);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WaitForJob(Worker me)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _generation) == me.SeenGeneration)
        {
            if (System.Diagnostics.Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                Thread.SpinWait(1); // a new job is seen within a fraction of a microsecond
                continue;
            }
            // Dekker-style handshake with Run: announce sleep, then re-check before blocking.
            me.Sleeping = 1;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _generation) == me.SeenGeneration) me.Wake.Wait();
            me.Wake.Reset();
            me.Sleeping = 0;
            start = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }
}
