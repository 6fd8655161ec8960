using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Mlp.Beyond;

namespace Mlp.Tests;

/// <summary>The tests that set <see cref="CultureInfo.CurrentUICulture"/> run one at a time, never beside another of them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UiCultureCollection
{
    public const string Name = "UI culture";
}

/// <summary>
/// Issue 20, "every string a student sees, localized": the library's exception messages a student can meet from a
/// notebook's "try it" cell or an exercise come from Strings.resx, in the reader's language
/// (<see cref="CultureInfo.CurrentUICulture"/>: zh-TW gives Strings.zh-TW.resx), with the same numbers, written with a
/// decimal point, in both. (The CLI's --help under LANG=zh_TW.UTF-8: <see cref="Cli.CliLanguageTests"/>.)
/// </summary>
[Collection(UiCultureCollection.Name)]
public class LocalizationTests
{
    /// <summary><paramref name="f"/>'s result under the UI culture <paramref name="culture"/>; the culture is restored after.</summary>
    static T In<T>(string culture, Func<T> f)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return f();
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    /// <summary>The message of what <paramref name="act"/> throws under the UI culture <paramref name="culture"/>.</summary>
    static string MessageIn<TException>(string culture, Action act) where TException : Exception =>
        In(culture, () => Assert.Throws<TException>(act).Message);

    [Fact]
    public void A_TrainingOptions_value_out_of_range_is_named_in_either_language_with_a_decimal_point()
    {
        Action lr = () => new TrainingOptions { LearningRate = 1500.5 }.Validate();
        Assert.StartsWith("LearningRate = 1500.5 is out of range: it must be a number greater than 0 and at most 1000 (try 0.1 to 1).",
            MessageIn<ArgumentOutOfRangeException>("en", lr));
        Assert.StartsWith("LearningRate = 1500.5 超出範圍：必須是大於 0 且不超過 1000 的數字（可以試試 0.1 到 1）。",
            MessageIn<ArgumentOutOfRangeException>("zh-TW", lr));

        Action hidden = () => new TrainingOptions { Hidden = 0 }.Validate();
        Assert.StartsWith("Hidden = 0 is out of range: it must be between 1 and 65536.", MessageIn<ArgumentOutOfRangeException>("en", hidden));
        Assert.StartsWith("Hidden = 0 超出範圍：必須介於 1 到 65536 之間。", MessageIn<ArgumentOutOfRangeException>("zh-TW", hidden));

        Action batch = () => new TrainingOptions { BatchSize = 0 }.Validate();
        Assert.StartsWith("BatchSize = 0 超出範圍：必須介於 1 到 1000000 之間（或設定 FullBatch）。", MessageIn<ArgumentOutOfRangeException>("zh-TW", batch));
    }

    [Fact]
    public void A_shape_mismatch_names_both_shapes_in_either_language()
    {
        var A = new Matrix<double>(2, 3);
        var B = new Matrix<double>(4, 5);
        Action transposeA = () => LinearAlgebra.MatMulTransposeA(A, B);
        Assert.Equal("MatMulTransposeA: Aᵀ·B needs A and B to have the same rows, but A is (2×3) and B is (4×5).",
            MessageIn<ShapeMismatchException>("en", transposeA));
        Assert.Equal("MatMulTransposeA：Aᵀ·B 需要 A 與 B 的列數相同，但 A 是 (2×3)，B 是 (4×5)。",
            MessageIn<ShapeMismatchException>("zh-TW", transposeA));

        Action bias = () => LinearAlgebra.AddRowVector(new Matrix<double>(5, 64), new Matrix<double>(1, 10));
        Assert.Equal("AddRowVector: the bias must be (1×64) to add to (5×64), but it is (1×10).", MessageIn<ShapeMismatchException>("en", bias));
        Assert.Equal("AddRowVector：偏差必須是 (1×64) 才能加到 (5×64) 上，但它是 (1×10)。", MessageIn<ShapeMismatchException>("zh-TW", bias));

        Action network = () => new Network<double>(new Matrix<double>(784, 100), new Matrix<double>(1, 99), new Matrix<double>(100, 10), new Matrix<double>(1, 10));
        Assert.Equal("Network: b1 must be (1×100) to match W1 (784×100), but it is (1×99).", MessageIn<ShapeMismatchException>("en", network));
        Assert.Equal("Network：b1 必須是 (1×100) 才能配合 W1 (784×100)，但它是 (1×99)。", MessageIn<ShapeMismatchException>("zh-TW", network));
    }

