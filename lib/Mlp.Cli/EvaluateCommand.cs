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
            stderr.WriteLine(Localized.Format(Strings.Note, Localized.Format(data.Kind is null ? Strings.EvaluateUnrecordedHint : Strings.EvaluateUnrecorded, modelPath, saved.Version, info.Name)));
        else if (data.Kind is not null && recorded != data.Kind)
            stderr.WriteLine(Localized.Format(Strings.EvaluateOtherDataset, modelPath, saved.Dataset, info.Name));

        var (_, test) = (data with { Kind = kind }).Load(TextWriter.Null);
        var net = saved.Network;
        if (net.InputSize != test.Features || net.OutputSize != test.Classes)
            throw new ModelFormatException(modelPath, Localized.Format(Strings.EvaluateMismatch, net.InputSize, net.HiddenSize, net.OutputSize, test.Name, test.Features, test.Classes));
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
