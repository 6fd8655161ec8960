using System.Text.Json;
using Mlp.Cli;
using Mlp.Data;
using Mlp.Tests.Data;

namespace Mlp.Tests.Cli;

/// <summary>Issue 11, case 8: `evaluate` knows which data set a model was trained on, and says so when it differs.</summary>
[Collection("MNIST")]
public sealed class ModelDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlp-eval-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string[] Lines, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CommandLine.Run(args, o, e);
        return (exit, o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), e.ToString());
    }

    private string Model(string? dataset)
    {
        string path = Path.Combine(_dir, $"{dataset ?? "unknown"}.mlp");
        ModelFile.Save(Network<float>.Create(784, 8, 10, seed: 1), path, dataset);
        return path;
    }

    [Fact]
    public void Evaluating_a_Fashion_MNIST_model_on_MNIST_warns()
    {
        var (exit, lines, err) = Run("evaluate", "--model", Model("Fashion-MNIST"), "--dataset", "mnist", "--offline");
        Assert.True(exit == 0, err);
        Assert.Contains("warning:", err);
        Assert.Contains("was trained on Fashion-MNIST, but it is being evaluated on MNIST", err);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal("Fashion-MNIST", json.RootElement.GetProperty("model_dataset").GetString());
        Assert.Equal("MNIST", json.RootElement.GetProperty("dataset").GetString());
    }

    [Fact]
    public void A_version_1_model_is_evaluated_with_the_data_set_unknown()
    {
        string path = Path.Combine(_dir, "old.mlp");
        File.WriteAllBytes(path, Training.ModelFileTests.Version1File(Network<float>.Create(784, 8, 10, seed: 1)));
        var (exit, lines, err) = Run("evaluate", "--model", path, "--offline");
        Assert.True(exit == 0, err);
        Assert.Contains("data set unknown", err);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("model_dataset").ValueKind);
    }

    [Fact]
    public void Without_dataset_evaluate_uses_the_one_the_model_records()
    {
        if (RealMnist.DebianFashionFolder() is null && !File.Exists(Path.Combine(DataDirectory.FindRoot(), "fashion", "t10k-labels-idx1-ubyte.gz")))
            return; // Fashion-MNIST is not on this computer (Debian's dataset-fashion-mnist installs it); the warning test above covers the logic
        var (exit, lines, err) = Run("evaluate", "--model", Model("Fashion-MNIST"), "--offline");
        Assert.True(exit == 0, err);
        Assert.DoesNotContain("warning", err);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal("Fashion-MNIST", json.RootElement.GetProperty("dataset").GetString());
    }

    [Fact]
    public void Train_then_evaluate_records_and_finds_the_data_set()
    {
        string path = Path.Combine(_dir, "trained.mlp");
        var (exit, _, err) = Run("train", "--epochs", "1", "--hidden", "8", "--save", path, "--offline");
        Assert.True(exit == 0, err);
        Assert.Equal("MNIST", ModelFile.LoadModel<float>(path).Dataset);
        var (exit2, lines, err2) = Run("evaluate", "--model", path, "--offline");
        Assert.True(exit2 == 0, err2);
        Assert.Equal("", err2);
        Assert.True(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("test_accuracy").GetDouble() > 0.85);
    }
}
