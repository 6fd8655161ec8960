using BenchmarkDotNet.Attributes;

namespace Mlp.Benchmarks;

/// <summary>
/// What the engine's proof costs and what the lesson's code costs, against one minibatch epoch of the engine in the
/// same run: <see cref="EngineCheck"/>'s probe (one step of each on 32 rows, once per network shape per process), and
/// one epoch of the lesson's code (what training runs after a student edits a step: the "about N× slower" of the notice).
/// </summary>
public class LessonBenchmarks
{
    private Dataset<float> _train = null!;
    private Trainer<float> _engine = null!, _lesson = null!;
    private readonly Kernels.Settings _lessonCode = new(Enabled: false);

    [GlobalSetup]
    public void Setup()
    {
        _train = BenchData.Training();
        var o = new TrainingOptions { Epochs = 1, BatchSize = 100, LearningRate = 0.1, EvaluateTestEachEpoch = false };
        _engine = Trainer<float>.Create(o);
        _lesson = Trainer<float>.Create(o);
        EngineMinibatchEpoch();
        LessonMinibatchEpoch();
    }

    [Benchmark(Baseline = true)]
    public void EngineMinibatchEpoch() => _engine.Fit(_train);

    [Benchmark]
    public void LessonMinibatchEpoch()
    {
        using var _ = Kernels.OnThisThread(_lessonCode);
        _lesson.Fit(_train);
    }

    [Benchmark]
    public string? EngineProbe() => Mlp.Engine.EngineCheck.Probe(784, 64, 10);
}
