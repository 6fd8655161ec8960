using Mlp.Beyond;

namespace Mlp.Tests.Beyond;

public class DeepNetworkTests
{
    static (Matrix<double> X, Matrix<double> Y) Batch(int n = 7, int features = 6, int classes = 4, int seed = 3)
    {
        var X = TestData.Random<double>(n, features, seed);
        var labels = Enumerable.Range(0, n).Select(i => (i * 3 + seed) % classes).ToArray();
        return (X, Dataset<double>.OneHot(labels, classes));
    }

    [Fact]
    public void With_one_sigmoid_layer_softmax_and_the_lessons_init_it_is_the_lessons_network()
    {
        var lesson = Network<double>.Create(784, 16, 10, seed: 5);
        var deep = DeepNetwork<double>.Create([784, 16, 10], Activation.Sigmoid, Output.SoftmaxCrossEntropy, Init.Lesson, seed: 5);
        Assert.Equal(lesson.W1.Data, deep.W[1].Data);
        Assert.Equal(lesson.W2.Data, deep.W[2].Data);

        var X = TestData.Random<double>(9, 784, seed: 1, scale: 0.5);
        var Y = Dataset<double>.OneHot([0, 1, 2, 3, 4, 5, 6, 7, 8], 10);
        var f = Maths.ForwardPass(X, lesson);
        var g = Maths.BackwardPass(X, Y, f, lesson);
        var pass = deep.Forward(X);
        var dg = deep.Backward(pass, Y);
        for (int i = 0; i < f.a2.Data.Length; i++) Assert.Equal(f.a2.Data[i], pass.Output.Data[i], 1e-15);   // the last bit may differ
        Assert.Equal(Maths.CrossEntropy(Y, f.a2), deep.Loss(Y, pass.Output), 1e-14);
        foreach (var (mine, theirs) in new[] { (dg.dW[1], g.dW1), (dg.db[1], g.db1), (dg.dW[2], g.dW2), (dg.db[2], g.db2) })
            for (int i = 0; i < mine.Data.Length; i++) Assert.Equal(theirs.Data[i], mine.Data[i], 1e-14);
    }

    public static TheoryData<Activation, Output, double> Variants()
    {
        var data = new TheoryData<Activation, Output, double>();
        foreach (var f in Enum.GetValues<Activation>())
            foreach (var o in Enum.GetValues<Output>())
                foreach (var lambda in new[] { 0.0, 0.1 })
                    data.Add(f, o, lambda);
        return data;
    }

    [Theory, MemberData(nameof(Variants))]
    public void Every_layers_gradients_match_finite_differences(Activation f, Output output, double weightDecay)
    {
        var (X, Y) = Batch();
        var net = DeepNetwork<double>.Create([6, 5, 3, 4], f, output, f == Activation.ReLU ? Init.He : Init.Glorot, seed: 2);
        var results = DeepGradientCheck.Run(net, X, Y, weightDecay);
        Assert.Equal(6, results.Count);   // W and b of three layers
        foreach (var r in results) Assert.True(r.MaxRelativeError < 1e-5, r.ToString());   // a wrong gradient is off by far more, often near 1
    }

    [Fact]
    public void The_check_catches_a_missing_derivative()
    {
        var (X, Y) = Batch();
        var net = DeepNetwork<double>.Create([6, 5, 4], Activation.Sigmoid, Output.SigmoidMse, seed: 2);
        // The MSE output's gradient without its σ′ factor (the cross-entropy one) is wrong for MSE.
        var g = net.Backward(net.Forward(X), Y);
        var wrong = new DeepNetwork<double>(net.W, net.b, net.Hidden, Output.SoftmaxCrossEntropy).Backward(
            new DeepPass<double>(net.Forward(X).z, net.Forward(X).a), Y);
        Assert.NotEqual(g.dW[2].Data, wrong.dW[2].Data);
        double numeric = (Shifted(+1e-5) - Shifted(-1e-5)) / 2e-5;
        Assert.Equal(numeric, g.dW[2].Data[0], 1e-8);
        Assert.True(Math.Abs(numeric - wrong.dW[2].Data[0]) > 1e-4);

        double Shifted(double h)
        {
            double saved = net.W[2].Data[0];
            net.W[2].Data[0] = saved + h;
            double loss = net.Loss(Y, net.Forward(X).Output);
            net.W[2].Data[0] = saved;
            return loss;
        }
    }

    [Fact]
    public void Initial_scales_are_LeCun_Glorot_and_He()
    {
        Assert.Equal(Math.Sqrt(1.0 / 784), InitScale.Of(Init.Lesson, 784, 64));
        Assert.Equal(Math.Sqrt(2.0 / (784 + 64)), InitScale.Of(Init.Glorot, 784, 64));
        Assert.Equal(Math.Sqrt(2.0 / 784), InitScale.Of(Init.He, 784, 64));
    }

