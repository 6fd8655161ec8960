namespace Mlp;

/// <summary>One parameter matrix's comparison of backprop against finite differences.</summary>
public sealed record GradientCheckResult(string Parameter, string Shape, double MaxRelativeError, double MaxAbsoluteError, int Checked)
{
    public override string ToString() => $"{Parameter,-4} {Shape,-10} max relative error {MaxRelativeError:E2} over {Checked} entries";
}

/// <summary>
/// Checks backpropagation against the definition of a derivative: for each parameter w,
/// ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h (central differences, error O(h²)). In double precision with
/// h = 1e−5 a correct gradient agrees to well below 1e−6 relative error (1e−9 to 1e−7 on notebook 06's small network:
/// the O(h²) truncation and the rounding of L, about 1e−16·L/h, limit it); a wrong one is off by far more, often near 1.
/// </summary>
public static class GradientCheck
{
    /// <summary>
    /// Compares <paramref name="gradients"/> (by default the library's own backward pass) with finite
    /// differences for every entry of W1, b1, W2 and b2 (or at most <paramref name="maxEntriesPerParameter"/>
    /// evenly spaced entries of each, for big networks).
    /// </summary>
    public static IReadOnlyList<GradientCheckResult> Run(Network<double> net, Matrix<double> X, Matrix<double> Y,
        Gradients<double>? gradients = null, double h = 1e-5, int maxEntriesPerParameter = int.MaxValue)
    {
        var g = gradients ?? Maths.BackwardPass(X, Y, Maths.ForwardPass(X, net), net);
        double Loss() => Maths.CrossEntropy(Y, Maths.ForwardPass(X, net).a2);

        int most = maxEntriesPerParameter;
        return [Compare("W1", net.W1, g.dW1, Loss, h, most), Compare("b1", net.b1, g.db1, Loss, h, most),
                Compare("W2", net.W2, g.dW2, Loss, h, most), Compare("b2", net.b2, g.db2, Loss, h, most)];
    }

    /// <summary>
    /// One parameter matrix <paramref name="W"/>: its gradient <paramref name="dW"/> against (L(w + h) − L(w − h)) / 2h for
    /// every entry (or at most <paramref name="maxEntries"/> evenly spaced ones), <paramref name="loss"/> computing L from the
    /// parameters as they are. Each entry is put back as it was.
    /// </summary>
    public static GradientCheckResult Compare(string name, Matrix<double> W, Matrix<double> dW, Func<double> loss,
        double h = 1e-5, int maxEntries = int.MaxValue)
    {
        Shapes.RequireSame(W, dW, $"GradientCheck ({name}, d{name})");
        int step = Math.Max(1, W.Data.Length / Math.Max(1, maxEntries));
        double maxRel = 0, maxAbs = 0;
        int count = 0;
        for (int i = 0; i < W.Data.Length; i += step, count++)
        {
            double saved = W.Data[i];
            W.Data[i] = saved + h; double plus = loss();
            W.Data[i] = saved - h; double minus = loss();
            W.Data[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = dW.Data[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(analytic - numeric));
            maxRel = Math.Max(maxRel, RelativeError(analytic, numeric));
        }
        return new GradientCheckResult(name, W.Shape, maxRel, maxAbs, count);
    }

    /// <summary>|a − b| / max(|a| + |b|, 1e−8): symmetric, and not fooled by two tiny numbers.</summary>
    public static double RelativeError(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(a) + Math.Abs(b), 1e-8);
}
