namespace Mlp.Tests.Training;

public class ValidationSplitTests
{
    /// <summary>n samples whose single feature is their index / n, so a row says which sample it is; class = label(i).</summary>
    private static Dataset<double> Indexed(int n, Func<int, int> label, int classes)
    {
        var X = new Matrix<double>(n, 1);
        for (int i = 0; i < n; i++) X[i, 0] = (double)i / n;
        return new Dataset<double>(X, Enumerable.Range(0, n).Select(label).ToArray(), classes, "indexed");
    }

    private static int[] Indices(Dataset<double> part, int n) => Enumerable.Range(0, part.Count).Select(r => (int)Math.Round(part.X[r, 0] * n)).ToArray();

    private static int[] CountPerClass(Dataset<double> d) =>
        Enumerable.Range(0, d.Classes).Select(c => d.Labels.Count(l => l == c)).ToArray();

    [Fact]
    public void Each_class_gives_its_share_of_the_validation_samples()
    {
        // 50 of class 0, 30 of class 1, 20 of class 2: a 10% hold-out takes 5, 3 and 2.
        var data = Indexed(100, i => i < 50 ? 0 : i < 80 ? 1 : 2, 3);
        var (train, validation) = data.HoldOut(10);
        Assert.Equal([5, 3, 2], CountPerClass(validation));
        Assert.Equal([45, 27, 18], CountPerClass(train));
    }

    [Fact]
    public void Rounding_gives_the_extra_samples_to_the_largest_remainders_and_the_total_is_exact()
    {
        // Shares of 7 from 40/35/25 of 100: 2.8, 2.45, 1.75 → floors 2, 2, 1 (5), the two largest remainders (0.8, 0.75) get one more.
        var data = Indexed(100, i => i < 40 ? 0 : i < 75 ? 1 : 2, 3);
        var (_, validation) = data.HoldOut(7);
        Assert.Equal([3, 2, 2], CountPerClass(validation));
        Assert.Equal(7, validation.Count);
    }

    [Fact]
    public void The_two_parts_are_disjoint_together_the_whole_and_keep_the_original_order()
    {
        const int n = 503;
        var data = Indexed(n, i => (i * 7) % 10, 10);
        var (train, validation) = data.HoldOut(61, seed: 3);
        var t = Indices(train, n);
        var v = Indices(validation, n);
        Assert.Equal(n - 61, t.Length);
        Assert.Empty(t.Intersect(v));
        Assert.Equal(Enumerable.Range(0, n), t.Concat(v).Order());
        Assert.Equal(t.Order(), t);
        Assert.Equal(v.Order(), v);
        // Each row keeps its own label.
        for (int r = 0; r < validation.Count; r++) Assert.Equal(data.Labels[v[r]], validation.Labels[r]);
        for (int r = 0; r < validation.Count; r++) Assert.Equal(1.0, validation.Y[r, validation.Labels[r]]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var data = Indexed(1000, i => i % 10, 10);
        var a = Indices(data.HoldOut(100, seed: 5).Validation, 1000);
        var b = Indices(data.HoldOut(100, seed: 5).Validation, 1000);
        var c = Indices(data.HoldOut(100, seed: 6).Validation, 1000);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Indices(data.HoldOut(100).Validation, 1000), Indices(data.HoldOut(100, seed: 1).Validation, 1000));
        // Random within each class, not the first samples of it.
        Assert.NotEqual(Enumerable.Range(0, 100), a);
    }

    [Theory]
    [InlineData(-1), InlineData(100), InlineData(101)]
    public void A_count_that_leaves_nothing_to_train_on_is_refused_with_the_range(int count)
    {
        var data = Indexed(100, i => i % 2, 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => data.HoldOut(count));
        Assert.Contains("between 0 and 99", e.Message);
        Assert.Contains("indexed", e.Message);
    }

    [Fact]
    public void Holding_out_nothing_keeps_every_sample_for_training()
    {
        var data = Indexed(50, i => i % 5, 5);
        var (train, validation) = data.HoldOut(0);
        Assert.Equal(50, train.Count);
        Assert.Equal(0, validation.Count);
    }
}

