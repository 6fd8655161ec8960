using System.Diagnostics;
using System.Text;

namespace Mlp.Tests.Cli;

/// <summary>
/// The CLI writes UTF-8 whatever the console's code page. On Windows that is 437 or 1252 by default; here, .NET takes
/// a Unix console's encoding from the locale, so a Latin-1 locale plays the Western code page ('→' became '?').
/// </summary>
public sealed class ConsoleEncodingTests
{
    [Fact]
    public async Task The_help_prints_its_arrows_in_UTF8_under_a_Latin1_locale()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll"), "train", "--help" }) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = psi.Environment["LANG"] = "en_US.ISO-8859-1";
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.True(p.ExitCode == 0, await error);
        Assert.Contains("784→hidden→10", output);
        Assert.DoesNotContain("\uFEFF", output);   // no byte-order mark before the first line
    }
}