    [Fact]
    public void A_bad_schedule_says_which_part_and_why_in_either_language()
    {
        Action format = () => Schedule.Parse("0.5:20,0.1;10");
        Assert.Equal("The schedule part '0.1;10' is not η:epochs (for example 0.5:20, a decimal point in η).", MessageIn<FormatException>("en", format));
        Assert.Equal("學習率排程中的「0.1;10」不是「η:訓練週期數」的格式（例如 0.5:20；η 用小數點）。", MessageIn<FormatException>("zh-TW", format));

        Action range = () => Schedule.Parse("0.25:0");
        Assert.Equal("The schedule part '0.25:0' needs η above 0 and at least 1 epoch.", MessageIn<FormatException>("en", range));
        Assert.Equal("學習率排程中的「0.25:0」需要 η 大於 0，且至少 1 個訓練週期。", MessageIn<FormatException>("zh-TW", range));
    }

    [Fact]
    public void A_DeepTraining_option_out_of_range_is_named_in_either_language()
    {
        Action rate = () => new DeepOptions { LearningRate = 0 }.Validate();
        Assert.StartsWith("LearningRate must be a number above 0 (try 0.1 to 1).", MessageIn<ArgumentOutOfRangeException>("en", rate));
        Assert.StartsWith("LearningRate 必須是大於 0 的數字（可以試試 0.1 到 1）。", MessageIn<ArgumentOutOfRangeException>("zh-TW", rate));

        Action decay = () => new DeepOptions { WeightDecay = -0.5 }.Validate();
        Assert.StartsWith("WeightDecay must be 0 or more.", MessageIn<ArgumentOutOfRangeException>("en", decay));
        Assert.StartsWith("WeightDecay 必須是 0 或更大的數。", MessageIn<ArgumentOutOfRangeException>("zh-TW", decay));
    }

