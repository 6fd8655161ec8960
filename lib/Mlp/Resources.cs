using System.Resources;

// English is in the main assembly (Strings.resx): an English UI culture looks for no satellite assembly.
[assembly: NeutralResourcesLanguage("en")]

namespace Mlp
{
    /// <summary>
    /// Formats a text of Strings.resx: <c>Strings.X</c> is already in the reader's language (CultureInfo.CurrentUICulture
    /// picks Strings.zh-TW.resx for zh-TW), and its numbers keep the invariant culture (a decimal point) in every language.
    /// </summary>
    internal static class Localized
    {
        public static string Format(string format, params object?[] args) =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
