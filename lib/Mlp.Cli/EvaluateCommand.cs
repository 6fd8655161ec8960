using System.Text.Json;
using Mlp.Data;

namespace Mlp.Cli;

/// <summary>`evaluate`: the test accuracy of a saved network, on the data set it was trained on unless told otherwise.</summary>
internal static class EvaluateCommand
{
    public static int Run(string modelPath, DataChoice data, TextWriter stdout, TextWriter stderr)
    {
        var saved = ModelFile.LoadModel<float>(modelPath);
        DatasetName? recorded = saved.Dataset is null ? null : Known(saved.Dataset);
        var kind = data.Kind ?? recorded ?? DatasetName.Mnist;
        var info = DatasetInfo.For(kind);
        if (saved.Dataset is null)
            stderr.WriteLine($"note: {modelPath} does not record its data set (a version {saved.Version} model file): data set unknown; evaluating on {info.Name}" +
                             (data.Kind is null ? " (give --dataset fashion for a Fashion-MNIST model)." : "."));
        else if (data.Kind is not null && recorded != data.Kind)
            stderr.WriteLine($"warning: {modelPath} was trained on {saved.Dataset}, but it is being evaluated on {info.Name}: " +
                             $"its accuracy there says nothing about how well it learned. Leave out --dataset to use {saved.Dataset}.");

        var (_, test) = (data with { Kind = kind }).Load(TextWriter.Null);
        var net = saved.Network;
        if (net.InputSize != test.Features || net.OutputSize != test.Classes)
            throw new ModelFormatException(modelPath, $"it holds a {net.InputSize}→{net.HiddenSize}→{net.OutputSize} network, but {test.Name} has {test.Features} inputs and {test.Classes} classes.");
        var report = Evaluation.Evaluate(net, test);
        stdout.WriteLine(report);
        for (int c = 0; c < report.PerClassAccuracy.Length; c++)
            stdout.WriteLine(FormattableString.Invariant($"  class {c}: {100 * report.PerClassAccuracy[c]:F2}%"));
        stdout.WriteLine(JsonSerializer.Serialize(new
        {
            test_accuracy = report.Accuracy,
            misclassified = report.Misclassified.Length,
            hidden = net.HiddenSize,
            dataset = info.Name,
            model_dataset = saved.Dataset,
        }));
        return CommandLine.Ok;
    }

    private static DatasetName? Known(string name) =>
        Enum.GetValues<DatasetName>().Cast<DatasetName?>().FirstOrDefault(d => DatasetInfo.For(d!.Value).Name == name);
}
