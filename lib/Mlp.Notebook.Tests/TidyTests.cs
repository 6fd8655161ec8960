using System.Text.Json.Nodes;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>Issue 12: the setup cell is defined once (notebooks/setup.csx) and `tidy` brings every notebook into one form.</summary>
public class TidyTests
{
    static string Setup => Tidy.SetupCell(CourseNotebooks.Repository);

    [Fact]
    public void Every_committed_notebook_is_tidy()
    {
        var untidy = CourseNotebooks.FileNames.Where(name =>
        {
            string text = File.ReadAllText(Path.Combine(CourseNotebooks.Folder, name));
            return Tidy.Normalise(text, name, Setup) != text;
        }).ToList();
        Assert.True(untidy.Count == 0,
            $"Not tidy: {string.Join(", ", untidy)}. Run `dotnet run -c Release --project lib/Mlp.Runner -- tidy` and commit the notebooks.");
    }

    [Fact]
    public void The_notebook_JSON_is_written_byte_for_byte_as_Jupyter_writes_it()
    {
        // The committed notebooks were written by nbformat's writer (indent 1, sorted keys, non-ASCII kept).
        foreach (var name in CourseNotebooks.FileNames)
        {
            string text = File.ReadAllText(Path.Combine(CourseNotebooks.Folder, name));
            Assert.True(NotebookJson.Write(JsonNode.Parse(text)) + "\n" == text, name);
        }
    }

    [Fact]
    public void Tidy_writes_the_setup_cell_ids_metadata_and_no_outputs_and_keeps_what_it_may()
    {
        const string messy = """
            {"cells": [
              {"cell_type": "markdown", "metadata": {}, "source": "# Title\nσ and “quotes”", "outputs": [], "execution_count": 3},
              {"cell_type": "code", "id": "keep-me", "metadata": {}, "source": ["#load \"setup.csx\"\n", "// an old setup cell"],
               "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}], "execution_count": 1},
              {"cell_type": "code", "id": "keep-me", "metadata": {"polyglot_notebook": {"kernelName": "fsharp"}}, "source": "1 + 1", "outputs": [], "execution_count": 2},
              {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "", "outputs": []}
            ], "metadata": {"custom": 1}, "nbformat": 4, "nbformat_minor": 2}
            """;
        string tidy = Tidy.Normalise(messy, "x.ipynb", Setup);
        var notebook = JsonNode.Parse(tidy)!.AsObject();
        var cells = notebook["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();

        Assert.Equal((4, 5), (notebook["nbformat"]!.GetValue<int>(), notebook["nbformat_minor"]!.GetValue<int>()));
        Assert.Equal(".net-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("polyglot-notebook", notebook["metadata"]!["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", notebook["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        Assert.Equal(1, notebook["metadata"]!["custom"]!.GetValue<int>());

        Assert.Equal("keep-me", cells[1]["id"]!.GetValue<string>());                    // an existing id is kept
        var ids = cells.Select(c => c["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());                               // a duplicate gets a new one
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", id));
        Assert.Equal(Setup, string.Concat(cells[1]["source"]!.AsArray().Select(l => l!.GetValue<string>())));
        Assert.All(cells.Where(c => c["cell_type"]!.GetValue<string>() == "code"), c =>
        {
            Assert.Empty(c["outputs"]!.AsArray());
            Assert.Null(c["execution_count"]);
        });
        Assert.Null(cells[0]["outputs"]);
        Assert.Equal("fsharp", cells[2]["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>()); // a cell's kernel is kept
        Assert.Equal("csharp", cells[3]["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal("solution", cells[3]["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Contains("σ and “quotes”", tidy);                                       // as Jupyter writes it, not \u escapes

        Assert.Equal(tidy, Tidy.Normalise(tidy, "x.ipynb", Setup));                     // tidy twice changes nothing
        Assert.Equal(tidy, Tidy.Normalise(messy, "x.ipynb", Setup));                    // ids are deterministic
    }

    [Fact]
    public void A_notebook_without_a_setup_cell_gets_one_before_its_first_code_cell()
    {
        string tidy = Tidy.Normalise("""{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# T"}, {"cell_type": "code", "metadata": {}, "source": "1", "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""",
            "y.ipynb", Setup);
        var cells = JsonNode.Parse(tidy)!["cells"]!.AsArray();
        Assert.Equal(3, cells.Count);
        Assert.Contains(Tidy.SetupLoad, string.Concat(cells[1]!["source"]!.AsArray().Select(l => l!.GetValue<string>())));
    }

    [Fact]
    public void The_setup_cell_loads_setup_csx_and_the_course_namespaces()
    {
        Assert.StartsWith("#!csharp\n", Setup);
        Assert.Contains(Tidy.SetupLoad, Setup);
        Assert.Contains("using Mlp.Notebook;", Setup);
        Assert.Contains("Course.Initialize(CourseSetup.Build);", Setup);
    }
}
