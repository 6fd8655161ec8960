using System.Numerics;

namespace Mlp.Beyond;

/// <summary>The output layer and its loss, which belong together (their derivatives combine).</summary>
public enum Output
{
    /// <summary>softmax outputs, cross-entropy L = −(1/n) Σ log ŷ_true: the lesson's. δ_out = ŷ − y.</summary>
    SoftmaxCrossEntropy,
    /// <summary>sigmoid outputs, mean squared error L = (1/2n) Σ ‖ŷ − y‖² (Raschka ch. 11). δ_out = (ŷ − y) ⊙ σ′(z_out).</summary>
    SigmoidMse,
}

/// <summary>What the forward pass keeps for the backward pass: z[l] and a[l] for every layer, a[0] = X.</summary>
public sealed record DeepPass<T>(Matrix<T>[] z, Matrix<T>[] a) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The network's output ŷ (n×classes).</summary>
    public Matrix<T> Output => a[^1];
}

/// <summary>The gradients of the loss with respect to every layer's weights and biases, dW[l] and db[l] (l = 1 … L).</summary>
public sealed record DeepGradients<T>(Matrix<T>[] dW, Matrix<T>[] db) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// A network of any depth: layers l = 1 … L with weights W[l] (units of l−1 × units of l) and biases b[l] (1 × units),
/// hidden layers a[l] = f(a[l−1]·W[l] + b[l]) with one <see cref="Activation"/> f, and an <see cref="Beyond.Output"/>
/// layer. With one sigmoid hidden layer, softmax and the lesson's initialisation it is the lesson's network, and its
/// forward and backward passes give the lesson's numbers (a test checks it). Index 0 of W and b is unused, so that
/// W[l] is layer l as in the formulas.
/// </summary>
public sealed class DeepNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Matrix<T>[] W { get; }
    public Matrix<T>[] b { get; }
    public Activation Hidden { get; }
    public Output Output { get; }

    /// <summary>The number of layers with weights, L (the hidden layers and the output layer).</summary>
    public int Layers => W.Length - 1;

    /// <summary>Units per layer, input first: 784, 64, 10 for the lesson.</summary>
    public int[] Sizes => [W[1].Rows, .. W[1..].Select(w => w.Cols)];

    public DeepNetwork(Matrix<T>[] W, Matrix<T>[] b, Activation hidden, Output output)
    {
        if (W.Length != b.Length || W.Length < 2) throw Shapes.Mismatch(Strings.ShapeDeepLayers);
        for (int l = 1; l < W.Length; l++)
        {
            if (b[l].Rows != 1 || b[l].Cols != W[l].Cols) throw Shapes.Mismatch(Strings.ShapeDeepBias, l, b[l].Shape, W[l].Shape, W[l].Cols);
            if (l > 1 && W[l].Rows != W[l - 1].Cols) throw Shapes.Mismatch(Strings.ShapeDeepChain, l, W[l].Shape, l - 1, W[l - 1].Cols);
        }
        (this.W, this.b, Hidden, Output) = (W, b, hidden, output);
    }

    /// <summary>
    /// A new network with the given layer sizes (input first, e.g. [784, 64, 10]), weights drawn from a normal
    /// distribution with the standard deviation of <paramref name="init"/> and zero biases. The draws come from one
    /// seeded generator, layer after layer, as the lesson's: [784, 64, 10] with <see cref="Init.Lesson"/> and the
    /// same seed gives the lesson's initial network.
    /// </summary>
    public static DeepNetwork<T> Create(int[] sizes, Activation hidden = Activation.Sigmoid, Output output = Output.SoftmaxCrossEntropy,
        Init init = Init.Lesson, int seed = 1)
    {
        if (sizes is null || sizes.Length < 2 || sizes.Any(s => s < 1))
            throw new ArgumentException(Strings.DeepSizes, nameof(sizes));
        var rng = new PortableRandom(seed, stream: 0);
        var W = new Matrix<T>[sizes.Length];
        var b = new Matrix<T>[sizes.Length];
        W[0] = b[0] = new Matrix<T>(1, 1); // unused: layer 0 is the input
        for (int l = 1; l < sizes.Length; l++)
        {
            W[l] = Maths.RandomNormal<T>(sizes[l - 1], sizes[l], rng, InitScale.Of(init, sizes[l - 1], sizes[l]));
            b[l] = new Matrix<T>(1, sizes[l]);
        }
        return new(W, b, hidden, output);
    }

    /// <summary>The lesson's network as a <see cref="DeepNetwork{T}"/> (a copy of its weights): one sigmoid layer, softmax.</summary>
    public static DeepNetwork<T> From(Network<T> net) =>
        new([new Matrix<T>(1, 1), net.W1.Clone(), net.W2.Clone()], [new Matrix<T>(1, 1), net.b1.Clone(), net.b2.Clone()],
            Activation.Sigmoid, Output.SoftmaxCrossEntropy);

    /// <summary>
    /// The forward pass: a[0] = X; for each layer z[l] = a[l−1]·W[l] + b[l], then a[l] = f(z[l]) for a hidden layer,
    /// softmax(z[L]) or σ(z[L]) for the output layer.
    /// </summary>
    public DeepPass<T> Forward(Matrix<T> X)
    {
        if (X.Cols != W[1].Rows) throw Shapes.Mismatch(Strings.ShapeDeepForward, W[1].Rows, X.Shape);
        var z = new Matrix<T>[W.Length];
        var a = new Matrix<T>[W.Length];
        a[0] = X;
        z[0] = X;
        for (int l = 1; l <= Layers; l++)
        {
            z[l] = LinearAlgebra.MatMul(a[l - 1], W[l]);                 // (n × units of l−1)·(units of l−1 × units of l)
            LinearAlgebra.AddRowVector(z[l], b[l]);
            if (l < Layers) a[l] = Map(z[l], v => Nonlinear.Apply(Hidden, v));
            else a[l] = Output == Output.SoftmaxCrossEntropy ? Maths.Softmax(z[l]) : Maths.Sigmoid(z[l]);
        }
        return new(z, a);
    }

    /// <summary>The data part of the loss: cross-entropy −(1/n) Σ log ŷ_true, or MSE (1/2n) Σ ‖ŷ − y‖².</summary>
    public T Loss(Matrix<T> Y, Matrix<T> output)
    {
        if (Output == Output.SoftmaxCrossEntropy) return Maths.CrossEntropy(Y, output);
        Shapes.RequireSame(Y, output, "Loss (Y, output)");
        T sum = T.Zero;
        for (int i = 0; i < Y.Data.Length; i++) sum += (output.Data[i] - Y.Data[i]) * (output.Data[i] - Y.Data[i]);
        return sum / T.CreateChecked(2 * Y.Rows);
    }

    /// <summary>The L2 penalty (λ/2) Σ_l ‖W[l]‖² (weights only, not biases).</summary>
    public T Penalty(double weightDecay)
    {
        T sum = T.Zero;
        for (int l = 1; l <= Layers; l++)
            foreach (T w in W[l].Data) sum += w * w;
        return T.CreateChecked(weightDecay / 2) * sum;
    }

    /// <summary>
    /// Backpropagation for any depth, the general δ recursion (δ[l] = ∂L/∂z[l] times n, one row per sample):
    /// <code>
    /// δ[L] = ŷ − Y                                  softmax + cross-entropy
    /// δ[L] = (ŷ − Y) ⊙ σ′(z[L])                      sigmoid + MSE
    /// δ[l] = (δ[l+1]·W[l+1]ᵀ) ⊙ f′(z[l])             every hidden layer, from the top down
    /// dW[l] = a[l−1]ᵀ·δ[l] / n
    /// db[l] = Σ_rows δ[l] / n
    /// </code>
    /// For L = 2 these are the lesson's six lines (notebook 06). The L2 penalty's term is added by <see cref="AddWeightDecay"/>.
    /// </summary>
    public DeepGradients<T> Backward(DeepPass<T> pass, Matrix<T> Y)
    {
        var (z, a) = (pass.z, pass.a);
        Shapes.RequireSame(Y, a[^1], "Backward (Y, output)");
        T n = T.CreateChecked(Y.Rows);
        var dW = new Matrix<T>[W.Length];
        var db = new Matrix<T>[W.Length];
        dW[0] = db[0] = new Matrix<T>(1, 1);

        var delta = LinearAlgebra.Subtract(a[Layers], Y);                           // δ[L] = ŷ − Y
        if (Output == Output.SigmoidMse)
            Multiply(delta, a[Layers], (d, y) => d * y * (T.One - y));              //      ⊙ σ′(z[L]) = ŷ(1 − ŷ)
        for (int l = Layers; l >= 1; l--)
        {
            dW[l] = LinearAlgebra.MatMulTransposeA(a[l - 1], delta);                // dW[l] = a[l−1]ᵀ·δ[l]
            LinearAlgebra.Scale(dW[l], T.One / n);                                  //        / n
            db[l] = LinearAlgebra.ColumnSums(delta);                                // db[l] = Σ_rows δ[l]
            LinearAlgebra.Scale(db[l], T.One / n);                                  //        / n
            if (l == 1) break;
            var below = LinearAlgebra.MatMulTransposeB(delta, W[l]);                // δ[l−1] = δ[l]·W[l]ᵀ
            int k = 0;
            var (zl, al) = (z[l - 1], a[l - 1]);
            foreach (ref T d in below.Data.AsSpan())                                //        ⊙ f′(z[l−1])
            {
                d *= Nonlinear.Derivative(Hidden, zl.Data[k], al.Data[k]);
                k++;
            }
            delta = below;
        }
        return new(dW, db);
    }

    /// <summary>dW[l] += λ·W[l] for every layer: the gradient of the L2 penalty (λ/2) Σ_l ‖W[l]‖². Biases are not penalised.</summary>
    public void AddWeightDecay(DeepGradients<T> g, double weightDecay)
    {
        T lambda = T.CreateChecked(weightDecay);
        for (int l = 1; l <= Layers; l++)
            for (int i = 0; i < g.dW[l].Data.Length; i++) g.dW[l].Data[i] += lambda * W[l].Data[i];
    }

    /// <summary>W[l] ← W[l] − η·dW[l] and b[l] ← b[l] − η·db[l] for every layer.</summary>
    public void Update(DeepGradients<T> g, double learningRate)
    {
        T eta = T.CreateChecked(learningRate);
        for (int l = 1; l <= Layers; l++)
        {
            for (int i = 0; i < W[l].Data.Length; i++) W[l].Data[i] -= eta * g.dW[l].Data[i];
            for (int i = 0; i < b[l].Data.Length; i++) b[l].Data[i] -= eta * g.db[l].Data[i];
        }
    }

    /// <summary>The predicted class of every row of X.</summary>
    public int[] Predict(Matrix<T> X) => LinearAlgebra.ArgMaxRows(Forward(X).Output);

    public DeepNetwork<T> Clone() => new([.. W.Select(w => w.Clone())], [.. b.Select(v => v.Clone())], Hidden, Output);

    public DeepNetwork<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut> =>
        new([.. W.Select(w => w.Cast<TOut>())], [.. b.Select(v => v.Cast<TOut>())], Hidden, Output);

    /// <summary>"784 → 64 sigmoid → 10 softmax (cross-entropy)".</summary>
    public override string ToString() =>
        string.Join(" → ", Sizes.Select((s, l) => l == 0 ? $"{s}" : l < Layers ? $"{s} {Hidden.ToString().ToLowerInvariant()}"
            : $"{s} {(Output == Output.SoftmaxCrossEntropy ? Strings.NetworkSoftmaxCe : Strings.NetworkSigmoidMse)}"));

    private static Matrix<T> Map(Matrix<T> M, Func<T, T> f)
    {
        var R = new Matrix<T>(M.Rows, M.Cols);
        for (int i = 0; i < M.Data.Length; i++) R.Data[i] = f(M.Data[i]);
        return R;
    }

    private static void Multiply(Matrix<T> M, Matrix<T> by, Func<T, T, T> f)
    {
        for (int i = 0; i < M.Data.Length; i++) M.Data[i] = f(M.Data[i], by.Data[i]);
    }
}
