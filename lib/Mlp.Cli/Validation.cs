namespace Mlp.Cli;

/// <summary>
/// Interim: the validation split, until the library's <c>Dataset&lt;T&gt;.HoldOut</c> and
/// <c>Trainer.Fit(..., validation:)</c> (course-b lane) are merged; then this file goes.
/// </summary>
internal static class Validation
{
    private static readonly Dictionary<EpochStats, (double Loss, double Accuracy)> Figures = new(ReferenceEqualityComparer.Instance);

    public static (Dataset<float> Train, Dataset<float> Validation) HoldOut(Dataset<float> data, int count, int seed)
    {
        var rng = new Random(seed);
        var byClass = Enumerable.Range(0, data.Classes).Select(c => Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).OrderBy(_ => rng.Next()).ToList()).ToList();
        var held = new List<int>();
        for (int c = 0; c < byClass.Count; c++)
            held.AddRange(byClass[c].Take((int)Math.Round((double)count * byClass[c].Count / data.Count)));
        var heldSet = held.ToHashSet();
        var rest = Enumerable.Range(0, data.Count).Where(i => !heldSet.Contains(i)).ToArray();
        return (data.Subset(rest, data.Name), data.Subset(held.Order().ToArray(), data.Name.Replace("train", "validation")));
    }

    public static void Fit(Trainer<float> trainer, Dataset<float> train, Dataset<float> test, Dataset<float>? validation, Action<EpochStats> onEpoch, CancellationToken token) =>
        trainer.Fit(train, test, e =>
        {
            if (validation is not null)
            {
                var a2 = Maths.ForwardPass(validation.X, trainer.Network).a2;
                Figures[e] = (Maths.CrossEntropy<float>(validation.Labels, a2), Evaluation.Accuracy(trainer.Network, validation));
            }
            onEpoch(e);
        }, token);

    public static double? Loss(EpochStats? e) => e is not null && Figures.TryGetValue(e, out var f) ? f.Loss : null;
    public static double? Accuracy(EpochStats? e) => e is not null && Figures.TryGetValue(e, out var f) ? f.Accuracy : null;
}
