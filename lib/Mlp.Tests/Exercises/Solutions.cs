namespace Mlp.Tests.Exercises;

using Maths = Mlp.Maths;

/// <summary>
/// Reference solutions to the notebook exercises (lib/Mlp.Exercises), for teachers. They are written the
/// way a student would write them in the exercise cell of a notebook, using only what the notebook has
/// taught up to that point, and every one of them must pass its check (see the tests beside this file).
/// They live in the test project so that a student who browses the library does not meet them by accident.
/// </summary>
public static class Solutions
{
    // ── 01 initialisation ─────────────────────────────────────────────────────────────────────────

    /// <summary>01.1: W = randn(fan_in, fan_out) · √(1/fan_in).</summary>
    public static Matrix<double> InitWeights(int fanIn, int fanOut, Random rng)
    {
        var W = new Matrix<double>(fanIn, fanOut);
        double scale = Math.Sqrt(1.0 / fanIn);
        for (int i = 0; i < W.Data.Length; i++)
            W.Data[i] = Maths.StandardNormal(rng) * scale;
        return W;
    }

    /// <summary>01.2: each weight matrix scaled by its own fan-in; biases start at zero.</summary>
    public static Network<double> InitNetwork(int inputSize, int hiddenSize, int outputSize, Random rng)
    {
        var W1 = InitWeights(inputSize, hiddenSize, rng);
        var b1 = new Matrix<double>(1, hiddenSize);   // a new matrix is all zeros
        var W2 = InitWeights(hiddenSize, outputSize, rng);
        var b2 = new Matrix<double>(1, outputSize);
        return new Network<double>(W1, b1, W2, b2);
    }

    // ── 02 sigmoid ────────────────────────────────────────────────────────────────────────────────

    /// <summary>02.1: the split formula, whose exponent is never positive.</summary>
    public static double Sigmoid(double z) =>
        z >= 0 ? 1 / (1 + Math.Exp(-z))
               : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>02.2: σ'(z) = a·(1 − a) with a = σ(z).</summary>
    public static double SigmoidDerivative(double z)
    {
        double a = Sigmoid(z);
        return a * (1 - a);
    }

    // ── 03 softmax ────────────────────────────────────────────────────────────────────────────────

    /// <summary>03.1: subtract the max, exponentiate, divide by the sum.</summary>
    public static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>03.2: the vector softmax on each row.</summary>
    public static Matrix<double> SoftmaxRows(Matrix<double> Z)
    {
        var P = new Matrix<double>(Z.Rows, Z.Cols);
        for (int r = 0; r < Z.Rows; r++)
            Softmax(Z.Row(r).ToArray()).CopyTo(P.Row(r));
        return P;
    }

    // ── 04 forward pass ───────────────────────────────────────────────────────────────────────────

    /// <summary>04.1: z1 = X·W1 + b1, a1 = σ(z1), z2 = a1·W2 + b2, a2 = softmax(z2).</summary>
    public static (Matrix<double> z1, Matrix<double> a1, Matrix<double> z2, Matrix<double> a2) ForwardPass(Matrix<double> X, Network<double> net)
    {
        var z1 = LinearAlgebra.MatMul(X, net.W1);
        LinearAlgebra.AddRowVector(z1, net.b1);
        var a1 = Maths.Sigmoid(z1);
        var z2 = LinearAlgebra.MatMul(a1, net.W2);
        LinearAlgebra.AddRowVector(z2, net.b2);
        var a2 = SoftmaxRows(z2);
        return (z1, a1, z2, a2);
    }

    // ── 05 loss ───────────────────────────────────────────────────────────────────────────────────

    /// <summary>05.1: the mean over the samples of −ln(probability of the true class).</summary>
    public static double CrossEntropy(Matrix<double> Y, Matrix<double> a2)
    {
        double sum = 0;
        for (int i = 0; i < Y.Rows; i++)
            for (int j = 0; j < Y.Cols; j++)
                if (Y[i, j] == 1) sum += -Math.Log(a2[i, j]);
        return sum / Y.Rows;
    }

    // ── 06 backpropagation ────────────────────────────────────────────────────────────────────────

    /// <summary>06.1: dz2 = a2 − Y, dW2 = a1ᵀ·dz2 / n, db2 = column sums of dz2 / n.</summary>
    public static (Matrix<double> dW2, Matrix<double> db2) OutputLayerGradients(Matrix<double> a1, Matrix<double> a2, Matrix<double> Y)
    {
        int n = Y.Rows;
        var dz2 = LinearAlgebra.Subtract(a2, Y);
        var dW2 = LinearAlgebra.MatMulTransposeA(a1, dz2);
        LinearAlgebra.Scale(dW2, 1.0 / n);
        var db2 = LinearAlgebra.ColumnSums(dz2);
        LinearAlgebra.Scale(db2, 1.0 / n);
        return (dW2, db2);
    }