    [Fact]
    public void A_bad_model_file_is_explained_in_either_language()
    {
        string folder = Directory.CreateTempSubdirectory("mlp-localization-").FullName;
        try
        {
            string path = Path.Combine(folder, "not-a-model.mlp");
            File.WriteAllBytes(path, [.. "ABCD"u8, .. new byte[100]]);
            Action load = () => ModelFile.Load<float>(path);
            Assert.Equal($"Cannot load the model file '{path}': it does not start with \"MLPN\" (found 41 42 43 44): it is not a model file.",
                MessageIn<ModelFormatException>("en", load));
            Assert.Equal($"無法載入模型檔「{path}」：它的開頭不是 \"MLPN\"（讀到的是 41 42 43 44）：它不是模型檔。",
                MessageIn<ModelFormatException>("zh-TW", load));

            string missing = Path.Combine(folder, "missing.mlp");
            Action none = () => ModelFile.Load<float>(missing);
            Assert.Equal($"No model file at '{missing}'. Save one first with ModelFile.Save (or `mlp train --save FILE`).", MessageIn<FileNotFoundException>("en", none));
            Assert.Equal($"「{missing}」沒有模型檔。請先用 ModelFile.Save（或 `mlp train --save FILE`）儲存一個。", MessageIn<FileNotFoundException>("zh-TW", none));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void A_validation_split_too_large_keeps_its_thousands_separators_in_either_language()
    {
        var data = new Dataset<double>(new Matrix<double>(1200, 2), new int[1200], classes: 2, name: "toy");
        Action holdOut = () => data.HoldOut(1200);
        Assert.StartsWith("toy: cannot hold out 1,200 of its 1,200 samples for validation: choose between 0 and 1,199.", MessageIn<ArgumentOutOfRangeException>("en", holdOut));
        Assert.StartsWith("toy：無法從它的 1,200 個樣本中留出 1,200 個作為驗證集：請選擇 0 到 1,199 之間的數。", MessageIn<ArgumentOutOfRangeException>("zh-TW", holdOut));
    }

    [Fact]
    public void A_bad_data_file_is_explained_in_either_language()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mlp-localization-{Guid.NewGuid():N}-labels-idx1-ubyte");
        File.WriteAllBytes(path, []);
        try
        {
            Action read = () => Mlp.Data.IdxReader.ReadLabels(path);
            Assert.Equal($"The data file '{path}' is not usable: it is empty. Delete it and run again to re-download it, or copy a good file there.",
                MessageIn<Mlp.Data.DataFormatException>("en", read));
            Assert.Equal($"資料檔「{path}」無法使用：它是空的。請刪除它後再執行一次以重新下載，或把一份完好的檔案複製到那裡。",
                MessageIn<Mlp.Data.DataFormatException>("zh-TW", read));
        }
        finally { File.Delete(path); }
    }

    /// <summary>A run stopped before its first batch (a notebook cell interrupted): the history says so in the reader's language.</summary>
    [Fact]
    public void A_cancelled_run_says_so_in_either_language()
    {
        string StopMessageIn(string culture) => In(culture, () =>
        {
            var data = new Dataset<double>(new Matrix<double>(20, 4), Enumerable.Range(0, 20).Select(i => i % 2).ToArray(), classes: 2, name: "toy");
            var trainer = new Trainer<double>(Network<double>.Create(4, 3, 2), new TrainingOptions { BatchSize = 5, Epochs = 2 });
            return trainer.Fit(data, cancellationToken: new CancellationToken(canceled: true)).StopMessage!;
        });
        Assert.Equal("Training was cancelled in epoch 1 after 0 of 4 batches; the network keeps the weights learned so far and the history keeps 0 complete epochs.",
            StopMessageIn("en"));
        Assert.Equal("訓練在第 1 個訓練週期、4 個批次中的第 0 個之後被取消；網路保留目前學到的權重，訓練紀錄保留 0 個完整的訓練週期。", StopMessageIn("zh-TW"));
    }

    static string Repository => Mlp.Data.CourseRepository.FindFrom(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("the repository");

    /// <summary>Every text of every library's Strings.resx (and EngineStrings.resx) has its zh-TW entry, with the same placeholders
    /// ({0}, {1:N0}…, so no number is lost or swapped), and no zh-TW entry is left without its English. (Labels.resx, keyed by the
    /// English text itself, has its own tests in Mlp.Notebook.Tests.)</summary>
    [Fact]
    public void Every_resx_text_has_its_zh_TW_entry_with_the_same_placeholders()
    {
        var files = Directory.GetFiles(Path.Combine(Repository, "lib"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".zh-TW.") && Path.GetFileName(f) != "Labels.resx" && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.Contains(files, f => f.EndsWith(Path.Combine("Mlp", "Strings.resx")));
        Assert.Contains(files, f => f.EndsWith(Path.Combine("Mlp.Cli", "Strings.resx")));
        Assert.Contains(files, f => f.EndsWith("EngineStrings.resx"));
        static Dictionary<string, string> Read(string path) =>
            XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");
        static string Placeholders(string text) => string.Join(" ", Regex.Matches(text, @"\{\d+(:[^}]*)?\}").Select(m => m.Value).Distinct().Order());
        var problems = new List<string>();
        foreach (string english in files)
        {
            string chinese = english[..^".resx".Length] + ".zh-TW.resx";
            string name = Path.GetRelativePath(Repository, english);
            if (!File.Exists(chinese)) { problems.Add($"{name}: no {Path.GetFileName(chinese)}"); continue; }
            var en = Read(english);
            var zh = Read(chinese);
            foreach (var (key, text) in en)
                if (!zh.TryGetValue(key, out string? translated)) problems.Add($"{name}: {key} has no zh-TW entry");
                else if (Placeholders(text) != Placeholders(translated)) problems.Add($"{name}: {key}: placeholders {Placeholders(text)} in English, {Placeholders(translated)} in zh-TW");
            problems.AddRange(zh.Keys.Where(k => !en.ContainsKey(k)).Select(k => $"{name}: {k} is only in zh-TW"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// The messages kept in English on purpose: no student or teacher can make them appear, or they are not a sentence a
    /// reader sees. Each with its reason. Keyed by file (relative to lib/) and a piece of the literal.
    /// </summary>
    static readonly (string File, string Literal, string Reason)[] KeptInEnglish =
    [
        ("Mlp/ModelFile.cs", "No space left on device",
            "a sentinel, not shown: DiskSpace.IsFull recognises the operating system's words, and Reason() replaces the message with ModelSaveNoSpace"),
        ("Mlp.Engine/Products.cs", "must be a separate matrix",
            "internal (Products is internal): the library's own callers always pass a separate result matrix; a test guards it"),
        ("Mlp.Engine/Products.cs", "the shapes do not fit",
            "internal (Products is internal): the public entry points check the shapes first, with localized messages"),
        ("Mlp.Notebook/ChartsHost.cs", "does not implement",
            "a broken build (the chart assembly's type does not implement the contract), never a student's input"),
        ("Mlp.Notebook/ChartsHost.cs", "holds an old build",
            "the same message's second half"),
        ("Mlp.Notebook/Widgets/Widget.cs", "without its widget script",
            "a broken build (the widget script is embedded at build time), never a student's input"),
    ];

    /// <summary>
    /// The guard: no exception message written as an English literal in lib/Mlp, lib/Mlp.Engine, lib/Mlp.Notebook or lib/Mlp.Charts, outside
    /// <see cref="KeptInEnglish"/>. It reads the source with Roslyn: the arguments of every <c>new …Exception(…)</c>, every
    /// <c>throw …</c> and every <c>Shapes.Require(…)</c>, and fails on a string (literal or the text of an interpolated one) that
    /// holds two English words in a row. Write the message in Strings.resx (and Strings.zh-TW.resx) instead.
    /// </summary>
    [Fact]
    public void No_exception_message_is_an_English_literal_outside_the_allow_list()
    {
        var words = new Regex(@"[A-Za-z]{2,}[ ,;:'’]+[A-Za-z]{2,}");
        var found = new List<string>();
        var used = new HashSet<(string, string)>();
        foreach (string project in new[] { "Mlp", "Mlp.Engine", "Mlp.Notebook", "Mlp.Charts" })
        foreach (string file in Directory.GetFiles(Path.Combine(Repository, "lib", project), "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Path.Combine(Repository, "lib"), file).Replace('\\', '/');
            if (relative.Contains("/obj/") || relative.Contains("/bin/")) continue;
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var messages = root.DescendantNodes().Where(n => n switch
            {
                ObjectCreationExpressionSyntax o => o.Type.ToString().EndsWith("Exception"),
                ImplicitObjectCreationExpressionSyntax => n.Parent is ThrowExpressionSyntax or ThrowStatementSyntax,
                ThrowStatementSyntax or ThrowExpressionSyntax => true,
                InvocationExpressionSyntax i => i.Expression.ToString() is "Shapes.Require" or "Shapes.RequireSame",
                // An exception type's own message: `: base($"…")` or a primary constructor's `: Exception($"…")`.
                ConstructorInitializerSyntax c => c.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.Text.EndsWith("Exception") == true,
                PrimaryConstructorBaseTypeSyntax p => p.Type.ToString().EndsWith("Exception"),
                _ => false,
            });
            foreach (var node in messages)
            foreach (var text in node.DescendantNodes().Select(d => d switch
                     {
                         LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) => l.Token.ValueText,
                         InterpolatedStringExpressionSyntax s => string.Concat(s.Contents.OfType<InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText)),
                         _ => null,
                     }).OfType<string>().Distinct())
            {
                if (!words.IsMatch(text)) continue;
                var allowed = KeptInEnglish.FirstOrDefault(k => k.File == relative && text.Contains(k.Literal));
                if (allowed.File is not null) { used.Add((allowed.File, allowed.Literal)); continue; }
                int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                found.Add($"lib/{relative}:{line}: \"{text}\"");
            }
        }
        Assert.True(found.Count == 0, "English message literals (put them in Strings.resx and Strings.zh-TW.resx, or add them to KeptInEnglish with a reason):\n"
                                      + string.Join("\n", found.Distinct()));
        // An entry that no longer matches anything is stale: remove it, so the list says only what is true.
        var stale = KeptInEnglish.Where(k => !used.Contains((k.File, k.Literal))).Select(k => $"{k.File}: {k.Literal}").ToList();
        Assert.True(stale.Count == 0, "KeptInEnglish entries that match nothing:\n" + string.Join("\n", stale));
    }
}
