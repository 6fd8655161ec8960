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
                var net = Network<float>.Create();
                var buffers = new BatchBuffers<float>(train, net, 100, false, 1);
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

    /// <summary>`quick alloc`: bytes allocated by each step of a minibatch training step.</summary>
    public static void Allocations()
    {
        var net = Network<float>.Create();
        var X = new Matrix<float>(100, 784); var Y = Dataset<float>.OneHot(new int[100], 10);
        var f = new Activations<float>(100, 64, 10); var g = Gradients<float>.For(net, 100);
        for (int round = 0; round < 3; round++)
        {
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            Maths.ForwardPass(X, net, into: f);
            long b1 = GC.GetAllocatedBytesForCurrentThread();
            Maths.CrossEntropy(Y, f.a2);
            long b2 = GC.GetAllocatedBytesForCurrentThread();
            Maths.BackwardPass(X, Y, f, net, into: g);
            long b3 = GC.GetAllocatedBytesForCurrentThread();
            Maths.UpdateWeights(net, g, 0.1f);
            long b4 = GC.GetAllocatedBytesForCurrentThread();
            Console.WriteLine($"forward {b1 - b0} B, loss {b2 - b1} B, backward {b3 - b2} B, update {b4 - b3} B");
        }
    }

    /// <summary>`quick steps`: where the time of a minibatch training step goes.</summary>
    public static void Steps(int n)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            Kernels.MaxThreads = threads;
            var net = Network<float>.Create();
            var data = Workload.RandomDataset(Math.Max(n, 1000));
            var X = new Matrix<float>(n, 784); var Y = new Matrix<float>(n, 10);
            data.X.Data.AsSpan(0, X.Data.Length).CopyTo(X.Data); data.Y.Data.AsSpan(0, Y.Data.Length).CopyTo(Y.Data);
            var f = new Activations<float>(n, 64, 10); var g = Gradients<float>.For(net, n);
            var t = new double[6];
            for (int round = 0; round < 2; round++)
            {
                Array.Clear(t);
                int steps = n <= 100 ? 3000 : 10;
                for (int s = 0; s < steps; s++)
                {
                    long a = Stopwatch.GetTimestamp();
                    LinearAlgebra.MatMul(X, net.W1, into: f.z1);
                    long b = Stopwatch.GetTimestamp();
                    LinearAlgebra.AddRowVector(f.z1, net.b1); Maths.Sigmoid(f.z1, into: f.a1);
                    LinearAlgebra.MatMul(f.a1, net.W2, into: f.z2); LinearAlgebra.AddRowVector(f.z2, net.b2); Maths.Softmax(f.z2, into: f.a2);
                    Maths.CrossEntropy(Y, f.a2);
                    long c = Stopwatch.GetTimestamp();
                    Maths.BackwardPass(X, Y, f, net, into: g);
                    long d = Stopwatch.GetTimestamp();
                    LinearAlgebra.MatMulTransposeA(X, g.dz1, into: g.dW1);
                    long e = Stopwatch.GetTimestamp();
                    Maths.UpdateWeights(net, g, 0.01f);
                    long h = Stopwatch.GetTimestamp();
                    t[0] += b - a; t[1] += c - b; t[2] += d - c; t[3] += e - d; t[4] += h - e;
                }
                double us = 1e6 / Stopwatch.Frequency / steps;
                Console.WriteLine($"threads {threads}: X·W1 {t[0] * us:F1} µs, rest of forward+loss {t[1] * us:F1}, backward (all) {t[2] * us:F1} (of which Xᵀ·dz1 ≈ {t[3] * us:F1}), update {t[4] * us:F1}");
            }
        }
    }

    /// <summary>`quick parts`: the element-wise steps at full batch, one by one.</summary>
    public static void Parts()
    {
        int n = 60000;
        var w = new Workload(n); var net = Network<float>.Create();
        var Y = Dataset<float>.OneHot(new int[n], 10);
        var f = new Activations<float>(n, 64, 10); var g = Gradients<float>.For(net, n);
        var steps = new (string, Action)[]
        {
            ("AddRowVector z1", () => LinearAlgebra.AddRowVector(f.z1, net.b1)),
            ("Sigmoid z1", () => Maths.Sigmoid(f.z1, into: f.a1)),
            ("AddRowVector z2", () => LinearAlgebra.AddRowVector(f.z2, net.b2)),
            ("Softmax", () => Maths.Softmax(f.z2, into: f.a2)),
            ("CrossEntropy", () => Maths.CrossEntropy(Y, f.a2)),
            ("Subtract", () => LinearAlgebra.Subtract(f.a2, Y, into: g.dz2)),
            ("ColumnSums dz2", () => LinearAlgebra.ColumnSums(g.dz2, into: g.db2)),
            ("σ' multiply", () => Maths.MultiplyBySigmoidDerivative(g.dz1, f.a1)),
            ("ColumnSums dz1", () => LinearAlgebra.ColumnSums(g.dz1, into: g.db1)),
            ("Scale dW1", () => LinearAlgebra.Scale(g.dW1, 0.5f)),
        };
        foreach (var (name, act) in steps)
        {
            var s = Measure(act, 11);
            Console.WriteLine($"{name,-16} median {Median(s) * 1e3,7:F2} ms  [{s.Min() * 1e3:F2} .. {s.Max() * 1e3:F2}]");
        }
    }

    internal static double Median(double[] s)
    {
        var o = s.Order().ToArray();
        return o.Length % 2 == 1 ? o[o.Length / 2] : (o[o.Length / 2 - 1] + o[o.Length / 2]) / 2;
    }
}
