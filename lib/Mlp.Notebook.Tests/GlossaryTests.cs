using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Issue 20: the 繁體中文 edition speaks Taiwan's usage, consistently: the terms of notebooks/zh-TW/GLOSSARY.md, no
/// Simplified characters and no mainland variants (in the notebooks and in the libraries' Strings.zh-TW.resx), and
/// the same numbers as the English it translates (so the English claims tests hold for its sentences too).
/// </summary>
public class GlossaryTests
{
    static string Folder => Editions.Folder(CourseNotebooks.Repository, "zh-TW");
    static string Glossary => File.ReadAllText(Path.Combine(Folder, "GLOSSARY.md"));

    /// <summary>(English, 繁體中文) of the glossary's rows marked **required**.</summary>
    static List<(string English, string Chinese)> Required() =>
        Glossary.Split('\n').Where(l => l.StartsWith("| ") && l.Contains("**required**"))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Select(c => (c[1], c[2])).ToList();

    static string[] Listed(string name) =>
        Regex.Match(Glossary, $@"<!-- {name}: (.*?) -->").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every Markdown cell of the edition with its English cell: (notebook, id, English, 繁體中文).</summary>
    static IEnumerable<(string Notebook, string Id, string English, string Chinese)> Cells()
    {
        foreach (var name in CourseNotebooks.FileNames)
        {
            string path = Path.Combine(Folder, name);
            if (!File.Exists(path)) continue; // EditionTests names a missing notebook
            var english = EditionTests.Cells(File.ReadAllText(Path.Combine(CourseNotebooks.Folder, name))).ToDictionary(c => c.Id);
            foreach (var cell in EditionTests.Cells(File.ReadAllText(path)).Where(c => c.Type == "markdown" && english.ContainsKey(c.Id)))
                yield return (name, cell.Id, english[cell.Id].Source, cell.Source);
        }
    }

    /// <summary>Prose only: without formulas, code spans and link targets.</summary>
    static string Prose(string markdown) =>
        Regex.Replace(markdown, @"\$\$.*?\$\$|\$[^$\n]*\$|`[^`]*`|\]\([^)]*\)", " ", RegexOptions.Singleline);

    [Fact]
    public void The_glossary_lists_the_lessons_terms_and_the_avoided_forms()
    {
        var required = Required().Select(r => r.Chinese).ToList();
        foreach (var term in new[] { "隱藏層", "激活函數", "前向傳播", "反向傳播", "交叉熵", "權重", "偏差", "資料", "網路", "批次", "學習率", "驗證集" })
            Assert.Contains(term, required);
        Assert.Contains("多層感知機", Glossary);
        string avoidedOrSimplified = string.Join(" ", Listed("avoided")) + " " + string.Concat(Listed("simplified"));
        foreach (var word in new[] { "程序", "網絡", "信息", "默认" }) Assert.Contains(word, Listed("avoided"));
        foreach (var c in "数据网络") Assert.Contains(c, avoidedOrSimplified);
    }

    [Fact]
    public void Every_translated_cell_uses_the_glossarys_term_where_the_English_uses_the_English_one()
    {
        var misses = new List<string>();
        foreach (var (notebook, id, english, chinese) in Cells())
            foreach (var (term, translation) in Required())
                if (Regex.IsMatch(Prose(english), $@"\b{Regex.Escape(term)}", RegexOptions.IgnoreCase) && !chinese.Contains(translation, StringComparison.Ordinal))
                    misses.Add($"zh-TW/{notebook} cell {id}: the English says \"{term}\", the translation has no {translation}");
        Assert.True(misses.Count == 0, string.Join("\n", misses));
    }

    [Fact]
    public void No_translated_text_has_Simplified_characters_or_mainland_words()
    {
        var avoided = Listed("avoided");
        var simplified = string.Concat(Listed("simplified"));
        Assert.NotEmpty(avoided);
        Assert.True(simplified.Length > 50);
        var texts = Cells().Select(c => ($"zh-TW/{c.Notebook} cell {c.Id}", c.Chinese))
            .Concat(Directory.GetFiles(Path.Combine(CourseNotebooks.Repository, "lib"), "*.zh-TW.resx", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .SelectMany(f => XDocument.Load(f).Root!.Elements("data").Select(d => ($"{Path.GetRelativePath(CourseNotebooks.Repository, f)} {d.Attribute("name")!.Value}", d.Element("value")!.Value))))
            .ToList();
        Assert.True(texts.Count > 300, $"only {texts.Count} texts found");
        var problems = new List<string>();
        foreach (var (where, text) in texts)
        {
            foreach (var word in avoided.Where(w => text.Contains(w, StringComparison.Ordinal))) problems.Add($"{where}: the mainland form {word}");
            foreach (var c in text.Where(c => simplified.Contains(c)).Distinct()) problems.Add($"{where}: the Simplified character {c}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_translated_cell_quotes_the_numbers_its_English_cell_quotes()
    {
        static HashSet<string> Numbers(string text) =>
            Regex.Matches(text.Replace(",", ""), @"(?<![\w.])\d+(?:\.\d+)?").Select(m => m.Value).ToHashSet();
        var problems = new List<string>();
        foreach (var (notebook, id, english, chinese) in Cells())
        {
            var (en, zh) = (Numbers(english), Numbers(chinese));
            if (en.Except(zh).ToList() is { Count: > 0 } lost) problems.Add($"zh-TW/{notebook} cell {id}: the English quotes {string.Join(", ", lost)}, the translation does not");
            // Chinese writes digits where English writes words ("all-zero" is 全為 0, "one step" 一步 or 1 步): small integers may be added.
            if (zh.Except(en).Where(n => !(int.TryParse(n, out int k) && k <= 10)).ToList() is { Count: > 0 } added) problems.Add($"zh-TW/{notebook} cell {id}: the translation quotes {string.Join(", ", added)}, the English does not");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
