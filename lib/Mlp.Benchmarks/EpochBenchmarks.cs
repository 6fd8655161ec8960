using BenchmarkDotNet.Attributes;

namespace Mlp.Benchmarks;

/// <summary>
/// One epoch of the 784-64-10 network over 60,000 samples, single precision: minibatch SGD
/// (600 batches of 100) and the lesson's full batch (one step on all 60,000). The trainer and its
/// buffers are made once; each invocation is one <c>Fit</c> of one epoch, so the allocated column
/// is what an epoch allocates after the first.
/// </summary>
public class EpochBenchmarks
{
    [Params(1, 2)] public int Threads;
    private Dataset<float> _train = null!;
    private Trainer<float> _minibatch = null!, _fullBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        Kernels.MaxThreads = Threads;
        _train = BenchData.Training();
        var o = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 0.1, EvaluateTestEachEpoch = false };
        _minibatch = Trainer<float>.Create(o);
        _fullBatch = Trainer<float>.Create(o with { FullBatch = true });
        _minibatch.Fit(_train);
        _fullBatch.Fit(_train);
    }

    [Benchmark] public void MinibatchEpoch() => _minibatch.Fit(_train);
    [Benchmark] public void FullBatchEpoch() => _fullBatch.Fit(_train);
}
