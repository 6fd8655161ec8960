using Mlp.Platform;

namespace Mlp.Tests.Platform;

/// <summary>The browser lookup of each OS, on a pretend file system: system-wide and per-user installs, and advice for that OS.</summary>
public sealed class BrowserTests
{
    static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    static Func<string, bool> Only(params string[] files) => files.Contains;

    [Theory]
    [InlineData(@"C:\Users\ana\AppData\Local\Google\Chrome\Application\chrome.exe")]                 // Chrome for one user
    [InlineData(@"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe")]                    // Edge, as Windows ships it
    [InlineData(@"C:\Users\ana\AppData\Local\BraveSoftware\Brave-Browser\Application\brave.exe")]    // Brave for one user
    [InlineData(@"C:\Program Files\Chromium\Application\chrome.exe")]
    public void Windows_finds_Chrome_Edge_Brave_and_Chromium_in_Program_Files_and_per_user(string installed)
    {
        var env = Env(("ProgramFiles", @"C:\Program Files"), ("ProgramFiles(x86)", @"C:\Program Files (x86)"), ("LOCALAPPDATA", @"C:\Users\ana\AppData\Local"));
        Assert.Equal(installed, Browser.Find(Os.Windows, env, Only(installed)));
    }

    [Theory]
    [InlineData("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge")]
    [InlineData("/Users/ana/Applications/Brave Browser.app/Contents/MacOS/Brave Browser")]        // dragged there without admin rights
    [InlineData("/Users/ana/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")]
    [InlineData("/Applications/Chromium.app/Contents/MacOS/Chromium")]
    public void MacOS_finds_Chrome_Edge_Brave_and_Chromium_in_Applications_and_the_users_Applications(string installed) =>
        Assert.Equal(installed, Browser.Find(Os.MacOS, Env(("HOME", "/Users/ana")), Only(installed)));

    [Theory]
    [InlineData("/usr/bin/chromium")]
    [InlineData("/snap/bin/chromium")]
    [InlineData("/home/ana/.local/bin/google-chrome")]
    [InlineData("/usr/bin/microsoft-edge-stable")]
    [InlineData("/usr/bin/brave-browser")]
    public void Linux_finds_a_browser_on_the_PATH_or_in_usr_bin_and_snap(string installed) =>
        Assert.Equal(installed, Browser.Find(Os.Linux, Env(("PATH", "/home/ana/.local/bin:/usr/local/bin")), Only(installed)));

    [Fact]
    public void MLP_BROWSER_is_taken_as_given_and_a_missing_one_is_named()
    {
        var env = Env(("MLP_BROWSER", "/opt/mine/chrome"), ("PATH", "/usr/bin"));
        Assert.Equal("/opt/mine/chrome", Browser.Find(Os.Linux, env, Only("/opt/mine/chrome", "/usr/bin/chromium")));
        Assert.Null(Browser.Find(Os.Linux, env, Only("/usr/bin/chromium")));   // not silently another browser
        Assert.Contains("MLP_BROWSER names /opt/mine/chrome, which does not exist", Browser.Advice("Saving a chart", Os.Linux, "/opt/mine/chrome"));
    }

    [Fact]
    public void With_no_browser_the_advice_is_for_this_OS()
    {
        foreach (var os in Enum.GetValues<Os>())
            Assert.Null(Browser.Find(os, Env(("PATH", "/usr/bin"), ("HOME", "/Users/ana"), ("ProgramFiles", @"C:\Program Files")), Only()));
        string linux = Browser.Advice("Saving a chart as an image", Os.Linux, null),
               mac = Browser.Advice("Saving a chart as an image", Os.MacOS, null),
               windows = Browser.Advice("Saving a chart as an image", Os.Windows, null);
        Assert.StartsWith("Saving a chart as an image needs Chrome, Edge, Brave or Chromium, and none was found", linux);
        Assert.Contains("sudo apt-get install chromium", linux);
        Assert.Contains("~/Applications", mac);
        Assert.Contains("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", mac);
        Assert.Contains("msedge.exe", windows);
        Assert.All(new[] { mac, windows }, advice => Assert.DoesNotContain("apt-get", advice));
        Assert.All(new[] { linux, mac, windows }, advice => Assert.Contains("MLP_BROWSER", advice));
    }
}
