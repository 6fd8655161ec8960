namespace Mlp.Platform;

/// <summary>The three systems students bring, for what differs between them (where programs are installed, what to advise).</summary>
public enum Os { Linux, MacOS, Windows }

/// <summary>
/// Finds a Chromium-based browser (Chrome, Edge, Brave, Chromium) for saving charts as images and for the tests of
/// the HTML pages: MLP_BROWSER if set, else the usual places on this OS, system-wide and per-user. The lookup is a
/// function of the OS, the environment and the file system, so each OS's places are tested on any machine.
/// </summary>
public static class Browser
{
    /// <summary>The environment variable that names the browser's executable (skipping the search).</summary>
    public const string Variable = "MLP_BROWSER";

    public static Os CurrentOs => OperatingSystem.IsWindows() ? Os.Windows : OperatingSystem.IsMacOS() ? Os.MacOS : Os.Linux;

    /// <summary>The browser's executable on this machine, or null.</summary>
    public static string? Find() => Find(CurrentOs, Environment.GetEnvironmentVariable, File.Exists);

    /// <summary>The first of <see cref="Candidates"/> that exists; MLP_BROWSER alone when it is set.</summary>
    public static string? Find(Os os, Func<string, string?> environment, Func<string, bool> exists) =>
        environment(Variable) is { Length: > 0 } chosen ? (exists(chosen) ? chosen : null)
        : Candidates(os, environment).FirstOrDefault(exists);

    /// <summary>Where each OS keeps Chrome, Edge, Brave and Chromium, in that order of preference for the OS.</summary>
    public static IEnumerable<string> Candidates(Os os, Func<string, string?> environment)
    {
        switch (os)
        {
            case Os.Windows:
                // Program Files for all users; %LOCALAPPDATA% where Chrome, Brave and Chromium install for one user.
                string[] roots = [.. new[] { "ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA" }.Select(environment).OfType<string>().Where(r => r.Length > 0)];
                string[] windows = [@"Google\Chrome\Application\chrome.exe", @"Microsoft\Edge\Application\msedge.exe",
                                    @"BraveSoftware\Brave-Browser\Application\brave.exe", @"Chromium\Application\chrome.exe"];
                return windows.SelectMany(exe => roots.Select(root => root.TrimEnd('\\') + @"\" + exe));
            case Os.MacOS:
                // /Applications, or ~/Applications where a user without admin rights drags an app.
                string[] folders = ["/Applications", .. environment("HOME") is { Length: > 0 } home ? [home.TrimEnd('/') + "/Applications"] : Array.Empty<string>()];
                string[] apps = ["Google Chrome.app/Contents/MacOS/Google Chrome", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
                                 "Brave Browser.app/Contents/MacOS/Brave Browser", "Chromium.app/Contents/MacOS/Chromium"];
                return apps.SelectMany(app => folders.Select(folder => $"{folder}/{app}"));
            default:
                string[] names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable", "brave-browser"];
                string[] path = [.. (environment("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/bin", "/snap/bin"];
                return names.SelectMany(name => path.Distinct().Select(dir => dir.TrimEnd('/') + "/" + name));
        }
    }

    /// <summary>What to do when no browser was found, for this OS (<paramref name="need"/> says what needs one).</summary>
    public static string Advice(string need) => Advice(need, CurrentOs, Environment.GetEnvironmentVariable(Variable));

    /// <remarks>In the UI culture's language (Strings.resx).</remarks>
    public static string Advice(string need, Os os, string? chosen)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (chosen is { Length: > 0 }) return string.Format(c, Strings.BrowserChosenMissing, need, Variable, chosen);
        string install = os switch
        {
            Os.Windows => Strings.BrowserInstallWindows,
            Os.MacOS => Strings.BrowserInstallMac,
            _ => Strings.BrowserInstallLinux,
        };
        string example = os switch
        {
            Os.Windows => @"C:\Program Files\Google\Chrome\Application\chrome.exe",
            Os.MacOS => "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            _ => "/usr/bin/chromium",
        };
        return string.Format(c, Strings.BrowserNone, need, install, Variable, example);
    }
}
