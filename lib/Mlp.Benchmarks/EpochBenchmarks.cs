using BenchmarkDotNet.Attributes;

namespace Mlp.Benchmarks;

/// <summary>
/// One epoch of the 784-64-10 network over 60,000 samples, single precision: minibatch SGD
/// (600 batches of 100) and the lesson's full batch (one step on all 60,000). The trainer and its
/// buffers are made once; each invocation is one <c>Fit</c> of one epoch, so the allocated column
/// is what an epoch allocates after the first. Threads "1" and "2" are forced; "auto" is what the
/// library chooses by itself (<see cref="Kernels.UsefulThreads"/>, measured once per process).
/// <see cref="LeaveOutZeros"/> false times the same epochs with every input multiplied (the same
/// numbers, 34% more multiply-adds on MNIST): the engine's speed on data without blank pixels.
/// </summary>
public class EpochBenchmarks
{
    [Params("1", "2", "auto")] public string Threads = "auto";
    /// <summary>Whether the products leave out the inputs that are zero in every row of the batch (the
    /// library's default, <see cref="Mlp.Engine.ZeroInputs"/>) or multiply them too, as a dense product does.</summary>
    [Params(true, false)] public bool LeaveOutZeros = true;
    private Kernels.Settings _zeros = null!;
    private Dataset<float> _train = null!;
    private Trainer<float> _minibatch = null!, _fullBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        Kernels.ForcedThreads = Threads == "auto" ? null : int.Parse(Threads);
        if (Threads == "auto")
            Console.WriteLine($"// The library's own choice: {Kernels.UsefulThreadsForShortJobs} thread(s) for short products, {Kernels.UsefulThreads} for long; FMA throughput of 1..n threads, short then long, " +
                $"pieces per second: {string.Join(", ", Mlp.Engine.ThreadChoice.Throughputs.Short.Concat(Mlp.Engine.ThreadChoice.Throughputs.Long).Select(r => r.ToString("F0")))}");
        _train = BenchData.Training();
        var o = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 0.1, EvaluateTestEachEpoch = false };
        _minibatch = Trainer<float>.Create(o);
        _fullBatch = Trainer<float>.Create(o with { FullBatch = true });
        _zeros = new(SkipZeroInputs: LeaveOutZeros);
        MinibatchEpoch();
        FullBatchEpoch();
    }

    [Benchmark]
    public void MinibatchEpoch()
    {
        using var _ = Kernels.OnThisThread(_zeros);
        _minibatch.Fit(_train);
    }

    [Benchmark]
    public void FullBatchEpoch()
    {
        using var _ = Kernels.OnThisThread(_zeros);
        _fullBatch.Fit(_train);
    }
}
