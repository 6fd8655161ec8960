using System.Numerics;
using System.Numerics.Tensors;

namespace Mlp;

public static partial class Maths
{
    /// <summary>
    /// Step 7, one step of gradient descent: W ← W − η·dW for every parameter, with learning rate η.
    /// </summary>
    public static void UpdateWeights<T>(Network<T> net, Gradients<T> g, T learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Step(net.W1, g.dW1, learningRate);
        Step(net.b1, g.db1, learningRate);
        Step(net.W2, g.dW2, learningRate);
        Step(net.b2, g.db2, learningRate);
    }

    private static void Step<T>(Matrix<T> W, Matrix<T> dW, T learningRate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Shapes.RequireSame(W, dW, "UpdateWeights");
        TensorPrimitives.MultiplyAdd(dW.Data, -learningRate, W.Data, W.Data); // W = W + (−η)·dW
    }
}
