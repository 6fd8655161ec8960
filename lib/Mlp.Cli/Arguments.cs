using System.Globalization;

namespace Mlp.Cli;

/// <summary>A bad command line; the message says which argument and why.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// "--name value" and "--flag" arguments. Every argument must be consumed by the command, so a
/// misspelt option is an error instead of being silently ignored.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
                throw new UsageException($"Unexpected argument '{a}': options start with -- (for example --epochs 5).");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            else if (!flags.Contains(name))
            {
                if (i + 1 >= list.Count) throw new UsageException($"Option --{name} needs a value.");
                value = list[++i];
            }
            if (!_values.TryAdd(name, value)) throw new UsageException($"Option --{name} is given twice.");
        }
    }

    public bool Flag(string name) { _used.Add(name); return _values.ContainsKey(name); }

    public string? String(string name) { _used.Add(name); return _values.GetValueOrDefault(name); }

    public int Int(string name, int fallback, int min, int max)
    {
        string? s = String(name);
        if (s is null) return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw new UsageException($"--{name} must be a whole number, not '{s}'.");
        if (v < min || v > max) throw new UsageException($"--{name} must be between {min} and {max}, not {v}.");
        return v;
    }

    public double Double(string name, double fallback, double minExclusive, double max)
    {
        string? s = String(name);
        if (s is null) return fallback;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException($"--{name} must be a number, not '{s}'.");
        if (v <= minExclusive || v > max) throw new UsageException($"--{name} must be greater than {minExclusive} and at most {max}, not {v}.");
        return v;
    }

    /// <summary>Throws for any option the command did not ask for (a typo, or an option of another command).</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"Unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
