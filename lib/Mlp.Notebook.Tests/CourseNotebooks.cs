using System.Collections.Concurrent;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// The notebooks of the course, each run once in the real kernel (dotnet interactive stdio) and shared by the tests.
/// </summary>
public static class CourseNotebooks
{
    static readonly ConcurrentDictionary<string, Lazy<Task<NotebookResult>>> Runs = new();

    public static string Repository { get; } = Mlp.Data.CourseRepository.FindFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"No course repository above {AppContext.BaseDirectory}.");
    public static string Folder => Path.Combine(Repository, "notebooks");

    /// <summary>The notebook file names in notebooks/.</summary>
    public static string[] FileNames => Directory.GetFiles(Folder, "*.ipynb").Select(Path.GetFileName).Order().ToArray()!;

    /// <summary>The same, for [MemberData].</summary>
    public static TheoryData<string> Names() => new(FileNames);

    /// <summary>Runs notebooks/<paramref name="name"/> (once per test run) and returns the result.</summary>
    public static Task<NotebookResult> RunAsync(string name)
    {
        Mlp.Runner.Repository.RestoreTools(Repository);
        return Runs.GetOrAdd(name, n => new Lazy<Task<NotebookResult>>(() => NotebookRunner.RunAsync(Path.Combine(Folder, n)))).Value;
    }

    /// <summary>Runs notebooks/<paramref name="name"/> (once per test run) and fails the test, naming the cell, unless every cell ran.</summary>
    public static async Task<NotebookResult> RunSucceededAsync(string name)
    {
        var result = await RunAsync(name);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    /// <summary>notebooks/<paramref name="name"/> as committed (no outputs).</summary>
    public static Runner.Notebook Load(string name) => Runner.Notebook.Load(Path.Combine(Folder, name));

    /// <summary>The one code cell whose source contains <paramref name="text"/>.</summary>
    public static CellResult Cell(this NotebookResult result, string text) =>
        Assert.Single(result.Cells, c => c.Source.Contains(text, StringComparison.Ordinal));

    /// <summary>The failure as a readable test message.</summary>
    public static string Describe(this NotebookResult result) => result.Failure is { } f
        ? $"{result.Notebook.Name}, cell {f.Number} failed:\n{f.Source}\n---\n{f.Error}"
        : $"{result.Notebook.Name} ran without errors";
}
