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

    public static string Advice(string need, Os os, string? chosen)
    {
        if (chosen is { Length: > 0 })
            return $"{need} needs Chrome, Edge, Brave or Chromium, and {Variable} names {chosen}, which does not exist: " +
                   $"set {Variable} to the browser's executable, or remove it to let the course look in the usual places.";
        string install = os switch
        {
            Os.Windows => @"Microsoft Edge comes with Windows 10 and 11 (C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe); " +
                          "if it was removed, install Edge or Google Chrome",
            Os.MacOS => "install Google Chrome, Microsoft Edge or Brave (into /Applications, or ~/Applications without admin rights)",
            _ => "install Chromium (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium)",
        };
        string example = os switch
        {
            Os.Windows => @"C:\Program Files\Google\Chrome\Application\chrome.exe",
            Os.MacOS => "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            _ => "/usr/bin/chromium",
        };
        return $"{need} needs Chrome, Edge, Brave or Chromium, and none was found: {install}, " +
               $"or set the environment variable {Variable} to the browser's executable (e.g. {example}).";
    }
}
