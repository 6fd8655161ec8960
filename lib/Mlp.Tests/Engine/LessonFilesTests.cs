using System.Text.RegularExpressions;

namespace Mlp.Tests.Engine;

/// <summary>The files the notebooks show to students hold the lesson and nothing of the engine.</summary>
public class LessonFilesTests
{
    private static string Root() => Mlp.Data.CourseRepository.FindFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("The repository (a folder holding lib/Mlp.slnx) is not above the test's folder.");

    /// <summary>Every path in a <c>LibraryCode.Show("...")</c> call of a notebook, as LibraryCode resolves it.</summary>
    private static List<string> Shown() =>
        Directory.GetFiles(Path.Combine(Root(), "notebooks"), "*.ipynb").Order()
            .SelectMany(notebook => Regex.Matches(File.ReadAllText(notebook), @"LibraryCode\.Show\(\\""([^\\""]+)\\""").Select(m => m.Groups[1].Value))
            .ToList();

    public static TheoryData<string> ShownFiles() => new(Shown().Distinct());   // a file shown by two notebooks is one case

    [Theory, MemberData(nameof(ShownFiles))]
    public void A_shown_file_exists_and_mentions_no_kernel(string file)
    {
        string root = Root(), inLibrary = Path.Combine(root, "lib", "Mlp", file), inLib = Path.Combine(root, "lib", file);
        string path = File.Exists(inLibrary) ? inLibrary : inLib;
        Assert.True(File.Exists(path), $"{file}: shown by a notebook, but neither lib/Mlp/{file} nor lib/{file} exists");
        var text = File.ReadAllText(path);
        foreach (var engineWord in new[] { "Kernels", "Mlp.Engine", "FastStep", "Products.", "Gemm" })
            Assert.DoesNotContain(engineWord, text);
    }

    [Fact]
    public void The_notebooks_show_every_step_of_the_lesson()
    {
        var shown = Shown().ToHashSet();
        var lesson = Directory.GetFiles(Path.Combine(Root(), "lib", "Mlp", "Lesson"), "*.cs").Select(f => "Lesson/" + Path.GetFileName(f));
        Assert.All(lesson.Where(f => !f.EndsWith("GradientDescent.cs")), f => Assert.Contains(f, shown)); // the update is notebook 07's exercise
    }
}
