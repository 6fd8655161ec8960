using Mlp.Beyond;
using static Mlp.Exercises.Checking;

namespace Mlp.Exercises;

/// <summary>
/// The derivation exercises of the optional notebooks 09–11. Each reference answer is not a formula but a gradient
/// check: central finite differences of the loss, so a student's derivation is tested against the definition of the
/// derivative. Typical wrong derivations get their own hint.
/// </summary>
internal static class FiniteDifferences
{
    /// <summary>∂loss/∂P[i] for every entry of P, by central differences with h = 1e−5 (double precision).</summary>
    public static Matrix<double> Gradient(Matrix<double> P, Func<double> loss, double h = 1e-5)
    {
        var g = new Matrix<double>(P.Rows, P.Cols);
        for (int i = 0; i < P.Data.Length; i++)
        {
            double saved = P.Data[i];
            P.Data[i] = saved + h; double plus = loss();
            P.Data[i] = saved - h; double minus = loss();
            P.Data[i] = saved;
            g.Data[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    public static Matrix<double> Times(Matrix<double> A, Matrix<double> B) => new(A.Rows, A.Cols, A.Data.Zip(B.Data, (x, y) => x * y).ToArray());
}

/// <summary>
/// Notebook 09: the output layer's error signal for sigmoid outputs and MSE, L = (1/2n) Σ ‖a2 − y‖², a2 = σ(z2):
/// dz2 = (a2 − Y) ⊙ a2 ⊙ (1 − a2), per sample (n·∂L/∂z2, as the lesson's dz2 = a2 − Y).
/// Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;&gt;</c> taking (a2, Y).
/// </summary>
public static class SigmoidMseOutputExercise
{
    public const string Title = "Exercise 09.1 · the output error of sigmoid + MSE";

    public static ExerciseResult Check(Func<Matrix<double>, Matrix<double>, Matrix<double>> outputError) => Run(Title, () =>
    {
        RequireFunction(outputError);
        const int n = 5, k = 3;
        var z2 = RandomMatrix(n, k, seed: 41, scale: 3);
        var Y = OneHot([0, 2, 1, 1, 0], k);
        double Loss()
        {
            var a = Maths.Sigmoid(z2);
            return a.Data.Zip(Y.Data, (p, y) => (p - y) * (p - y)).Sum() / (2.0 * n);
        }
        var expected = Scaled(FiniteDifferences.Gradient(z2, Loss), n);   // n·∂L/∂z2, by a gradient check
        var a2 = Maths.Sigmoid(z2);
        var diff = LinearAlgebra.Subtract(a2, Y);
        var slope = Map(a2, a => a * (1 - a));
        var got = Call(() => outputError(a2.Clone(), Y.Clone()), $"a batch of n = {n} (a2 {a2.Shape}, Y {Y.Shape})");
        RequireShape(got, expected, "dz2", "one entry per sample and output, like a2");
        RequireValues(expected, got, "dz2", $"a batch of n = {n}",
            new("dz2 = a2 − Y is the error of softmax with cross-entropy. With sigmoid outputs and MSE the chain rule goes through σ too: " +
                "dz2 = (a2 − Y) ⊙ σ′(z2), and σ′(z2) = a2 ⊙ (1 − a2).", () => diff),
            new("You multiplied by a2 = σ(z2); the chain rule needs the derivative σ′(z2) = a2 ⊙ (1 − a2).", () => FiniteDifferences.Times(diff, a2)),
            new("dz2 is twice too big: the ½ in L = (1/2n) Σ ‖a2 − y‖² cancels the 2 of the square's derivative.", () => Scaled(FiniteDifferences.Times(diff, slope), 2)),
            new($"dz2 is n = {n} times too small: like the lesson's dz2, it is one error per sample; the 1/n comes later, in dW2 = a1ᵀ·dz2 / n.",
                () => Scaled(FiniteDifferences.Times(diff, slope), 1.0 / n)),
            new("dz2 has the wrong sign: it is (a2 − Y) ⊙ σ′(z2), prediction minus target, so that a step against it moves a2 towards Y.",
                () => Scaled(FiniteDifferences.Times(diff, slope), -1)));
        return $"dz2 {got.Shape} = (a2 − Y) ⊙ a2 ⊙ (1 − a2): it matches the finite differences of the MSE loss, n·∂L/∂z2.";
    });
}

/// <summary>
/// Notebook 10: the L2 penalty's term in dW. The loss is L + (λ/2) Σ ‖W‖² over the weight matrices (not the biases),
/// so dW_total = dW + λ·W. Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, double, Matrix&lt;double&gt;&gt;</c>
/// taking (dW, W, λ): dW is the data part's gradient, W the weights.
/// </summary>
public static class WeightDecayExercise
{
    public const string Title = "Exercise 10.1 · the L2 term in dW";

    public static ExerciseResult Check(Func<Matrix<double>, Matrix<double>, double, Matrix<double>> withWeightDecay) => Run(Title, () =>
    {
        RequireFunction(withWeightDecay);
        const double lambda = 0.3;
        var net = DeepNetwork<double>.Create([6, 4, 3], seed: 43);
        var X = RandomMatrix(5, 6, seed: 44);
        var Y = OneHot([0, 2, 1, 1, 0], 3);
        var dW = net.Backward(net.Forward(X), Y).dW[1];
        var W = net.W[1];
        // The reference is a gradient check of the whole loss, data and penalty.
        var expected = FiniteDifferences.Gradient(W, () => net.Loss(Y, net.Forward(X).Output) + net.Penalty(lambda));
        var got = Call(() => withWeightDecay(dW.Clone(), W.Clone(), lambda), $"dW {dW.Shape}, W {W.Shape}, λ = {lambda}");
        RequireShape(got, expected, "the gradient", "the shape of W");
        Matrix<double> Plus(double c) => new(W.Rows, W.Cols, dW.Data.Zip(W.Data, (d, w) => d + c * w).ToArray());
        RequireValues(expected, got, "the gradient", $"λ = {lambda}",
            new("You returned dW unchanged: the penalty (λ/2) Σ w² is part of the loss, so its derivative λ·w joins every weight's gradient.", () => dW),
            new("The L2 term is twice too big: the derivative of (λ/2) w² is λ·w; the ½ is there to cancel the 2.", () => Plus(2 * lambda)),
            new("The L2 term has the wrong sign: the penalty grows with |w|, so its gradient λ·w points away from 0 and the step W − η·λ·W shrinks W.", () => Plus(-lambda)),
            new("You added λ to every entry: the derivative of (λ/2) w² with respect to w is λ·w, proportional to the weight.",
                () => new(W.Rows, W.Cols, dW.Data.Select(d => d + lambda).ToArray())),
            new("You divided the L2 term by n = 5: here the penalty is added to the mean loss as it is, (λ/2) Σ w², so its term is λ·W. " +
                "(Nielsen writes it as (λ/2n) Σ w² with n the size of the training set: the same idea with λ scaled.)", () => Plus(lambda / 5)));
        return $"dW + λ·W matches the finite differences of L + (λ/2) Σ ‖W‖²: each step now also shrinks every weight by the factor 1 − η·λ.";
    });
}

/// <summary>
/// Notebook 11: the backward pass of a tanh hidden layer: dz = (dz_above·W_aboveᵀ) ⊙ (1 − tanh² z), dW = a_belowᵀ·dz / n,
/// db = Σ_rows dz / n. Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;,
/// (Matrix&lt;double&gt; dz, Matrix&lt;double&gt; dW, Matrix&lt;double&gt; db)&gt;</c> taking (dzAbove, WAbove, z, aBelow).
/// </summary>
public static class TanhLayerExercise
{
    public const string Title = "Exercise 11.1 · the backward pass of a tanh layer";

    public static ExerciseResult Check(
        Func<Matrix<double>, Matrix<double>, Matrix<double>, Matrix<double>, (Matrix<double> dz, Matrix<double> dW, Matrix<double> db)> tanhLayer) => Run(Title, () =>
    {
        RequireFunction(tanhLayer);
        // A real network: a_below (5×6) → tanh layer (6×4) → softmax output (4×3), cross-entropy.
        var net = DeepNetwork<double>.Create([6, 4, 3], Activation.Tanh, Output.SoftmaxCrossEntropy, Init.Glorot, seed: 45);
        LinearAlgebra.AddRowVector(net.b[1], RandomMatrix(1, 4, seed: 46));
        var aBelow = RandomMatrix(5, 6, seed: 47, scale: 1.5);
        var Y = OneHot([0, 2, 1, 1, 0], 3);
        int n = aBelow.Rows;
        var pass = net.Forward(aBelow);
        var (z, dzAbove, WAbove) = (pass.z[1], LinearAlgebra.Subtract(pass.Output, Y), net.W[2]);
        double Loss() => net.Loss(Y, net.Forward(aBelow).Output);
        // The references are gradient checks: finite differences of the loss.
        var dW = FiniteDifferences.Gradient(net.W[1], Loss);
        var db = FiniteDifferences.Gradient(net.b[1], Loss);
        var back = LinearAlgebra.MatMulTransposeB(dzAbove, WAbove);
        Matrix<double> Dz(Func<double, double> slope) => FiniteDifferences.Times(back, Map(z, slope));
        var dz = Dz(v => 1 - Math.Tanh(v) * Math.Tanh(v));

        var got = Call(() => tanhLayer(dzAbove.Clone(), WAbove.Clone(), z.Clone(), aBelow.Clone()),
            $"a batch of n = {n} (dzAbove {dzAbove.Shape}, WAbove {WAbove.Shape}, z {z.Shape}, aBelow {aBelow.Shape})");
        RequireShape(got.dz, dz, "dz", $"n × units: (n×above)·(above×units) = ({dzAbove.Rows}×{dzAbove.Cols})·({WAbove.Cols}×{WAbove.Rows})",
            "dz = dzAbove·WAboveᵀ, with dzAbove first.");
        RequireValues(dz, got.dz, "dz", "the batch",
            new("dz = dzAbove·WAboveᵀ is missing the layer's own derivative: dz = (dzAbove·WAboveᵀ) ⊙ tanh′(z).", () => back),
            new("You multiplied by 1 − z²: tanh′(z) = 1 − tanh²(z), the square of the activation a = tanh z, not of z.", () => Dz(v => 1 - v * v)),
            new("You used σ′(z) = σ(z)(1 − σ(z)), the sigmoid's derivative: this layer is tanh, whose derivative is 1 − tanh²(z).",
                () => Dz(Maths.SigmoidDerivative)),
            new("You multiplied by tanh(z) itself; the chain rule needs its derivative 1 − tanh²(z).", () => Dz(Math.Tanh)));
        RequireShape(got.dW, dW, "dW", $"the shape of the layer's weights: aBelowᵀ·dz is ({aBelow.Cols}×{n})·({n}×{dz.Cols})",
            "dzᵀ·aBelow gives the transpose: dW = aBelowᵀ·dz / n.");
        RequireValues(dW, got.dW, "dW", "the batch (compared with finite differences of the loss)",
            new($"dW is n = {n} times too big: dW = aBelowᵀ·dz / n (the loss is a mean over the samples).", () => Scaled(dW, n)),
            new("dW has the wrong sign: dW = aBelowᵀ·dz / n, with no minus.", () => Scaled(dW, -1)));
        if (got.db is not null && got.db.Data.Length == n && n != db.Data.Length)
            throw Fail($"db is {got.db.Shape}, one entry per sample: sum dz down each column (over the samples), db = Σ_rows dz / n.");
        RequireShape(got.db, db, "db", "one entry per unit, like the bias");
        RequireValues(db, got.db, "db", "the batch (compared with finite differences of the loss)",
            new Mistake($"db is n = {n} times too big: db = Σ_rows dz / n.", () => Scaled(db, n)));
        return $"dz, dW {got.dW.Shape} and db {got.db.Shape} match the finite differences of the loss: the error went back through tanh.";
    });
}
