using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mlp.Runner;

/// <summary>
/// The course's editions in other languages (today 繁體中文, <c>notebooks/zh-TW/</c>), kept in step with the English by
/// construction. An edition's notebook has the same cells, with the same ids, in the same order, as its English one:
/// <list type="bullet">
/// <item>its code cells are the English code, copied here (never edited by hand), except the setup cell, which sets
/// the edition's culture (<see cref="SetupCell"/>);</item>
/// <item>each Markdown cell is the translation of the English cell with its id, and its metadata records what it
/// translates: <c>"translation": {"en": hash of the English source, "text": hash of the translated text}</c>.</item>
/// </list>
/// The rule, applied by <c>tidy</c>: a cell whose text changed since its hashes were recorded has been (re)translated,
/// so both hashes are recorded again; otherwise a cell whose <c>en</c> is missing is <b>untranslated</b> (a new English
/// cell, copied in English as a placeholder) and one whose <c>en</c> differs from the English source's hash is
/// <b>stale</b> (the English changed since). Untranslated and stale cells are named by <c>tidy</c>, make
/// <c>tidy --check</c> fail, and fail a test. A translator therefore edits the Chinese cell in any editor and runs
/// <c>tidy</c>: that records the translation.
/// </summary>
public static partial class Editions
{
    /// <summary>The editions besides English: the culture names, each also the folder under notebooks/.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["zh-TW"];

    /// <summary>The cell metadata key holding what a translated cell translates.</summary>
    public const string MetadataKey = "translation";

    /// <summary>A translation that needs a translator: <see cref="Kind"/> is "untranslated" or "stale".</summary>
    public sealed record Problem(string Notebook, string CellId, string Kind, string English)
    {
        public override string ToString() => Kind == "stale"
            ? $"stale: {Notebook} cell {CellId}: its English cell (id {CellId}) changed since it was translated; revise the translation, then run tidy. English now: \"{English}\""
            : $"untranslated: {Notebook} cell {CellId} still holds the English (id {CellId}); translate it, then run tidy. English: \"{English}\"";
    }

    /// <summary>The edition's folder of <paramref name="culture"/> in the repository.</summary>
    public static string Folder(string repo, string culture) => Path.Combine(repo, "notebooks", culture);

