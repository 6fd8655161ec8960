using System.Numerics;

namespace Mlp;

/// <summary>
/// One step of gradient descent on one batch, as <see cref="Trainer{T}.Fit"/> takes it: the forward
/// pass, then (after the trainer has looked at the loss) the backward pass and the update. Two
/// implementations compute the same numbers: <see cref="LessonStep{T}"/>, the lesson's readable
/// code (lib/Mlp/Lesson/), and the fast single-precision engine's (lib/Mlp.Engine/, through <see cref="FastEngine"/>). <see cref="For"/> is the one place that chooses between them.
/// </summary>
internal abstract class TrainingStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected TrainingStep(int batchSize, int inputSize, int hiddenSize, int outputSize)
    {
        BatchSize = batchSize; InputSize = inputSize; HiddenSize = hiddenSize; OutputSize = outputSize;
    }

    public int BatchSize { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public int OutputSize { get; }

    /// <summary>
    /// The step for batches of <paramref name="batchSize"/> rows of this network's shape: the fast
    /// engine for single precision while it is on and computes what the lesson's code computes
    /// (<see cref="FastEngine.Takes{T}"/>), else the lesson's code.
    /// <paramref name="previous"/> is returned when it is the same choice for the same shapes, so its
    /// memory is reused (training one epoch at a time allocates it once).
    /// </summary>
    public static TrainingStep<T> For(Network<T> net, int batchSize, TrainingStep<T>? previous = null)
    {
        bool engine = FastEngine.Takes(net);
        if (previous is not null && previous.IsEngine == engine && previous.BatchSize == batchSize && previous.InputSize == net.InputSize
            && previous.HiddenSize == net.HiddenSize && previous.OutputSize == net.OutputSize)
            return previous;
        return engine
            ? (TrainingStep<T>)(object)FastEngine.Door!.Step(batchSize, net.InputSize, net.HiddenSize, net.OutputSize)
            : new LessonStep<T>(batchSize, net.InputSize, net.HiddenSize, net.OutputSize);
    }

    protected abstract bool IsEngine { get; }

    /// <summary>The forward pass of X (n×input): returns a2, the class probabilities (n×output),
    /// which stay valid until the next call. Given the targets Y, the engine starts the backward
    /// pass (dz2, dz1) on each row while its activations are in cache.</summary>
    public abstract Matrix<T> Forward(Network<T> net, Matrix<T> X, Matrix<T>? Y = null);

    /// <summary>The backward pass for the batch the last <see cref="Forward"/> computed, then the
    /// update W ← W − η·dW of every parameter.</summary>
    public abstract void Backward(Network<T> net, Batch<T> batch, T learningRate);

    /// <summary>One step on the batch, <see cref="Maths.TrainStep{T}"/>: forward, loss, backward, update. Returns the loss
    /// (always the lesson's <see cref="Maths.CrossEntropy{T}(Matrix{T}, Matrix{T})"/>) and a2, valid until the next call.</summary>
    public virtual T Step(Network<T> net, Batch<T> batch, T learningRate, out Matrix<T> a2)
    {
        a2 = Forward(net, batch.X, batch.Y);
        T loss = Maths.CrossEntropy(batch.Y, a2);
        Backward(net, batch, learningRate);
        return loss;
    }
}
