using Mlp.Data;

namespace Mlp.Tests.Training;

/// <summary>The real MNIST, loaded once for every test in the collection (CI copies it into data/mnist).</summary>
public sealed class MnistFixture
{
    public Dataset<float> Train { get; }
    public Dataset<float> Test { get; }

    public MnistFixture()
    {
        DataSplit split;
        try
        {
            split = DataLoader.Load(DatasetName.Mnist, options: new DataLoaderOptions { AllowDownload = false });
        }
        catch (DataUnavailableException e)
        {
            throw new InvalidOperationException(
                "These tests train on the real MNIST in data/mnist, and tests never download. Fetch it once with " +
                $"`{DatasetInfo.Mnist.DownloadCommand}` (or run the course), then run the tests again.\n" + e.Message, e);
        }
        Train = split.Train.ToDataset<float>();
        Test = split.Test.ToDataset<float>();
    }
}

[CollectionDefinition("MNIST")]
public sealed class MnistCollection : ICollectionFixture<MnistFixture>;

[Collection("MNIST")]
public class MnistTrainingTests(MnistFixture mnist)
{
    [Fact]
    public void Two_minibatch_epochs_reach_92_percent()
    {
        var (_, history) = Trainer.Train(mnist.Train, mnist.Test, new TrainingOptions { Epochs = 2, LearningRate = 0.5, BatchSize = 100, Seed = 1 });
        Assert.True(history[^1].TestAccuracy >= 0.92, history.ToString());
    }

    [Fact]
    public void An_untrained_network_guesses_and_its_loss_is_about_ln_10()
    {
        var net = Network<float>.Create(seed: 1);
        var sample = mnist.Test.Take(2000);
        float loss = Maths.CrossEntropy(sample.Y, Maths.ForwardPass(sample.X, net).a2);
        Assert.InRange(loss, 2.2, 2.6);     // ln 10 = 2.303
        Assert.InRange(Evaluation.Accuracy(net, sample), 0.03, 0.2);
    }

    [Fact]
    public void The_lessons_full_batch_training_learns_slowly()
    {
        var o = TrainingOptions.Lesson with { Epochs = 5 };
        var (_, h) = Trainer.Train(mnist.Train, mnist.Test, o);
        Assert.InRange(h[0].TrainLoss, 2.2, 2.7);           // one step per epoch: still near ln 10
        Assert.True(h[^1].TrainLoss < h[0].TrainLoss);     // ... but falling
        Assert.True(h[^1].TestAccuracy < 0.6, h.ToString()); // far behind minibatch SGD after the same epochs
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_weights_on_mnist()
    {
        var small = mnist.Train.Take(5000);
        var o = new TrainingOptions { Epochs = 1, Seed = 7 };
        var (a, _) = Trainer.Train(small, null, o);
        var (b, _) = Trainer.Train(small, null, o);
        Assert.Equal(a.W1.Data, b.W1.Data);
        Assert.Equal(a.W2.Data, b.W2.Data);
    }
}
