namespace Mlp.Cli;

/// <summary>
/// Formats a text of Strings.resx, already in the reader's language (UiLanguage.cs sets CultureInfo.CurrentUICulture), with
/// its numbers in the invariant culture (a decimal point) in every language, as Mlp's own messages are.
/// </summary>
internal static class Localized
{
    public static string Format(string format, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
}
