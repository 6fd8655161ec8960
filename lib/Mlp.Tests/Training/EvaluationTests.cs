namespace Mlp.Tests.Training;

public class EvaluationTests
{
    private static readonly int[] Labels = [0, 1, 2, 2, 1, 0];
    private static readonly int[] Predicted = [0, 2, 2, 2, 1, 1];

    [Fact]
    public void Accuracy_confusion_and_mistakes_by_hand()
    {
        Assert.Equal(4.0 / 6, Evaluation.Accuracy(Predicted, Labels), 15);
        var c = Evaluation.ConfusionMatrix(Predicted, Labels, classes: 3);
        // rows: true class, columns: predicted class
        Assert.Equal(new[,] { { 1, 1, 0 }, { 0, 1, 1 }, { 0, 0, 2 } }, c);
        Assert.Equal([0.5, 0.5, 1.0], Evaluation.PerClassAccuracy(c));
        Assert.Equal([1, 5], Evaluation.Misclassified(Predicted, Labels));
    }

    [Fact]
    public void Lengths_must_match()
    {
        Assert.Throws<ArgumentException>(() => Evaluation.Accuracy([1, 2], [1]));
    }

    [Fact]
    public void Evaluate_agrees_with_predict_in_chunks()
    {
        var data = TestData.Toy<float>(4500, seed: 5);
        var net = Network<float>.Create(20, 8, 4, seed: 1);
        var whole = net.Predict(data.X);
        Assert.Equal(whole, Evaluation.Predict(net, data.X, chunkSize: 1000)); // 4 full chunks and a short one
        var report = Evaluation.Evaluate(net, data);
        Assert.Equal(Evaluation.Accuracy(whole, data.Labels), report.Accuracy);
        Assert.Equal(data.Count - report.Misclassified.Length, Enumerable.Range(0, 4).Sum(i => report.Confusion[i, i]));
    }
}
