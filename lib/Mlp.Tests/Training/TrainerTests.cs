namespace Mlp.Tests.Training;

public class TrainerTests
{
    private static readonly Dataset<float> Train = TestData.Toy<float>(600, seed: 1);
    private static readonly Dataset<float> Test = TestData.Toy<float>(200, seed: 2);
    private static TrainingOptions Options => new() { Hidden = 16, LearningRate = 1.0, Epochs = 15, BatchSize = 32, Seed = 3 };

    private static Trainer<float> NewTrainer(TrainingOptions o) => Trainer<float>.Create(o, Train.Features, Train.Classes);

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3)]
    public void Minibatch_training_learns_the_toy_problem(int seed)
    {
        var (net, history) = Trainer.Train(Train, Test, Options with { Seed = seed, Epochs = 40 });
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.Equal(40, history.Count);
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss / 2, history.ToString());
        Assert.True(history[^1].TestAccuracy > 0.85, history.ToString());
        Assert.Equal(history[^1].TestAccuracy, Evaluation.Accuracy(net, Test), 10);
    }

    [Fact]
    public void Full_batch_training_makes_one_step_per_epoch_and_the_loss_falls()
    {
        var o = Options with { FullBatch = true, Epochs = 40, LearningRate = 2.0 };
        var (_, history) = Trainer.Train(Train, Test, o);
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, history.ToString());
        // Full batch: the first epoch's loss is the untrained network's loss on all samples, close to ln 4.
        Assert.InRange(history[0].TrainLoss, Math.Log(4) - 0.2, Math.Log(4) + 0.2);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_training()
    {
        var (a, ha) = Trainer.Train(Train, Test, Options);
        var (b, hb) = Trainer.Train(Train, Test, Options);
        Assert.Equal(a.W1.Data, b.W1.Data);
        Assert.Equal(a.b2.Data, b.b2.Data);
        Assert.Equal(ha.Losses, hb.Losses);
        var (c, _) = Trainer.Train(Train, Test, Options with { Seed = 4 });
        Assert.NotEqual(a.W1.Data, c.W1.Data);
    }

    [Fact]
    public void A_short_last_batch_is_trained_too()
    {
        var o = Options with { BatchSize = 250, Epochs = 2 }; // 600 = 250 + 250 + 100
        var trainer = NewTrainer(o);
        trainer.Fit(Train, Test);
        Assert.Equal(2, trainer.History.Count);
    }

    [Fact]
    public void The_callback_sees_every_epoch()
    {
        var seen = new List<int>();
        Trainer.Train(Train, Test, Options with { Epochs = 4 }, e => seen.Add(e.Epoch));
        Assert.Equal([1, 2, 3, 4], seen);
    }

    [Fact]
    public void Cancellation_stops_within_a_batch_and_keeps_what_was_learned()
    {
        using var cts = new CancellationTokenSource();
        var trainer = NewTrainer(Options with { Epochs = 50 });
        var initial = trainer.Network.Clone();
        trainer.Fit(Train, Test, onEpoch: e => { if (e.Epoch == 2) cts.Cancel(); }, cts.Token);
        Assert.Equal(StopReason.Cancelled, trainer.History.StopReason);
        Assert.Equal(2, trainer.History.Count);
        Assert.Contains("epoch 3 after 0 of 19 batches", trainer.History.StopMessage);
        // What was learned is kept: exactly the weights of a run that stopped after two epochs.
        var (twoEpochs, _) = Trainer.Train(Train, Test, Options with { Epochs = 2 });
        Assert.Equal(twoEpochs.W1.Data, trainer.Network.W1.Data);
        Assert.Equal(twoEpochs.b2.Data, trainer.Network.b2.Data);
        Assert.NotEqual(initial.W1.Data, trainer.Network.W1.Data);
    }

    [Fact]
    public void A_token_cancelled_before_training_changes_nothing()
    {
        var trainer = NewTrainer(Options);
        var initial = trainer.Network.Clone();
        trainer.Fit(Train, Test, cancellationToken: new CancellationToken(canceled: true));
        Assert.Equal(StopReason.Cancelled, trainer.History.StopReason);
        Assert.Empty(trainer.History);
        Assert.Equal(initial.W1.Data, trainer.Network.W1.Data);
    }

    [Fact]
    public void A_diverging_run_stops_with_a_clear_message_and_keeps_the_last_good_weights()
    {
        var trainer = NewTrainer(Options with { LearningRate = 1000, Epochs = 20 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Train, Test));
        Assert.Matches(@"diverged in epoch \d+", e.Message);
        Assert.Contains("try 100 or smaller", e.Message);
        Assert.Equal(StopReason.Diverged, trainer.History.StopReason);
        Assert.Same(trainer.History, e.History);
        Assert.All(trainer.Network.W1.Data, v => Assert.True(float.IsFinite(v)));
        Assert.All(trainer.Network.W2.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(0, 0.5, 10, 100, "Hidden")]
    [InlineData(64, 0, 10, 100, "LearningRate")]
    [InlineData(64, -1, 10, 100, "LearningRate")]
    [InlineData(64, double.NaN, 10, 100, "LearningRate")]
    [InlineData(64, 0.5, 0, 100, "Epochs")]
    [InlineData(64, 0.5, 10, 0, "BatchSize")]
    public void Out_of_range_options_name_the_option_and_its_range(int hidden, double lr, int epochs, int batch, string name)
    {
        var o = new TrainingOptions { Hidden = hidden, LearningRate = lr, Epochs = epochs, BatchSize = batch };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => o.Validate());
        Assert.Equal(name, e.ParamName);
        Assert.Contains("must be", e.Message);
    }

    [Fact]
    public void A_network_too_large_for_memory_is_refused_before_allocating()
    {
        // 65,536 hidden units trained full batch: about 47 GB of activations, more than this machine (or a laptop) has.
        var options = new TrainingOptions { Hidden = 65_536, FullBatch = true };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InsufficientMemoryException>(() => Trainer<float>.Create(options));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "it allocated the network before refusing");
        Assert.Matches(@"needs about \d+\.\d GB", e.Message);
        Assert.Contains("784→65536→10", e.Message);
        Assert.Contains("fewer hidden units or a smaller batch", e.Message);
        Assert.True(MemoryEstimate.TrainingBytes(784, 65_536, 10, 60_000, 4) > 40e9);
    }
}
