using BenchmarkDotNet.Attributes;

namespace Mlp.Benchmarks;

/// <summary>
/// One epoch of the 784-64-10 network over 60,000 samples, single precision: minibatch SGD
/// (600 batches of 100) and the lesson's full batch (one step on all 60,000). The trainer and its
/// buffers are made once; each invocation is one <c>Fit</c> of one epoch, so the allocated column
/// is what an epoch allocates after the first. Threads "1" and "2" are forced; "auto" is what the
/// library chooses by itself (<see cref="Kernels.UsefulThreads"/>, measured once per process).
/// </summary>
public class EpochBenchmarks : Epochs
{
    [Params("1", "2", "auto")] public string Threads = "auto";

    [GlobalSetup]
    public void Setup() => Setup(Threads, new());
}

/// <summary>The two epochs that <see cref="EpochBenchmarks"/> and <see cref="HeuristicBenchmarks"/> time.</summary>
public abstract class Epochs
{
    private Dataset<float> _train = null!;
    private Trainer<float> _minibatch = null!, _fullBatch = null!;
    private Kernels.Settings _settings = new();

    private protected void Setup(string threads, Kernels.Settings settings)
    {
        _settings = settings;
        Kernels.ForcedThreads = threads == "auto" ? null : int.Parse(threads);
        if (threads == "auto")
            Console.WriteLine($"// The library's own choice: {Kernels.UsefulThreadsForShortJobs} thread(s) for short products, {Kernels.UsefulThreads} for long; FMA throughput of 1..n threads, short then long, " +
                $"pieces per second: {string.Join(", ", Mlp.Engine.ThreadChoice.Throughputs.Short.Concat(Mlp.Engine.ThreadChoice.Throughputs.Long).Select(r => r.ToString("F0")))}");
        _train = BenchData.Training();
        var o = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 0.1, EvaluateTestEachEpoch = false };
        _minibatch = Trainer<float>.Create(o);
        _fullBatch = Trainer<float>.Create(o with { FullBatch = true });
        MinibatchEpoch();
        FullBatchEpoch();
    }

    [Benchmark]
    public void MinibatchEpoch()
    {
        using var _ = Kernels.OnThisThread(_settings);
        _minibatch.Fit(_train);
    }

    [Benchmark]
    public void FullBatchEpoch()
    {
        using var _ = Kernels.OnThisThread(_settings);
        _fullBatch.Fit(_train);
    }
}

/// <summary>
/// What each of the engine's heuristics pays: the same epochs, with the library's choice of threads, with every
/// heuristic on ("none" switched off: the default) or one switched off: "ZeroInputs" multiplies every input
/// (<see cref="Mlp.Engine.ZeroInputs"/>: the same numbers, 34% more multiply-adds on MNIST), "RowBlocks" makes a
/// full batch in two passes over the 60,000 rows (<see cref="Mlp.Engine.RowBlocks"/>; a minibatch is not affected).
/// The third heuristic, the thread choice (<see cref="Mlp.Engine.ThreadChoice"/>), is <see cref="EpochBenchmarks"/>'
/// "auto" against "2".
/// </summary>
public class HeuristicBenchmarks : Epochs
{
    [Params("none", "ZeroInputs", "RowBlocks")] public string SwitchedOff = "none";

    [GlobalSetup]
    public void Setup() => Setup("auto", new(SkipZeroInputs: SwitchedOff != "ZeroInputs", RowBlocks: SwitchedOff != "RowBlocks"));
}
