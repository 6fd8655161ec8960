using System.Text.Json.Nodes;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>Issue 20: the 繁體中文 edition (notebooks/zh-TW/) is kept in step with the English by `tidy` (Editions.Sync).</summary>
public class EditionTests
{
    static string Setup => Tidy.SetupCell(CourseNotebooks.Repository);

    [Fact]
    public void Every_edition_notebook_is_in_step_with_its_English_notebook_and_fully_translated()
    {
        var (problems, untidy) = Editions.Check(CourseNotebooks.Repository);
        Assert.True(untidy.Count == 0 && problems.Count == 0,
            (untidy.Count > 0 ? $"Not in step with the English (run `dotnet run -c Release --project lib/Mlp.Runner -- tidy`): {string.Join(", ", untidy)}\n" : "") +
            string.Join("\n", problems));
    }

    [Fact]
    public void Every_English_notebook_has_its_edition_with_the_same_cells_and_the_same_code()
    {
        foreach (var culture in Editions.Cultures)
            foreach (var name in CourseNotebooks.FileNames)
            {
                string path = Path.Combine(Editions.Folder(CourseNotebooks.Repository, culture), name);
                Assert.True(File.Exists(path), $"{culture}/{name} is missing: run tidy, then translate it.");
                var english = Cells(File.ReadAllText(Path.Combine(CourseNotebooks.Folder, name)));
                var edition = Cells(File.ReadAllText(path));
                Assert.Equal(english.Select(c => (c.Id, c.Type)), edition.Select(c => (c.Id, c.Type)));
                foreach (var (en, mine) in english.Zip(edition).Where(p => p.First.Type == "code" && !p.First.Source.Contains(Tidy.SetupLoad)))
                    Assert.Equal(en.Source, mine.Source);
                Assert.Contains($"Course.Initialize(CourseSetup.Build, \"{culture}\");", edition.First(c => c.Type == "code").Source);
            }
    }

    const string English = """
        {"cells": [
          {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# The sigmoid\nIt squashes numbers."},
          {"cell_type": "code", "id": "c1", "metadata": {}, "source": "#load \"setup.csx\"", "outputs": []},
          {"cell_type": "code", "id": "c2", "metadata": {}, "source": "Charts.Sigmoid()", "outputs": []},
          {"cell_type": "markdown", "id": "m2", "metadata": {}, "source": "$$\\sigma(z)$$"},
          {"cell_type": "markdown", "id": "m3", "metadata": {}, "source": "A summary."}
        ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        """;

    static string Tidied(string json) => Tidy.Normalise(json, "x.ipynb", Setup);

    static (string Json, IReadOnlyList<Editions.Problem> Problems, IReadOnlyList<string> Notes) Sync(string english, string? edition) =>
        Editions.Sync(Tidied(english), edition, "notebooks/zh-TW/x.ipynb", "zh-TW", Setup);

    static string Translate(string json, string id, string text)
    {
        var notebook = JsonNode.Parse(json)!.AsObject();
        var cell = notebook["cells"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == id)!;
        cell["source"] = text;
        return notebook.ToJsonString();
    }

    [Fact]
    public void A_new_edition_copies_the_code_and_names_every_untranslated_cell_but_not_a_cell_of_formulas_only()
    {
        var (json, problems, _) = Sync(English, null);
        Assert.Equal(["m1", "m3"], problems.Select(p => p.CellId));
        Assert.All(problems, p => Assert.Equal("untranslated", p.Kind));
        Assert.Contains("notebooks/zh-TW/x.ipynb cell m1", problems[0].ToString());
        var cells = Cells(json);
        Assert.Contains("#load \"../setup.csx\"", cells[1].Source);
        Assert.Contains("Course.Initialize(CourseSetup.Build, \"zh-TW\");", cells[1].Source);
        Assert.Equal("Charts.Sigmoid()", cells[2].Source);
        Assert.Equal(json, Sync(English, json).Json);                                      // tidy twice changes nothing
    }

    [Fact]
    public void A_translation_is_recorded_by_tidy_and_goes_stale_when_its_English_changes_naming_the_cell_to_revisit()
    {
        string edition = Sync(English, null).Json;
        edition = Translate(edition, "m1", "# S 型函數\n它把數字壓扁。");
        edition = Translate(edition, "m3", "摘要。");
        var (json, problems, notes) = Sync(English, edition);
        Assert.Empty(problems);
        Assert.Equal(2, notes.Count);
        Assert.Empty(Sync(English, json).Problems);

        // The English of m1 changes: m1 is stale, named with its notebook and id; the Chinese is kept.
        string changed = English.Replace("It squashes numbers.", "It squashes any real number into (0, 1).");
        var stale = Sync(changed, json);
        var problem = Assert.Single(stale.Problems);
        Assert.Equal(("m1", "stale"), (problem.CellId, problem.Kind));
        Assert.Contains("notebooks/zh-TW/x.ipynb cell m1", problem.ToString());
        Assert.Contains("它把數字壓扁。", Cells(stale.Json)[0].Source);
        Assert.Single(Sync(changed, stale.Json).Problems);                                  // stays stale until revised

        // The translator revises the cell and runs tidy: recorded, nothing left to do.
        var revised = Sync(changed, Translate(stale.Json, "m1", "# S 型函數\n它把任何實數壓進 (0, 1)。"));
        Assert.Empty(revised.Problems);
        Assert.Empty(Sync(changed, revised.Json).Problems);
    }

    [Fact]
    public void Code_cells_follow_the_English_and_a_cell_whose_English_is_gone_is_dropped()
    {
        string edition = Translate(Translate(Sync(English, null).Json, "m1", "# 標題"), "m3", "摘要。");
        edition = Sync(English, edition).Json;
        string changed = English.Replace("Charts.Sigmoid()", "Charts.Sigmoid(-4, 4)")
            .Replace(",\n  {\"cell_type\": \"markdown\", \"id\": \"m3\", \"metadata\": {}, \"source\": \"A summary.\"}", "");
        var (json, problems, notes) = Sync(changed, edition);
        Assert.Empty(problems);
        Assert.Equal("Charts.Sigmoid(-4, 4)", Cells(json)[2].Source);
        Assert.DoesNotContain(Cells(json), c => c.Id == "m3");
        Assert.Contains(notes, n => n.Contains("dropped") && n.Contains("m3"));
    }

    internal sealed record NotebookCell(string Id, string Type, string Source);

    internal static List<NotebookCell> Cells(string json) => JsonNode.Parse(json)!["cells"]!.AsArray().Select(c => new NotebookCell(
        c!["id"]!.GetValue<string>(), c["cell_type"]!.GetValue<string>(),
        c["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : c["source"]!.GetValue<string>())).ToList();
}
