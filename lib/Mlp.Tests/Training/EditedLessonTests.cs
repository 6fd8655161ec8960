using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mlp.Tests.Data;

namespace Mlp.Tests.Training;

/// <summary>
/// What a student does: edit a step of the lesson (lib/Mlp/Lesson/), rebuild, train with the default settings. Each test
/// compiles a copy of lib/Mlp (with the engine and the CLI) with one edit, as a rebuild would, and trains with it: training must follow
/// the edit (the same numbers as the lesson's code with the engine off), and the trainer must say so in one line.
/// </summary>
public class EditedLessonTests
{
    private static string Root() => Mlp.Data.CourseRepository.FindFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException("The repository (a folder holding lib/Mlp.slnx) is not above the test's folder.");

    /// <summary>Trains through the copy: 1,000 pixel-like images, the default options but one epoch; the engine on or off.</summary>
    private const string Driver = """
        namespace EditedLesson;
        public static class Driver
        {
            public static (string? Notice, float[] W1, float[] b2, double Loss) Train(bool engine)
            {
                Mlp.Kernels.Enabled = engine;
                var rng = new Random(3);
                var X = new Mlp.Matrix<float>(1000, 784);
                for (int i = 0; i < X.Data.Length; i++) X.Data[i] = rng.Next(3) == 0 ? 0 : (float)rng.NextDouble();
                var data = new Mlp.Dataset<float>(X, Enumerable.Range(0, 1000).Select(i => i * 7 % 10).ToArray(), 10, "synthetic");
                var trainer = Mlp.Trainer<float>.Create(new Mlp.TrainingOptions { Epochs = 1 }, 784, 10);
                string? notice = trainer.Notice;
                trainer.Fit(data);
                return (notice, trainer.Network.W1.Data.ToArray(), trainer.Network.b2.Data.ToArray(), trainer.History.Last!.TrainLoss);
            }

            public static (int Exit, string Out, string Err) Cli(params string[] args)
            {
                Mlp.Kernels.Enabled = true;
                var (o, e) = (new StringWriter(), new StringWriter());
                int exit = Mlp.Cli.CommandLine.Run(args, o, e);
                return (exit, o.ToString(), e.ToString());
            }
        }
        """;

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Mlp", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>lib/Mlp, lib/Mlp.Engine and lib/Mlp.Cli compiled with <paramref name="edit"/> applied to one file, loaded on its own; returns its driver.</summary>
    private static Type Build(string file, string from, string to)
    {
        string root = Root();
        var sources = new[] { "lib/Mlp", "lib/Mlp.Engine", "lib/Mlp.Cli" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !p.EndsWith($"Mlp.Cli{Path.DirectorySeparatorChar}Program.cs"))
            .ToList();
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        bool edited = false;
        var trees = sources.Select(path =>
        {
            string text = File.ReadAllText(path);
            if (path.EndsWith(file.Replace('/', Path.DirectorySeparatorChar)) && from.Length > 0)
            {
                Assert.Contains(from, text);
                text = text.Replace(from, to);
                edited = true;
            }
            return CSharpSyntaxTree.ParseText(text, options, path);
        }).ToList();
        Assert.True(edited || from.Length == 0, $"{file} is not in lib/Mlp");
        // The projects' strings (.resx): the classes the build generated from them, and their English resources.
        var resources = new List<ResourceDescription>();
        foreach (var (dir, name) in new[] { ("lib/Mlp", "Mlp.Strings"), ("lib/Mlp.Engine", "Mlp.EngineStrings"), ("lib/Mlp.Cli", "Mlp.Cli.Strings") })
        {
            string generated = Directory.GetFiles(Path.Combine(root, dir, "obj"), $"{name}.cs", SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc).First();
            string compiled = Path.Combine(Path.GetDirectoryName(generated)!, $"{name}.resources");
            trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(generated), options, generated));
            resources.Add(new ResourceDescription($"{name}.resources", () => File.OpenRead(compiled), isPublic: true));
        }
        trees.Add(CSharpSyntaxTree.ParseText(Driver, options));
        trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
                                             "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", options));
        var compilation = CSharpCompilation.Create("Mlp.Edited" + Guid.NewGuid().ToString("N"), trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        using var dll = new MemoryStream();
        var result = compilation.Emit(dll, manifestResources: resources);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        dll.Position = 0;
        var assembly = new AssemblyLoadContext("edited lesson", isCollectible: true).LoadFromStream(dll);
        return assembly.GetType("EditedLesson.Driver")!;
    }

    private static (string? Notice, float[] W1, float[] b2, double Loss) Train(Type driver, bool engine) =>
        ((string?, float[], float[], double))driver.GetMethod("Train")!.Invoke(null, [engine])!;

    private static readonly Lazy<Type> UneditedDriver = new(() => Build("", "", ""));
    private static readonly Lazy<(string? Notice, float[] W1, float[] b2, double Loss)> Unedited = new(() => Train(UneditedDriver.Value, engine: true));

    [Fact]
    public void Unedited_the_engine_trains_and_says_nothing()
    {
        var driver = UneditedDriver.Value;
        var (notice, w1, _, loss) = Unedited.Value;
        Assert.Null(notice);
        var lesson = Train(driver, engine: false);
        Assert.Equal(lesson.Loss, loss, 3); // the engine computes the lesson's numbers to float rounding
        Assert.All(w1.Zip(lesson.W1), p => Assert.Equal(p.Second, p.First, 3));
    }

    public static TheoryData<string, string, string, string> Edits => new()
    {
        // step, file, the text replaced, by what
        { "sigmoid", "Lesson/02-Sigmoid.cs", "if (z >= T.Zero) return T.One / (T.One + T.Exp(-z));", "return T.Tanh(z);" },
        { "sigmoid's derivative", "Lesson/02-Sigmoid.cs", "return s * (T.One - s);", "return s * (T.One - s) * (T.One + T.One);" },
        { "softmax", "Lesson/03-Softmax.cs", "TensorPrimitives.Exp<T>(p, p);", "TensorPrimitives.Exp<T>(p, p); TensorPrimitives.Multiply<T>(p, p, p);" },
        { "backward pass", "Lesson/06-BackwardPass.cs", "LinearAlgebra.Scale(g.dW2, T.One / n);", "LinearAlgebra.Scale(g.dW2, (T.One + T.One) / n);" },
        { "update of the weights", "Lesson/07-GradientDescent.cs", "-learningRate, W.Data", "-learningRate / (T.One + T.One), W.Data" },
    };

    [Theory, MemberData(nameof(Edits))]
    public void An_edited_step_is_what_default_training_runs_and_the_trainer_says_so_once(string step, string file, string from, string to)
    {
        var driver = Build(file, from, to);
        var (notice, w1, b2, loss) = Train(driver, engine: true); // the default: the engine on
        Assert.StartsWith($"The lesson's {step} has changed: training runs your code", notice);
        Assert.Single(notice!.Split('\n'));
        var lesson = Train(driver, engine: false);
        Assert.Equal(lesson.W1, w1); // bit for bit the lesson's code, with the edit
        Assert.Equal(lesson.b2, b2);
        Assert.Equal(lesson.Loss, loss);
        Assert.NotEqual(Unedited.Value.b2, b2);
    }

    /// <summary>The loss is the lesson's function on every path (the engine computes none of its own): an edited loss is what training reports.</summary>
    [Fact]
    public void An_edited_loss_is_the_loss_training_reports()
    {
        var driver = Build("Lesson/05-Loss.cs", "sum += -T.Log(T.Max(a2[i, y], T.Epsilon));", "sum += -(T.One + T.One) * T.Log(T.Max(a2[i, y], T.Epsilon));");
        var (notice, _, b2, loss) = Train(driver, engine: true);
        Assert.Null(notice);
        Assert.Equal(2 * Unedited.Value.Loss, loss, 4);
        Assert.Equal(Unedited.Value.b2, b2); // dz2 = a2 − Y does not use the loss
    }

    [Fact]
    public void The_command_line_says_once_that_the_lessons_code_runs()
    {
        if (RealMnist.MissingReason() is { } missing) Assert.Fail(missing);
        var driver = Build("Lesson/02-Sigmoid.cs", "if (z >= T.Zero) return T.One / (T.One + T.Exp(-z));", "return T.Tanh(z);");
        var (exit, stdout, stderr) = ((int, string, string))driver.GetMethod("Cli")!.Invoke(null, [new[] { "train", "--epochs", "1", "--offline" }])!;
        Assert.True(exit == 0, stderr);
        Assert.Single(stderr.Split('\n'), l => l.Contains("training runs your code"));
        Assert.Contains("note: The lesson's sigmoid has changed: training runs your code (lib/Mlp/Lesson/), not the fast engine, about", stderr);
        Assert.Contains("completed", stdout);
    }
}