    [Fact]
    public void Activations_and_their_derivatives_by_hand()
    {
        Assert.Equal(Math.Tanh(0.5), Nonlinear.Apply(Activation.Tanh, 0.5));
        Assert.Equal(1 - Math.Tanh(0.5) * Math.Tanh(0.5), Nonlinear.Derivative(Activation.Tanh, 0.5, Math.Tanh(0.5)));
        Assert.Equal(0.0, Nonlinear.Apply(Activation.ReLU, -2.0));
        Assert.Equal(3.0, Nonlinear.Apply(Activation.ReLU, 3.0));
        Assert.Equal(0.0, Nonlinear.Derivative(Activation.ReLU, -2.0, 0.0));
        Assert.Equal(1.0, Nonlinear.Derivative(Activation.ReLU, 3.0, 3.0));
        Assert.Equal(0.25, Nonlinear.Derivative(Activation.Sigmoid, 0.0, 0.5));
    }

    [Fact]
    public void Mse_is_half_the_mean_squared_distance_and_the_penalty_half_lambda_the_squared_weights()
    {
        var net = DeepNetwork<double>.Create([2, 2], Activation.Sigmoid, Output.SigmoidMse);
        var Y = Matrix<double>.FromRows([[1, 0], [0, 1]]);
        var A = Matrix<double>.FromRows([[0.5, 0.5], [0.2, 0.6]]);
        Assert.Equal((0.25 + 0.25 + 0.04 + 0.16) / 4, net.Loss(Y, A), 1e-15);
        double squares = net.W[1].Data.Sum(w => w * w);
        Assert.Equal(0.3 / 2 * squares, net.Penalty(0.3), 1e-15);
    }

    [Theory]
    [InlineData(Activation.Sigmoid, Output.SoftmaxCrossEntropy)]
    [InlineData(Activation.Tanh, Output.SigmoidMse)]
    [InlineData(Activation.ReLU, Output.SoftmaxCrossEntropy)]
    public void Training_learns_a_toy_problem(Activation f, Output output)
    {
        var data = TestData.Toy<double>(600);
        var (train, validation) = data.HoldOut(100, seed: 1);
        var net = DeepNetwork<double>.Create([20, 16, 16, 4], f, output, f == Activation.ReLU ? Init.He : Init.Glorot, seed: 1);
        var history = DeepTrainer.Fit(net, train, validation, new DeepOptions { LearningRate = output == Output.SigmoidMse ? 2 : 0.5, BatchSize = 10, Epochs = 40 });
        Assert.Equal(40, history.Count);
        Assert.True(history[^1].ValidationAccuracy > 0.8, $"{f}, {output}: {history[^1]}");
        Assert.All(history, e => Assert.Equal(3, e.GradientNorms.Length));
    }

    [Fact]
    public void Weight_decay_shrinks_the_weights()
    {
        var (train, validation) = TestData.Toy<double>(300).HoldOut(100, seed: 1);
        double Norm(double lambda)
        {
            var net = DeepNetwork<double>.Create([20, 8, 4], seed: 1);
            DeepTrainer.Fit(net, train, validation, new DeepOptions { Epochs = 20, WeightDecay = lambda, BatchSize = 10 });
            return DeepTrainer.Norm(net.W[1]);
        }
        Assert.True(Norm(0.05) < 0.8 * Norm(0), $"{Norm(0.05)} vs {Norm(0)}");
    }

    [Fact]
    public void A_schedule_reads_its_phases_and_refuses_nonsense_with_a_message()
    {
        var s = Schedule.Parse("0.5:20, 0.1:10,0.02:5");
        Assert.Equal(35, s.TotalEpochs);
        Assert.Equal(0.5, s.RateAt(20));
        Assert.Equal(0.1, s.RateAt(21));
        Assert.Equal(0.02, s.RateAt(35));
        Assert.Equal("0.5:20,0.1:10,0.02:5", s.ToString());
        Assert.Equal("η = 0.5 for 20 epochs, then 0.1 for 10, then 0.02 for 5", s.Describe());
        Assert.Contains("'0.5;20' is not η:epochs", Assert.Throws<FormatException>(() => Schedule.Parse("0.5;20")).Message);
        Assert.Contains("needs η above 0", Assert.Throws<FormatException>(() => Schedule.Parse("0:5")).Message);
        Assert.Contains("empty", Assert.Throws<FormatException>(() => Schedule.Parse(" ")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.RateAt(36));
    }
}
