using Mlp.Notebook.Tests.Infrastructure;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 18: a student edits the sigmoid in lib/Mlp/Lesson/02-Sigmoid.cs and runs a notebook. The setup cell rebuilds
/// the library, training runs the edited sigmoid (the engine's probe sees the difference), and the notebook says so once,
/// however many cells train.
/// </summary>
public class EditedLessonNotebookTests
{
    [Fact]
    public async Task A_notebook_trains_with_an_edited_sigmoid_and_says_so_once()
    {
        using var copy = new CourseCopy("edited");
        Repository.RestoreTools(copy.Root);
        copy.CopyMnist();
        string file = Path.Combine(copy.Root, "lib", "Mlp", "Lesson", "02-Sigmoid.cs");
        const string from = "if (z >= T.Zero) return T.One / (T.One + T.Exp(-z));";
        Assert.Contains(from, File.ReadAllText(file));
        File.WriteAllText(file, File.ReadAllText(file).Replace(from, "return T.Tanh(z);"));

        string train = "var data = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().Subset(Enumerable.Range(0, 3000).ToArray());\n" +
                       "var trainer = Trainer<float>.Create(new TrainingOptions { Epochs = 1 });\n" +
                       "LiveTraining.Fit(trainer, data);";
        var notebook = copy.WriteNotebook("edited.ipynb", train, train.Replace("var ", "") + "\nLiveTraining.Fit(trainer, data);",
            "Console.WriteLine($\"sigmoid(1) = {Maths.Sigmoid(1.0):F4}\");");
        var result = await NotebookRunner.RunAsync(notebook);
        Assert.True(result.Succeeded, result.Failure?.Error);

        var said = result.Cells.SelectMany(c => c.Data("text/plain").Append(c.StandardOutput))
            .SelectMany(text => text.Split('\n')).Where(line => line.Contains("training runs your code")).ToList();
        Assert.Equal("The lesson's sigmoid has changed: training runs your code (lib/Mlp/Lesson/), not the fast engine, about 13× slower.",
            Assert.Single(said).Trim());
        Assert.Contains("sigmoid(1) = 0.7616", result.Cells[^1].StandardOutput); // tanh(1): the kernel loaded the edited build
    }
}
