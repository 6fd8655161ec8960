using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;

namespace Mlp.Notebook;

/// <summary>
/// The words a notebook's own code shows (a result's name, a table's caption or column, a chart's title, axes and legend)
/// in the reader's language. Every edition of the course runs the same code, written in English; a reader whose UI culture
/// is zh-TW sees the entry of <c>Labels.zh-TW.resx</c> whose name is that English text. <see cref="Results"/>,
/// <see cref="Table"/> and <see cref="Charts"/> look their texts up here, so a notebook's code needs no call of its own.
/// <para>
/// Numbers inside a text need no entry of their own: "After 5 epochs each" is looked up as "After {0} epochs each", and
/// the numbers as printed are put back in their places (a translation may reorder them: "各 {0} 個 epoch 之後").
/// A text with no entry is shown as written.
/// </para>
/// </summary>
public static class Labels
{
    /// <summary>Looked up ignoring case, as the resource build names entries (a .resx cannot hold both "Shape" and "shape"):
    /// a record's column (Shape) and an anonymous object's (shape) share one entry.</summary>
    static readonly ResourceManager Resources = new("Mlp.Notebook.Labels", typeof(Labels).Assembly) { IgnoreCase = true };
    static readonly ConcurrentDictionary<(string Culture, string Text), string> Cache = new();

    /// <summary>A number as a notebook prints it: 5, −0.25, 1,000, 3.1e-05, 12.5%; not the 1 of "W1" or "x1".</summary>
    static readonly Regex Number = new(@"(?<![\p{L}\p{N}_.])[-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+−]?\d+)?%?(?![\p{L}\p{N}_])",
                                       RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary><paramref name="english"/> in the current UI culture's language, or as written when it has no entry.</summary>
    public static string Translate(string english) => Translate(english, CultureInfo.CurrentUICulture);

    /// <inheritdoc cref="Translate(string)"/>
    public static string Translate(string english, CultureInfo culture)
    {
        if (string.IsNullOrWhiteSpace(english) || culture.TwoLetterISOLanguageName == "en" || culture.Name.Length == 0) return english;
        return Cache.GetOrAdd((culture.Name, english), key => Lookup(key.Text, culture));
    }

    /// <summary>Translates each text (legend names, column names).</summary>
    public static string[] Translate(IEnumerable<string> english) => english.Select(Translate).ToArray();

    /// <summary>True when <paramref name="english"/> has an entry in <paramref name="culture"/>'s language (itself, or with its numbers as {0}, {1}…).</summary>
    public static bool Has(string english, CultureInfo culture) =>
        Entry(english, culture) is not null || Entry(Template(english, out _), culture) is not null;

    static string Lookup(string english, CultureInfo culture)
    {
        if (Entry(english, culture) is { } exact) return exact;
        string template = Template(english, out var numbers);
        if (numbers.Count == 0 || Entry(template, culture) is not { } translated) return english;
        try { return string.Format(CultureInfo.InvariantCulture, translated, numbers.ToArray<object>()); }
        catch (FormatException) { return english; }   // a translation naming a {k} the text has not: show the English
    }

    static string? Entry(string name, CultureInfo culture)
    {
        string? value = Resources.GetString(name, culture);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The text with each number replaced by {0}, {1}… in order (braces already in it doubled), and the numbers.</summary>
    internal static string Template(string text, out List<string> numbers)
    {
        var found = new List<string>();
        var escaped = text.Replace("{", "{{").Replace("}", "}}");
        var sb = new StringBuilder();
        int last = 0;
        foreach (Match m in Number.Matches(escaped))
        {
            sb.Append(escaped, last, m.Index - last).Append('{').Append(found.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
            found.Add(m.Value);
            last = m.Index + m.Length;
        }
        numbers = found;
        return sb.Append(escaped, last, escaped.Length - last).ToString();
    }
}
