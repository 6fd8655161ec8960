using System.Diagnostics;

namespace Mlp.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- quick`: a Stopwatch table in a minute, for trying changes; the
/// BenchmarkDotNet runs (the default) are the ones to report.
/// </summary>
internal static class Quick
{
    public static void Run(string[] args)
    {
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 15;
        Console.WriteLine($"vector bits {Kernels.VectorBits}, processors {Environment.ProcessorCount}, kernels {(Kernels.Enabled ? "on" : "off")}");
        foreach (int threads in new[] { 1, 2 })
        {
            Kernels.MaxThreads = threads;
            foreach (int n in new[] { 100, 60000 })
            {
                var w = new Workload(n);
                foreach (var p in Workload.Products)
                {
                    var act = w.Get(p);
                    int inner = n == 100 ? 200 : 1;
                    var s = Measure(() => { for (int i = 0; i < inner; i++) act(); }, repeats).Select(x => x / inner).ToArray();
                    Console.WriteLine($"threads {threads}  n {n,6}  {p,-7} median {Median(s) * 1e6,10:F1} µs  [{s.Min() * 1e6:F1} .. {s.Max() * 1e6:F1}]  {Workload.Flops(p, n) / Median(s) / 1e9,7:F1} GFLOP/s");
                }
            }
            var train = BenchData.Training();
            if (threads == 1)
            {
                var step = TrainingStep<float>.For(Network<float>.Create(), 100);
                var buffers = new BatchBuffers<float>(train, 100, false, 1);
                var g = Measure(() => { foreach (var b in buffers.Epoch(step)) { } }, 9);
                Console.WriteLine($"gathering the 600 minibatches of an epoch: median {Median(g) * 1e3:F1} ms  [{g.Min() * 1e3:F1} .. {g.Max() * 1e3:F1}]");
            }
            foreach (bool full in new[] { false, true })
            {
                var options = new TrainingOptions { FullBatch = full, BatchSize = 100, Epochs = 1, LearningRate = 0.1, EvaluateTestEachEpoch = false };
                var trainer = Trainer<float>.Create(options);
                trainer.Fit(train);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var s = Measure(() => trainer.Fit(train), Math.Min(repeats, 11));
                long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / Math.Min(repeats, 11);
                Console.WriteLine($"threads {threads}  {(full ? "full-batch" : "minibatch ")} epoch  median {Median(s) * 1e3,8:F1} ms  [{s.Min() * 1e3:F1} .. {s.Max() * 1e3:F1}]  {bytes:N0} B allocated/epoch");
            }
        }
    }

    private static double[] Measure(Action a, int repeats)
    {
        // Warm up for a third of a second, so the JIT's optimised tier is the one timed.
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 300) a();
        var s = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long t = Stopwatch.GetTimestamp();
            a();
            s[r] = Stopwatch.GetElapsedTime(t).TotalSeconds;
        }
        return s;
    }

    /// <summary>`quick alloc`: bytes allocated by each part of a minibatch training step.</summary>
    public static void Allocations()
    {
        var net = Network<float>.Create();
        var train = Workload.RandomDataset(1000);
        var step = TrainingStep<float>.For(net, 100);
        var batch = new Batch<float>(100, train);
        var rows = Enumerable.Range(0, 100).ToArray();
        for (int round = 0; round < 3; round++)
        {
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            step.Gather(train, rows, batch);
            long b1 = GC.GetAllocatedBytesForCurrentThread();
            var a2 = step.Forward(net, batch.X);
            long b2 = GC.GetAllocatedBytesForCurrentThread();
            Maths.CrossEntropy(batch.Y, a2);
            long b3 = GC.GetAllocatedBytesForCurrentThread();
            step.Backward(net, batch, 0.1f);
            long b4 = GC.GetAllocatedBytesForCurrentThread();
            Console.WriteLine($"gather {b1 - b0} B, forward {b2 - b1} B, loss {b3 - b2} B, backward and update {b4 - b3} B");
        }
    }

    /// <summary>`quick steps`: where the time of a training step goes (n rows a batch).</summary>
    public static void Steps(int n)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            Kernels.MaxThreads = threads;
            var net = Network<float>.Create();
            var train = Workload.RandomDataset(Math.Max(n, 1000) * 4);
            var step = TrainingStep<float>.For(net, n);
            var batch = new Batch<float>(n, train);
            var order = Enumerable.Range(0, train.Count).Select(i => (i * 7919) % train.Count).ToArray();
            var t = new double[3];
            for (int round = 0; round < 2; round++)
            {
                Array.Clear(t);
                int steps = n <= 100 ? 3000 : 10;
                for (int s = 0; s < steps; s++)
                {
                    int at = s * n % (train.Count - 2 * n);
                    long a = Stopwatch.GetTimestamp();
                    step.Gather(train, order.AsSpan(at, n), batch);
                    batch.NextRows = new ArraySegment<int>(order, at + n, n);
                    long b = Stopwatch.GetTimestamp();
                    var a2 = step.Forward(net, batch.X);
                    Maths.CrossEntropy(batch.Y, a2);
                    long c = Stopwatch.GetTimestamp();
                    step.Backward(net, batch, 0.01f);
                    long d = Stopwatch.GetTimestamp();
                    t[0] += b - a; t[1] += c - b; t[2] += d - c;
                }
                double us = 1e6 / Stopwatch.Frequency / steps;
                Console.WriteLine($"threads {threads}: gather {t[0] * us:F1} µs, forward + loss {t[1] * us:F1} µs, backward + update {t[2] * us:F1} µs");
            }
        }
    }

    internal static double Median(double[] s)
    {
        var o = s.Order().ToArray();
        return o.Length % 2 == 1 ? o[o.Length / 2] : (o[o.Length / 2 - 1] + o[o.Length / 2]) / 2;
    }
}
