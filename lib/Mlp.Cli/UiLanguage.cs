using System.Globalization;

namespace Mlp.Cli;

/// <summary>
/// The language of the CLI's messages, from the environment as POSIX programs read it: the first of LC_ALL, LC_MESSAGES
/// and LANG that is set and not empty names the locale (<c>zh_TW.UTF-8</c>); a Taiwanese one (zh_TW, zh-TW, zh_Hant_TW)
/// gives 繁體中文, anything else (en_US, de_DE, C, POSIX, none) English. The programs build with InvariantGlobalization,
/// so .NET itself never reads a UI culture from the system: this is where the CLI reads it. Only the words change:
/// numbers keep the invariant culture (a decimal point) in every language.
/// </summary>
public static class UiLanguage
{
    /// <summary>The variables read, in order of precedence.</summary>
    public static readonly string[] Variables = ["LC_ALL", "LC_MESSAGES", "LANG"];

    /// <summary>The UI culture for this environment: zh-TW, or the invariant culture (English, Strings.resx).</summary>
    public static CultureInfo FromEnvironment(Func<string, string?> variable)
    {
        if (NameFromEnvironment(variable) is not { Length: > 0 } name) return CultureInfo.InvariantCulture;
        try { return new CultureInfo(name); }   // needs PredefinedCulturesOnly=false (Mlp.Cli.csproj) under InvariantGlobalization
        catch (CultureNotFoundException) { return CultureInfo.InvariantCulture; }   // a host that forbids it: English rather than a crash
    }

    /// <summary>"zh-TW" when the locale the environment names is Taiwanese, else "" (English).</summary>
    public static string NameFromEnvironment(Func<string, string?> variable) =>
        IsTaiwanese(Variables.Select(variable).FirstOrDefault(v => !string.IsNullOrEmpty(v))) ? "zh-TW" : "";

    /// <summary>zh_TW, zh_TW.UTF-8, zh_TW.Big5, zh-TW, zh_Hant_TW…: language zh and territory TW, codeset and @modifier aside.</summary>
    static bool IsTaiwanese(string? locale)
    {
        if (locale is null) return false;
        string name = locale.Split('.', '@')[0].Replace('-', '_');
        var parts = name.Split('_');
        return parts.Length >= 2 && parts[0].Equals("zh", StringComparison.OrdinalIgnoreCase)
            && parts[^1].Equals("TW", StringComparison.OrdinalIgnoreCase);
    }
}