    /// <summary>The culture of a notebook in an edition folder (notebooks/zh-TW/x.ipynb), or null for an English one.</summary>
    public static string? CultureOf(string notebookPath)
    {
        string folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(notebookPath)) ?? "");
        return Cultures.FirstOrDefault(c => string.Equals(c, folder, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The English notebook that an edition's notebook translates (notebooks/zh-TW/x.ipynb → notebooks/x.ipynb).</summary>
    public static string EnglishOf(string editionNotebook) =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(editionNotebook)))!, Path.GetFileName(editionNotebook));

    /// <summary>
    /// The setup cell of an edition: the English one (from notebooks/setup.csx), loading <c>../setup.csx</c> from the
    /// edition's folder, its comment translated, and <c>Course.Initialize</c> told the culture, which sets the kernel's
    /// <see cref="System.Globalization.CultureInfo.CurrentUICulture"/> so that the library speaks the edition's language.
    /// </summary>
    public static string SetupCell(string englishSetup, string culture)
    {
        string cell = englishSetup
            .Replace(Tidy.SetupLoad, "#load \"../setup.csx\"", StringComparison.Ordinal)
            .Replace("Course.Initialize(CourseSetup.Build);", $"Course.Initialize(CourseSetup.Build, \"{culture}\");", StringComparison.Ordinal);
        if (SetupComments.TryGetValue(culture, out var comment))
            cell = Regex.Replace(cell, @"(?m)^// Setup,.*$", comment);
        return cell;
    }

    static readonly Dictionary<string, string> SetupComments = new()
    {
        ["zh-TW"] = "// 設定：每本筆記本相同的第一格。需要時建置課程的函式庫，然後載入它（介面語言：繁體中文）。",
    };

    /// <summary>The hash recorded for a cell's source: 16 hex digits of its SHA-256 (line ends as \n).</summary>
    public static string Hash(string source) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source.Replace("\r\n", "\n")))).ToLowerInvariant()[..16];

    /// <summary>
    /// The tidy form of an edition's notebook: the cells of <paramref name="englishJson"/> (a tidy English notebook), the
    /// code copied, the Markdown taken from <paramref name="editionJson"/> (null: none yet) by cell id, else the English
    /// as an untranslated placeholder; the translation hashes refreshed by the rule above. Also returns the cells that
    /// need a translator, and notes (translations recorded, cells dropped because their English cell is gone).
    /// </summary>
    public static (string Json, IReadOnlyList<Problem> Problems, IReadOnlyList<string> Notes) Sync(
        string englishJson, string? editionJson, string editionName, string culture, string englishSetup)
    {
        var english = JsonNode.Parse(englishJson)!.AsObject();
        var edition = editionJson is null ? new JsonObject() : JsonNode.Parse(editionJson)!.AsObject();
        var translated = (edition["cells"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(c => Type(c) == "markdown" && Id(c) is not null)
            .GroupBy(c => Id(c)!).ToDictionary(g => g.Key, g => g.First());
        var problems = new List<Problem>();
        var notes = new List<string>();
        var cells = new JsonArray();
        var used = new HashSet<string>();
        foreach (var cell in (english["cells"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string id = Id(cell) ?? throw new InvalidDataException($"{editionName}: its English notebook has a cell without an id; tidy the English first.");
            string source = Tidy.SourceOf(cell);
            if (Type(cell) != "markdown")
            {
                cells.Add(cell.DeepClone());
                continue;
            }
            string enHash = Hash(source);
            JsonObject result;
            if (translated.TryGetValue(id, out var mine))
            {
                used.Add(id);
                result = (JsonObject)mine.DeepClone();
            }
            else
            {
                result = (JsonObject)cell.DeepClone();
                result["metadata"] = new JsonObject { [MetadataKey] = new JsonObject { ["en"] = null, ["text"] = Hash(source) } };
            }
            if (result["metadata"] is not JsonObject metadata) result["metadata"] = metadata = new JsonObject();
            if (metadata[MetadataKey] is not JsonObject record) metadata[MetadataKey] = record = new JsonObject { ["en"] = null, ["text"] = null };
            string text = Tidy.SourceOf(result);
            string? recordedEn = Recorded(record, "en"), recordedText = Recorded(record, "text");
            if (recordedEn is null && recordedText == Hash(text) && text != source)
            {
                // An untouched English placeholder whose English changed since: the placeholder follows it.
                result["source"] = cell["source"]!.DeepClone();
                text = source;
            }
            string textHash = Hash(text);
            if (text == source && NeedsTranslation(source))
            {
                record["en"] = null; // still the English: untranslated
                record["text"] = textHash;
                problems.Add(new Problem(editionName, id, "untranslated", FirstLine(source)));
            }
            else if (recordedText != textHash || recordedEn is null)
            {
                // Edited since the hashes were recorded (or a cell of formulas only): the translation of today's English.
                if (recordedEn is not null && recordedEn != enHash) notes.Add($"recorded the revised translation of {editionName} cell {id}");
                else if (recordedEn is null) notes.Add($"recorded the translation of {editionName} cell {id}");
                record["en"] = enHash;
                record["text"] = textHash;
            }
            else if (recordedEn != enHash)
                problems.Add(new Problem(editionName, id, "stale", FirstLine(source)));
            cells.Add(result);
        }
        foreach (var dropped in translated.Keys.Where(k => !used.Contains(k)))
            notes.Add($"dropped {editionName} cell {dropped}: its English cell is gone");

        var notebook = (JsonObject)english.DeepClone();
        notebook["cells"] = cells;
        if (notebook["metadata"] is JsonObject m) m["language"] = culture;
        string json = Tidy.Normalise(notebook.ToJsonString(), editionName, SetupCell(englishSetup, culture));
        return (json, problems, notes);
    }

    /// <summary>
    /// Every edition notebook's state against the English ones of <paramref name="repo"/> (in memory; nothing written):
    /// the untranslated and stale cells, and the edition notebooks that are not in their tidy form.
    /// </summary>
    public static (IReadOnlyList<Problem> Problems, IReadOnlyList<string> Untidy) Check(string repo)
    {
        string setup = Tidy.SetupCell(repo);
        var problems = new List<Problem>();
        var untidy = new List<string>();
        foreach (var culture in Cultures)
            foreach (var englishPath in Directory.GetFiles(Path.Combine(repo, "notebooks"), "*.ipynb").Order())
            {
                string name = Path.GetFileName(englishPath), path = Path.Combine(Folder(repo, culture), name);
                string english = Tidy.Normalise(File.ReadAllText(englishPath), name, setup);
                string? mine = File.Exists(path) ? File.ReadAllText(path) : null;
                var (json, found, _) = Sync(english, mine, Relative(repo, path), culture, setup);
                problems.AddRange(found);
                if (json != mine) untidy.Add(Relative(repo, path));
            }
        return (problems, untidy);
    }

    internal static string Relative(string repo, string path) => Path.GetRelativePath(repo, path).Replace('\\', '/');

    /// <summary>Whether a Markdown source has prose to translate: a Latin word outside formulas and code (a cell of only
    /// formulas may stay as it is).</summary>
    public static bool NeedsTranslation(string source)
    {
        string prose = Regex.Replace(source, @"\$\$.*?\$\$|\$[^$\n]*\$|`[^`]*`|\\[a-zA-Z]+", " ", RegexOptions.Singleline);
        return Regex.IsMatch(prose, @"[A-Za-z]{3,}");
    }

    static string? Recorded(JsonObject record, string key) =>
        record[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    static string Type(JsonObject cell) => cell["cell_type"]?.GetValue<string>() ?? "";

    static string? Id(JsonObject cell) => (cell["id"] as JsonValue)?.TryGetValue(out string? s) == true ? s : null;

    static string FirstLine(string source)
    {
        string line = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > 70 ? line[..67] + "..." : line;
    }
}
