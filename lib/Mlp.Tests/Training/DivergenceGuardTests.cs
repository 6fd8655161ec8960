namespace Mlp.Tests.Training;

public class DivergenceGuardTests
{
    private const double Chance = 2.303; // ln 10

    [Fact]
    public void A_loss_that_is_not_a_number_stops_at_once()
    {
        var guard = new DivergenceGuard(bound: 10, window: 10_000);
        Assert.Null(guard.Observe(Chance, 100));
        Assert.Contains("NaN", guard.Observe(double.NaN, 100));
        Assert.Contains("infinite", new DivergenceGuard(10, 10_000).Observe(double.PositiveInfinity, 100));
    }

    [Fact]
    public void One_confident_mistake_with_batch_size_1_does_not_stop_training()
    {
        var guard = new DivergenceGuard(bound: 10, window: 10_000);
        for (int i = 0; i < 30_000; i++)
        {
            // Mostly healthy single-sample losses, and now and then the largest loss a float can report (−ln ε ≈ 103).
            double loss = i % 5_000 == 4_999 ? 103.3 : 0.3;
            Assert.Null(guard.Observe(loss, batchSamples: 1));
        }
        Assert.InRange(guard.RunningMean, 0.2, 1.0);
    }

    [Fact]
    public void A_brief_spike_of_a_few_large_batches_does_not_stop_training()
    {
        // What 1000 hidden units at η = 0.5 with batches of 1000 do on MNIST: the loss shoots up to about 20 for a
        // few steps, then falls back and trains normally.
        var guard = new DivergenceGuard(bound: 10, window: 10_000);
        double[] losses = [2.4, 5.3, 16.8, 20.7, 20.7, 17.1, 17.1, 11.2, 6.9, 4.1, 2.5, 2.0, 1.8, 1.7];
        foreach (var loss in losses) Assert.Null(guard.Observe(loss, 1000));
        for (int i = 0; i < 200; i++) Assert.Null(guard.Observe(1.0, 1000));
    }

    [Theory]
    [InlineData(1), InlineData(100), InlineData(1000), InlineData(60_000)]
    public void A_loss_that_stays_far_above_chance_stops_training_whatever_the_batch_size(int batch)
    {
        var guard = new DivergenceGuard(bound: 10, window: 10_000);
        long samples = 0;
        int batches = 0;
        string? why = null;
        while (why is null && batches < 100_000)
        {
            why = guard.Observe(30, batch);
            samples += batch;
            batches++;
        }
        Assert.NotNull(why);
        Assert.Contains("above the bound of 10", why);
        // Judged over at least the window's samples and at least MinBatches batches.
        Assert.True(samples >= 10_000 && batches >= DivergenceGuard.MinBatches, $"{samples} samples, {batches} batches");
        Assert.True(samples <= 2 * Math.Max(10_000, DivergenceGuard.MinBatches * batch), $"{samples} samples: too late");
    }
}

public class DivergenceInTrainingTests
{
    private static readonly Dataset<float> Train = TestData.Toy<float>(600, seed: 1);

    [Fact]
    public void A_diverged_run_keeps_the_losses_up_to_the_point_of_divergence()
    {
        var trainer = Trainer<float>.Create(new TrainingOptions { Hidden = 16, LearningRate = 1000, Epochs = 40, BatchSize = 32, Seed = 3 },
                                            Train.Features, Train.Classes);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Train));
        var samples = e.History.LossSamples;
        Assert.NotEmpty(samples);
        // The points run up to the divergence: past the complete epochs, and the last ones far above chance.
        Assert.True(samples[^1].Epoch > e.History.Count, $"last point at epoch {samples[^1].Epoch}, {e.History.Count} complete epochs");
        Assert.True(samples[^1].Loss > 10, $"last loss {samples[^1].Loss}");
        Assert.Equal(samples.Select(s => s.Epoch).Order(), samples.Select(s => s.Epoch));
    }

    [Fact]
    public void The_loss_samples_of_a_completed_run_average_to_each_epochs_loss()
    {
        var (_, history) = Trainer.Train(Train, null, new TrainingOptions { Hidden = 16, LearningRate = 1, Epochs = 3, BatchSize = 12, Seed = 3 });
        Assert.Equal(3 * TrainingHistory.LossSamplesPerEpoch, history.LossSamples.Count); // 600 / 50 = 12 samples a point: one batch each
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            var points = history.LossSamples.Where(s => s.Epoch > epoch - 1 && s.Epoch <= epoch).ToArray();
            Assert.Equal(epoch, points[^1].Epoch, 12);
            // The sample-weighted mean of the points (each weighted by the part of the epoch it covers) is the epoch loss.
            double mean = 0, previous = epoch - 1;
            foreach (var p in points) { mean += p.Loss * (p.Epoch - previous); previous = p.Epoch; }
            Assert.Equal(history[epoch - 1].TrainLoss, mean, 4);
        }
    }
}

[Collection("MNIST")]
public class MnistDivergenceTests(MnistFixture mnist)
{
    [Fact]
    public void Batch_size_1_at_learning_rate_half_trains_a_whole_epoch()
    {
        // The old guard (one batch's loss above 25) stopped this run at batch 26,126 and reset it to its initial weights.
        var (_, history) = Trainer.Train(mnist.Train, mnist.Test, new TrainingOptions { BatchSize = 1, LearningRate = 0.5, Epochs = 1, Seed = 1 });
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.True(history[0].TestAccuracy > 0.8, history.ToString());
    }

    [Fact]
    public void A_thousand_hidden_units_at_learning_rate_half_survive_their_early_spike()
    {
        var (_, history) = Trainer.Train(mnist.Train, mnist.Test, new TrainingOptions { Hidden = 1000, LearningRate = 0.5, Epochs = 1, Seed = 1 });
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.True(history.LossSamples.Max(s => s.Loss) > 5, "the spike this test is about did not happen");
        Assert.True(history[0].TestAccuracy > 0.9, history.ToString());
    }

    [Fact]
    public void Learning_rate_50_diverges_in_the_first_epoch_with_advice_and_its_rising_loss()
    {
        var e = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Train(mnist.Train, null, new TrainingOptions { Epochs = 3, LearningRate = 50 }));
        Assert.Contains("epoch 1", e.Message);
        Assert.Contains("try 5 or smaller", e.Message);
        Assert.Empty(e.History);
        Assert.NotEmpty(e.History.LossSamples);
        Assert.All(e.History.LossSamples, s => Assert.True(s.Loss > 5, $"{s}"));
    }
}