    /// <summary>06.2: dz1 = (dz2·W2ᵀ) ⊙ σ'(z1), dW1 = Xᵀ·dz1 / n, db1 = column sums of dz1 / n.</summary>
    public static (Matrix<double> dz1, Matrix<double> dW1, Matrix<double> db1) HiddenLayerGradients(
        Matrix<double> dz2, Matrix<double> W2, Matrix<double> z1, Matrix<double> X)
    {
        int n = X.Rows;
        var dz1 = LinearAlgebra.MatMulTransposeB(dz2, W2);
        for (int i = 0; i < dz1.Data.Length; i++)
            dz1.Data[i] *= SigmoidDerivative(z1.Data[i]);
        var dW1 = LinearAlgebra.MatMulTransposeA(X, dz1);
        LinearAlgebra.Scale(dW1, 1.0 / n);
        var db1 = LinearAlgebra.ColumnSums(dz1);
        LinearAlgebra.Scale(db1, 1.0 / n);
        return (dz1, dW1, db1);
    }

    /// <summary>06.3: the central difference (L(w + h) − L(w − h)) / 2h for weight i, the weight put back.</summary>
    public static double GradientCheck(Func<double> loss, double[] weights, int i, double h)
    {
        double saved = weights[i];
        weights[i] = saved + h;
        double plus = loss();
        weights[i] = saved - h;
        double minus = loss();
        weights[i] = saved;
        return (plus - minus) / (2 * h);
    }

    // ── 07 training ───────────────────────────────────────────────────────────────────────────────

    /// <summary>07.1: W ← W − η·dW for every parameter, in place.</summary>
    public static void UpdateWeights(Network<double> net, Gradients<double> g, double learningRate)
    {
        foreach (var (W, dW) in new[] { (net.W1, g.dW1), (net.b1, g.db1), (net.W2, g.dW2), (net.b2, g.db2) })
            for (int i = 0; i < W.Data.Length; i++)
                W.Data[i] -= learningRate * dW.Data[i];
    }

    /// <summary>07.2: one epoch of minibatch SGD: shuffle, slice, forward, backward, update.</summary>
    public static void MinibatchLoop(Network<double> net, Dataset<double> data, int batchSize, double learningRate, Random rng)
    {
        // Shuffle the sample indices (Fisher–Yates): every order equally likely.
        int n = data.Count;
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        // Batches of batchSize samples in that order; the last one holds what is left.
        for (int start = 0; start < n; start += batchSize)
        {
            int rows = Math.Min(batchSize, n - start);
            var batch = data.Subset(order[start..(start + rows)]);
            var f = Maths.ForwardPass(batch.X, net);                 // z1, a1, z2, a2
            var g = Maths.BackwardPass(batch.X, batch.Y, f, net);    // dW1, db1, dW2, db2: means over the batch
            Maths.UpdateWeights(net, g, learningRate);               // W ← W − η·dW
        }
    }

    // ── 09–11 beyond the lesson (optional notebooks) ─────────────────────────────────────────────

    /// <summary>09.1: sigmoid outputs with MSE: dz2 = (a2 − Y) ⊙ σ′(z2), with σ′(z2) = a2 ⊙ (1 − a2).</summary>
    public static Matrix<double> SigmoidMseOutput(Matrix<double> a2, Matrix<double> Y)
    {
        var dz2 = LinearAlgebra.Subtract(a2, Y);
        for (int i = 0; i < dz2.Data.Length; i++)
            dz2.Data[i] *= a2.Data[i] * (1 - a2.Data[i]);
        return dz2;
    }

    /// <summary>10.1: the gradient of L + (λ/2) Σ w² is dW + λ·W.</summary>
    public static Matrix<double> WeightDecay(Matrix<double> dW, Matrix<double> W, double lambda)
    {
        var total = dW.Clone();
        for (int i = 0; i < total.Data.Length; i++)
            total.Data[i] += lambda * W.Data[i];
        return total;
    }

    /// <summary>11.1: a tanh layer: dz = (dzAbove·WAboveᵀ) ⊙ (1 − tanh² z), dW = aBelowᵀ·dz / n, db = column sums of dz / n.</summary>
    public static (Matrix<double> dz, Matrix<double> dW, Matrix<double> db) TanhLayer(
        Matrix<double> dzAbove, Matrix<double> WAbove, Matrix<double> z, Matrix<double> aBelow)
    {
        int n = aBelow.Rows;
        var dz = LinearAlgebra.MatMulTransposeB(dzAbove, WAbove);
        for (int i = 0; i < dz.Data.Length; i++)
            dz.Data[i] *= 1 - Math.Tanh(z.Data[i]) * Math.Tanh(z.Data[i]);
        var dW = LinearAlgebra.MatMulTransposeA(aBelow, dz);
        LinearAlgebra.Scale(dW, 1.0 / n);
        var db = LinearAlgebra.ColumnSums(dz);
        LinearAlgebra.Scale(db, 1.0 / n);
        return (dz, dW, db);
    }
}
