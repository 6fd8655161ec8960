namespace Mlp.Fast;

/// <summary>
/// A small pool of persistent threads for the kernels: <see cref="Run"/> splits one job into
/// <c>parts</c> pieces, runs piece 0 on the calling thread and the others on workers, and returns
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
    private static int _generation;
    private static int _pending;
    private static delegate*<void*, int, int, void> _job;
    private static void* _state;
    private static int _parts;

    /// <summary>How long an idle worker spins before it sleeps, in stopwatch ticks (about 200 µs).</summary>
    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 5000;

    /// <summary>Runs job(state, i, parts) for i = 0 .. parts−1 and waits for all of them.</summary>
    public static void Run(delegate*<void*, int, int, void> job, void* state, int parts)
    {
        if (parts <= 1 || !Monitor.TryEnter(Gate))
        {
            for (int i = 0; i < parts; i++) job(state, i, parts);
            return;
        }
        try
        {
            EnsureWorkers(parts - 1);
            _job = job; _state = state; _parts = parts;
            Volatile.Write(ref _pending, parts - 1);
            Interlocked.Increment(ref _generation);       // full fence: publishes the job
            for (int w = 0; w < parts - 1; w++)
                if (_workers[w].Sleeping != 0) _workers[w].Wake.Set();
            job(state, 0, parts);
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
        }
        finally
        {
            _job = null; _state = null;
            Monitor.Exit(Gate);
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
            int index = w + 1;
            new Thread(() => Loop(worker, index)) { IsBackground = true, Name = $"Mlp kernel worker {index}" }.Start();
        }
        _workers = grown;
    }

    private static void Loop(Worker me, int index)
    {
        while (true)
        {
            WaitForJob(me);
            me.SeenGeneration = Volatile.Read(ref _generation);
            if (index < _parts) // workers beyond this job's pieces sit it out
            {
                _job(_state, index, _parts);
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private static void WaitForJob(Worker me)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _generation) == me.SeenGeneration)
        {
            if (System.Diagnostics.Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                Thread.SpinWait(20);
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
