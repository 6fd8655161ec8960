using System.Globalization;
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
    public static string Title => Strings.ExBeyond01;

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
        var got = Call(() => outputError(a2.Clone(), Y.Clone()), string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond02, n, a2.Shape, Y.Shape));
        RequireShape(got, expected, "dz2", Strings.ExBeyond03);
        RequireValues(expected, got, "dz2", string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond04, n),
            new(Strings.ExBeyond05, () => diff),
            new(Strings.ExBeyond06, () => FiniteDifferences.Times(diff, a2)),
            new(Strings.ExBeyond07, () => Scaled(FiniteDifferences.Times(diff, slope), 2)),
            new(string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond08, n),
                () => Scaled(FiniteDifferences.Times(diff, slope), 1.0 / n)),
            new(Strings.ExBeyond09,
                () => Scaled(FiniteDifferences.Times(diff, slope), -1)));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond10, got.Shape);
    });
}

/// <summary>
/// Notebook 10: the L2 penalty's term in dW. The loss is L + (λ/2) Σ ‖W‖² over the weight matrices (not the biases),
/// so dW_total = dW + λ·W. Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, double, Matrix&lt;double&gt;&gt;</c>
/// taking (dW, W, λ): dW is the data part's gradient, W the weights.
/// </summary>
public static class WeightDecayExercise
{
    public static string Title => Strings.ExBeyond11;

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
        RequireShape(got, expected, Strings.ExBeyond12, Strings.ExBeyond13);
        Matrix<double> Plus(double c) => new(W.Rows, W.Cols, dW.Data.Zip(W.Data, (d, w) => d + c * w).ToArray());
        RequireValues(expected, got, Strings.ExBeyond12, $"λ = {lambda}",
            new(Strings.ExBeyond14, () => dW),
            new(Strings.ExBeyond15, () => Plus(2 * lambda)),
            new(Strings.ExBeyond16, () => Plus(-lambda)),
            new(Strings.ExBeyond17,
                () => new(W.Rows, W.Cols, dW.Data.Select(d => d + lambda).ToArray())),
            new(Strings.ExBeyond18, () => Plus(lambda / 5)));
        return Strings.ExBeyond19;
    });
}

/// <summary>
/// Notebook 11: the backward pass of a tanh hidden layer: dz = (dz_above·W_aboveᵀ) ⊙ (1 − tanh² z), dW = a_belowᵀ·dz / n,
/// db = Σ_rows dz / n. Student signature: <c>Func&lt;Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;, Matrix&lt;double&gt;,
/// (Matrix&lt;double&gt; dz, Matrix&lt;double&gt; dW, Matrix&lt;double&gt; db)&gt;</c> taking (dzAbove, WAbove, z, aBelow).
/// </summary>
public static class TanhLayerExercise
{
    public static string Title => Strings.ExBeyond20;

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
            string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond21, n, dzAbove.Shape, WAbove.Shape, z.Shape, aBelow.Shape));
        RequireShape(got.dz, dz, "dz", string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond22, dzAbove.Rows, dzAbove.Cols, WAbove.Cols, WAbove.Rows),
            Strings.ExBeyond23);
        RequireValues(dz, got.dz, "dz", Strings.ExBeyond24,
            new(Strings.ExBeyond25, () => back),
            new(Strings.ExBeyond26, () => Dz(v => 1 - v * v)),
            new(Strings.ExBeyond27,
                () => Dz(Maths.SigmoidDerivative)),
            new(Strings.ExBeyond28, () => Dz(Math.Tanh)));
        RequireShape(got.dW, dW, "dW", string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond29, aBelow.Cols, n, dz.Cols),
            Strings.ExBeyond30);
        RequireValues(dW, got.dW, "dW", Strings.ExBeyond31,
            new(string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond32, n), () => Scaled(dW, n)),
            new(Strings.ExBeyond33, () => Scaled(dW, -1)));
        if (got.db is not null && got.db.Data.Length == n && n != db.Data.Length)
            throw Fail(string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond34, got.db.Shape));
        RequireShape(got.db, db, "db", Strings.ExBeyond35);
        RequireValues(db, got.db, "db", Strings.ExBeyond31,
            new Mistake(string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond36, n), () => Scaled(db, n)));
        return string.Format(CultureInfo.InvariantCulture, Strings.ExBeyond37, got.dW.Shape, got.db.Shape);
    });
}
