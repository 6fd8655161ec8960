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
        {
            results.Add(GradientCheck.Compare($"W{l}", net.W[l], g.dW[l], Loss, h, maxEntriesPerParameter));
            results.Add(GradientCheck.Compare($"b{l}", net.b[l], g.db[l], Loss, h, maxEntriesPerParameter));
        }
        return results;
    }
}
