using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlp.Runner;

/// <summary>
/// JSON text exactly as Jupyter's nbformat writes a notebook (Python's <c>json.dumps(nb, indent=1,
/// sort_keys=True, ensure_ascii=False)</c>), so that a notebook saved by Jupyter and one tidied here are the same bytes.
/// </summary>
public static class NotebookJson
{
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node, 0);
        return text.ToString();
    }

    static void Write(StringBuilder text, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null: text.Append("null"); break;
            case JsonObject o when o.Count == 0: text.Append("{}"); break;
            case JsonObject o:
                text.Append("{\n");
                bool first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(",\n");
                    first = false;
                    text.Append(' ', depth + 1);
                    String(text, key);
                    text.Append(": ");
                    Write(text, value, depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append('}');
                break;
            case JsonArray a when a.Count == 0: text.Append("[]"); break;
            case JsonArray a:
                text.Append("[\n");
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0) text.Append(",\n");
                    text.Append(' ', depth + 1);
                    Write(text, a[i], depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: String(text, v.GetValue<string>()); break;
                    case JsonValueKind.True: text.Append("true"); break;
                    case JsonValueKind.False: text.Append("false"); break;
                    case JsonValueKind.Null: text.Append("null"); break;
                    default: text.Append(v.ToJsonString()); break; // numbers, as written
                }
                break;
        }
    }

    static void String(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
