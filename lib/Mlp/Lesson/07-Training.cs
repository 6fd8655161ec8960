using System.Numerics;

namespace Mlp;

public static partial class Maths
{
    /// <summary>
    /// Step 7, one step of gradient descent on one batch X (n×input) with one-hot targets Y (n×output),
    /// the body of both loops below. Returns the batch's loss. Pass f and g (sized for n) to reuse their memory.
    /// </summary>
    public static T TrainStep<T>(Network<T> net, Matrix<T> X, Matrix<T> Y, T learningRate,
        Activations<T>? f = null, Gradients<T>? g = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        f = ForwardPass(X, net, into: f);           // z1, a1, z2, a2
        T loss = CrossEntropy(Y, f.a2);             // −(1/n) Σ log a2[i, y_i]
        g = BackwardPass(X, Y, f, net, into: g);    // dW1, db1, dW2, db2
        UpdateWeights(net, g, learningRate);        // W ← W − η·dW
        return loss;
    }

    /// <summary>The lesson's <c>train</c>: full batch, one step on all of X per epoch, the loss printed every 100 epochs.</summary>
    public static Network<T> Train<T>(Matrix<T> X, Matrix<T> Y, int hiddenSize = 64, int epochs = 10, double learningRate = 0.1, int seed = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = InitializeWeights<T>(X.Cols, hiddenSize, Y.Cols, seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            T loss = TrainStep(net, X, Y, T.CreateChecked(learningRate));
            if (epoch % 100 == 0) Console.WriteLine($"Epoch {epoch}, Loss: {loss}");
        }
        return net;
    }

    /// <summary>One epoch of minibatch SGD: shuffle the images, slice the order into batches of m, one step per batch.</summary>
    public static void TrainEpoch<T>(Network<T> net, Dataset<T> train, int batchSize, T learningRate, Random rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        Shuffle(order, rng);                                                  // a new order every epoch
        for (int start = 0; start < train.Count; start += batchSize)
        {
            int end = Math.Min(start + batchSize, train.Count);               // the last batch holds what is left
            var batch = train.Subset(order[start..end]);
            TrainStep(net, batch.X, batch.Y, learningRate);
        }
    }

    /// <summary>Puts <paramref name="order"/> in a random order (Fisher–Yates: every order equally likely).</summary>
    public static void Shuffle(int[] order, Random rng)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
