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
        Console.WriteLine($"vector bits {Kernels.VectorBits}, processors {Environment.ProcessorCount}, kernels {(Kernels.Enabled ? "on" : "off")}, " +
            $"useful threads {Kernels.UsefulThreadsForShortJobs} short, {Kernels.UsefulThreads} long (FMA pieces per second on 1..n threads, short then long: {string.Join(", ", Mlp.Engine.ThreadChoice.Throughputs.Short.Concat(Mlp.Engine.ThreadChoice.Throughputs.Long).Select(r => r.ToString("F0")))})");
        foreach (int threads in new[] { 1, 2 })
        {
            Kernels.ForcedThreads = threads;
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
                var g = Measure(() => { foreach (var b in buffers.Epoch()) { } }, 9);
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

    /// <summary>Copies these rows of the training set into the batch, as the trainer's buffers do.</summary>
    private static void Fill(Dataset<float> train, IReadOnlyList<int> rows, Batch<float> batch)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            train.X.Row(rows[i]).CopyTo(batch.X.Row(i));
            train.Y.Row(rows[i]).CopyTo(batch.Y.Row(i));
        }
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
            Fill(train, rows, batch);
            long b1 = GC.GetAllocatedBytesForCurrentThread();
            var a2 = step.Forward(net, batch.X, batch.Y);
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
            Kernels.ForcedThreads = threads;
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
                    Fill(train, new ArraySegment<int>(order, at, n), batch);
                    long b = Stopwatch.GetTimestamp();
                    var a2 = step.Forward(net, batch.X, batch.Y);
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

    /// <summary>`quick parts`: the parts of one minibatch step (100 rows, one thread), each timed alone.</summary>
    public static void Parts()
    {
        Kernels.ForcedThreads = 1;
        var net = Network<float>.Create();
        var train = Workload.RandomDataset(1000);
        var step = TrainingStep<float>.For(net, 100);
        var batch = new Batch<float>(100, train);
        Fill(train, Enumerable.Range(0, 100).ToArray(), batch);
        var a1 = new Matrix<float>(100, 64);
        var parts = new (string, Action)[]
        {
            ("X·W1 alone", () => Mlp.Engine.Products.MatMul(batch.X, net.W1, a1)),
            ("σ(X·W1 + b1)", () => Mlp.Engine.Products.LinearSigmoid(batch.X, net.W1, net.b1, a1, a1)),
            ("forward, no Y", () => step.Forward(net, batch.X)),
            ("forward with Y", () => step.Forward(net, batch.X, batch.Y)),
            ("cross-entropy", () => Maths.CrossEntropy(batch.Y, step.Forward(net, batch.X, batch.Y))),
            ("forward + backward", () => { step.Forward(net, batch.X, batch.Y); step.Backward(net, batch, 0f); }),
            ("Xᵀ·dz1 alone", () => Mlp.Engine.Products.MatMulTransposeA(batch.X, a1, net.W1)),
        };
        foreach (var (name, act) in parts)
        {
            var s = Measure(() => { for (int i = 0; i < 100; i++) act(); }, 11).Select(x => x / 100).ToArray();
            Console.WriteLine($"{name,-20} median {Median(s) * 1e6,7:F1} µs  [{s.Min() * 1e6:F1} .. {s.Max() * 1e6:F1}]");
        }
    }

    /// <summary>`quick epoch [threads]`: Fit's minibatch loop on MNIST (one thread unless given), each part timed.</summary>
    public static void Epoch(int threads)
    {
        Kernels.ForcedThreads = threads;
        var train = BenchData.Training();
        var net = Network<float>.Create();
        var step = TrainingStep<float>.For(net, 100);
        var buffers = new BatchBuffers<float>(train, 100, false, 1);
        var t = new long[5];
        for (int round = 0; round < 4; round++)
        {
            Array.Clear(t);
            long total = Stopwatch.GetTimestamp(), mark = total;
            void Lap(int i) { long now = Stopwatch.GetTimestamp(); t[i] += now - mark; mark = now; }
            foreach (var batch in buffers.Epoch())
            {
                Lap(0);
                var a2 = step.Forward(net, batch.X, batch.Y);
                Lap(1);
                Maths.CrossEntropy(batch.Y, a2);
                Lap(2);
                step.Backward(net, batch, 0.1f);
                Lap(3);
                int correct = 0;
                for (int i = 0; i < a2.Rows; i++) if (LinearAlgebra.ArgMax<float>(a2.Row(i)) == batch.Labels[i]) correct++;
                Lap(4);
            }
            double ms = 1e3 / Stopwatch.Frequency;
            Console.WriteLine($"epoch {(Stopwatch.GetTimestamp() - total) * ms:F1} ms: gather {t[0] * ms:F1}, forward {t[1] * ms:F1}, loss {t[2] * ms:F1}, backward {t[3] * ms:F1}, correct {t[4] * ms:F1}");
        }
    }

    /// <summary>`quick fit [threads]`: minibatch and full-batch epochs only, median [min] of 11 (threads 0: the library's choice).</summary>
    public static void Fit(int threads, bool rowBlocks = true, bool leaveOutZeros = true)
    {
        Kernels.ForcedThreads = threads > 0 ? threads : null;
        using var _ = Kernels.OnThisThread(new(RowBlocks: rowBlocks, SkipZeroInputs: leaveOutZeros));
        var train = BenchData.Training();
        foreach (bool full in new[] { false, true })
        {
            var trainer = Trainer<float>.Create(new TrainingOptions { FullBatch = full, BatchSize = 100, Epochs = 1, LearningRate = 0.1, EvaluateTestEachEpoch = false });
            trainer.Fit(train);
            var s = Measure(() => trainer.Fit(train), 11);
            Console.WriteLine($"threads {threads} {(full ? "full-batch" : "minibatch ")} epoch median {Median(s) * 1e3:F1} ms [{s.Min() * 1e3:F1} .. {s.Max() * 1e3:F1}]");
        }
    }

    internal static double Median(double[] s)
    {
        var o = s.Order().ToArray();
        return o.Length % 2 == 1 ? o[o.Length / 2] : (o[o.Length / 2 - 1] + o[o.Length / 2]) / 2;
    }
}
