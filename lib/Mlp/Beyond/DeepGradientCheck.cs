namespace Mlp.Beyond;

/// <summary>
/// <see cref="DeepNetwork{T}.Backward"/> (plus the L2 term) against central finite differences of the loss
/// L + (λ/2) Σ ‖W‖², for every layer's weights and biases: the same test as notebook 06's, for any depth, activation and loss.
/// </summary>
public static class DeepGradientCheck
{
    public static IReadOnlyList<GradientCheckResult> Run(DeepNetwork<double> net, Matrix<double> X, Matrix<double> Y, double weightDecay = 0,
        double h = 1e-5, int maxEntriesPerParameter = 200)
    {
        var g = net.Backward(net.Forward(X), Y);
        net.AddWeightDecay(g, weightDecay);
        double Loss() => net.Loss(Y, net.Forward(X).Output) + net.Penalty(weightDecay);

        var results = new List<GradientCheckResult>();
        for (int l = 1; l <= net.Layers; l++)
            foreach (var (name, P, dP) in new[] { ($"W{l}", net.W[l], g.dW[l]), ($"b{l}", net.b[l], g.db[l]) })
            {
                int step = Math.Max(1, P.Data.Length / maxEntriesPerParameter);
                double maxRel = 0, maxAbs = 0;
                int count = 0;
                for (int i = 0; i < P.Data.Length; i += step, count++)
                {
                    double saved = P.Data[i];
                    P.Data[i] = saved + h; double plus = Loss();
                    P.Data[i] = saved - h; double minus = Loss();
                    P.Data[i] = saved;
                    double numeric = (plus - minus) / (2 * h);
                    maxAbs = Math.Max(maxAbs, Math.Abs(dP.Data[i] - numeric));
                    maxRel = Math.Max(maxRel, GradientCheck.RelativeError(dP.Data[i], numeric));
                }
                results.Add(new GradientCheckResult(name, P.Shape, maxRel, maxAbs, count));
            }
        return results;
    }
}