public class ValidationDuringTrainingTests
{
    private static readonly Dataset<float> All = TestData.Toy<float>(800, seed: 1);
    private static readonly Dataset<float> Test = TestData.Toy<float>(200, seed: 2);
    private static TrainingOptions Options => new() { Hidden = 16, LearningRate = 1.0, Epochs = 6, BatchSize = 32, Seed = 3 };

    /// <summary>Loss and accuracy computed here from the definitions, on the whole set at once.</summary>
    private static (double Loss, double Accuracy) Independently(Network<float> net, Dataset<float> data)
    {
        var a2 = Maths.ForwardPass(data.X, net).a2;
        double loss = Maths.CrossEntropy(data.Y, a2);
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            int best = 0;
            for (int c = 1; c < a2.Cols; c++) if (a2[i, c] > a2[i, best]) best = c;
            if (best == data.Labels[i]) correct++;
        }
        return (loss, (double)correct / data.Count);
    }

    [Fact]
    public void The_validation_and_test_figures_are_those_of_the_network_after_each_epoch()
    {
        var (train, validation) = All.HoldOut(200);
        var trainer = Trainer<float>.Create(Options, train.Features, train.Classes);
        var checkedEpochs = new List<int>();
        trainer.Fit(train, Test, onEpoch: e =>
        {
            var v = Independently(trainer.Network, validation);
            var t = Independently(trainer.Network, Test);
            Assert.Equal(v.Loss, e.ValidationLoss, 5);
            Assert.Equal(v.Accuracy, e.ValidationAccuracy, 12);
            Assert.Equal(t.Loss, e.TestLoss, 5);
            Assert.Equal(t.Accuracy, e.TestAccuracy, 12);
            checkedEpochs.Add(e.Epoch);
        }, validation: validation);
        Assert.Equal([1, 2, 3, 4, 5, 6], checkedEpochs);
        Assert.True(trainer.History[^1].ValidationLoss < trainer.History[0].ValidationLoss, trainer.History.ToString());
        Assert.Equal(trainer.History.Select(e => e.ValidationLoss), trainer.History.ValidationLosses);
        Assert.Contains("val acc", trainer.History[^1].ToString());
    }

    [Fact]
    public void Without_a_validation_set_the_validation_figures_are_NaN_and_without_test_evaluation_the_test_ones()
    {
        var (_, history) = Trainer.Train(All, Test, Options with { Epochs = 2, EvaluateTestEachEpoch = false });
        Assert.All(history, e => Assert.True(double.IsNaN(e.ValidationLoss) && double.IsNaN(e.ValidationAccuracy)));
        Assert.All(history, e => Assert.True(double.IsNaN(e.TestLoss) && double.IsNaN(e.TestAccuracy)));
        Assert.DoesNotContain("val", history[^1].ToString());
    }

    [Fact]
    public void Validation_changes_nothing_about_the_training_itself()
    {
        var (train, validation) = All.HoldOut(200);
        var (a, _) = Trainer.Train(train, null, Options);
        var (b, _) = Trainer.Train(train, null, Options, validation: validation);
        Assert.Equal(a.W1.Data, b.W1.Data);
    }

    [Fact]
    public void A_validation_set_of_the_wrong_shape_is_refused_by_name()
    {
        var trainer = Trainer<float>.Create(Options, All.Features, All.Classes);
        var wrong = TestData.Toy<float>(50, features: 30, seed: 4);
        var e = Assert.ThrowsAny<Exception>(() => trainer.Fit(All, validation: wrong));
        Assert.Contains("30", e.Message);
    }
}

[Collection("MNIST")]
public class MnistValidationSplitTests(MnistFixture mnist)
{
    [Fact]
    public void Holding_out_5000_of_the_60000_keeps_each_digits_share()
    {
        var (train, validation) = mnist.Train.HoldOut(5000);
        Assert.Equal(55_000, train.Count);
        Assert.Equal(5_000, validation.Count);
        Assert.Equal("MNIST train", train.Name);
        Assert.Equal("MNIST validation", validation.Name);
        for (int digit = 0; digit < 10; digit++)
        {
            int all = mnist.Train.Labels.Count(l => l == digit), held = validation.Labels.Count(l => l == digit);
            Assert.InRange(held, Math.Floor(5000.0 * all / 60_000), Math.Ceiling(5000.0 * all / 60_000));
            Assert.Equal(all - held, train.Labels.Count(l => l == digit));
        }
    }
}
