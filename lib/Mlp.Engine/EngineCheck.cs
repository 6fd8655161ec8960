using System.Collections.Concurrent;
namespace Mlp.Engine;

/// <summary>
/// The fast engine proves itself before it trains or evaluates a network: on a small probe batch of the network's
/// shape it takes one step of its own and one of the lesson's (<see cref="Maths.TrainStep{T}"/>, the files a notebook
/// shows), and the two must agree to float rounding. A student who edits a step (σ, σ', softmax, the forward or
/// backward pass, the update) makes them disagree: training then runs the lesson's code, and
/// <see cref="Difference"/> names what changed in one line. Checked once per shape per process: the probe costs about 3% of
/// one minibatch epoch of the engine (LessonBenchmarks.EngineProbe, median 15 ms against 478 ms in the same run).
/// </summary>
internal static class EngineCheck
{
    private const int ProbeRows = 32;
    private const float Tolerance = 1e-4f; // float rounding gives about 1e-6 here; an edited step, far more

    /// <summary>Per shape, the name of the step that changed (an entry of EngineStrings.resx), or null: the message itself is
    /// written when it is read, in the reader's language.</summary>
    private static readonly ConcurrentDictionary<(int, int, int), string?> Checked = new();

    /// <summary>Null when the engine computes the lesson's step for this shape; else what changed, and what that costs.</summary>
    public static string? Difference(int inputs, int hidden, int outputs) =>
        Message(Checked.GetOrAdd((inputs, hidden, outputs), shape => ChangedStep(shape.Item1, shape.Item2, shape.Item3)));

    /// <summary>The probe and its message (<see cref="Difference"/> without the cache).</summary>
    internal static string? Probe(int inputs, int hidden, int outputs) => Message(ChangedStep(inputs, hidden, outputs));

    private static string? Message(string? step) => step is null ? null
        : Localized.Format(EngineStrings.LessonChanged, EngineStrings.ResourceManager.GetString(step, EngineStrings.Culture), Slower);

    /// <summary>Null when the engine's step is the lesson's; else the EngineStrings entry naming the step that changed.</summary>
    private static string? ChangedStep(int inputs, int hidden, int outputs)
    {
        var rng = new PortableRandom(12345, stream: 7);
        var X = new Matrix<float>(ProbeRows, inputs);
        for (int i = 0; i < X.Data.Length; i++) X.Data[i] = rng.Next(3) == 0 ? 0 : (float)rng.NextDouble(); // pixels, a third of them 0
        var labels = Enumerable.Range(0, ProbeRows).Select(i => i % outputs).ToArray();
        var data = new Dataset<float>(X, labels, outputs, "the engine's probe");
        var net = Network<float>.Create(inputs, hidden, outputs, seed: 5);
        for (int i = 0; i < net.b1.Data.Length; i++) net.b1.Data[i] = 0.1f * (float)Maths.StandardNormal(rng);
        for (int i = 0; i < net.b2.Data.Length; i++) net.b2.Data[i] = 0.1f * (float)Maths.StandardNormal(rng);
        const float eta = 0.5f;

        // The lesson's step, piece by piece.
        var lesson = net.Clone();
        var f = Maths.ForwardPass(data.X, lesson);
        var g = Maths.BackwardPass(data.X, data.Y, f, lesson);
        Maths.UpdateWeights(lesson, g, eta);

        // The engine's: a1 and a2 of its forward pass, then its step.
        var engine = net.Clone();
        var fast = new FastStep(ProbeRows, inputs, hidden, outputs);
        var a2 = fast.Forward(engine, data.X).Clone();
        var a1 = fast.Hidden(ProbeRows).Clone();
        fast.Backward(engine, new Batch<float>(data.X, data.Y, data.Labels), eta);

        return
            !Close(a1, f.a1) ? (Close(Maths.Sigmoid(f.z1), f.a1) ? nameof(EngineStrings.StepSigmoid) : nameof(EngineStrings.StepForwardPass)) :
            !Close(a2, f.a2) ? (Close(Maths.Softmax(f.z2), f.a2) ? nameof(EngineStrings.StepSoftmax) : nameof(EngineStrings.StepForwardPass)) :
            !SameUpdate(net, g, eta) ? nameof(EngineStrings.StepUpdate) :
            !Close(engine, lesson) ? (SigmoidDerivativeIsTheLessons() ? nameof(EngineStrings.StepBackwardPass) : nameof(EngineStrings.StepSigmoidDerivative)) :
            null;
    }

    /// <summary>The update W − η·dW as the engine adds it (<see cref="Elementwise.AddScaled"/>) against the lesson's <see cref="Maths.UpdateWeights{T}"/>.</summary>
    private static unsafe bool SameUpdate(Network<float> net, Gradients<float> g, float eta)
    {
        var lesson = net.Clone();
        Maths.UpdateWeights(lesson, g, eta);
        var engine = net.Clone();
        foreach (var (w, dw) in new[] { (engine.W1, g.dW1), (engine.b1, g.db1), (engine.W2, g.dW2), (engine.b2, g.db2) })
            fixed (float* pw = w.Data, pg = dw.Data) Elementwise.AddScaled(pw, pg, -eta, w.Data.Length);
        return Close(engine, lesson);
    }

    /// <summary>The engine takes σ'(z) as a·(1 − a) with a = σ(z); the lesson's <see cref="Maths.SigmoidDerivative{T}(T)"/> must be that number.</summary>
    private static bool SigmoidDerivativeIsTheLessons()
    {
        for (float z = -8; z <= 8; z += 0.25f)
        {
            float a = Maths.Sigmoid(z);
            if (MathF.Abs(Maths.SigmoidDerivative(z) - a * (1 - a)) > Tolerance) return false;
        }
        return true;
    }

    /// <summary>How many times slower the lesson's code trains than the engine: one minibatch epoch of 784→64→10 (batch 100),
    /// LessonBenchmarks on the Intel Xeon (2 vCPUs), median 6,030 ms for the lesson's code against 478 ms for the engine in the
    /// same run (lib/Mlp.Benchmarks/README.md). Other shapes differ; the notice says "about".</summary>
    private const int Slower = 13;

    private static bool Close(Network<float> a, Network<float> b) =>
        Close(a.W1, b.W1) && Close(a.b1, b.b1) && Close(a.W2, b.W2) && Close(a.b2, b.b2);

    private static bool Close(Matrix<float> a, Matrix<float> b)
    {
        for (int i = 0; i < a.Data.Length; i++)
            if (!(MathF.Abs(a.Data[i] - b.Data[i]) <= Tolerance * (1 + MathF.Abs(b.Data[i])))) return false; // NaN is not close
        return true;
    }
}
