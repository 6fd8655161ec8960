using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Mlp.Cli;

namespace Mlp.Tests.Cli;

/// <summary>
/// Issue 20: the CLI speaks the language the environment names, as POSIX programs read it (LC_ALL, then LC_MESSAGES, then
/// LANG): zh_TW.UTF-8 gives 繁體中文, anything else English; numbers keep a decimal point in every language.
/// </summary>
public class CliLanguageTests
{
    /// <summary>The language's culture name ("" for English). (The culture itself is made in the CLI's process, whose
    /// runtimeconfig allows zh-TW under InvariantGlobalization; this test host's does not: the process tests below cover it.)</summary>
    static (string Name, string _) Language(params (string Name, string Value)[] environment) =>
        (UiLanguage.NameFromEnvironment(name => environment.FirstOrDefault(v => v.Name == name).Value), "");

    [Theory]
    [InlineData("zh_TW.UTF-8", "zh-TW")]
    [InlineData("zh_TW", "zh-TW")]
    [InlineData("zh_TW.Big5", "zh-TW")]
    [InlineData("zh-TW", "zh-TW")]
    [InlineData("zh_Hant_TW.UTF-8", "zh-TW")]
    [InlineData("zh_CN.UTF-8", "")]   // Simplified Chinese is not this edition
    [InlineData("de_DE.UTF-8", "")]
    [InlineData("en_US.UTF-8", "")]
    [InlineData("C", "")]
    [InlineData("POSIX", "")]
    public void LANG_names_the_language(string lang, string culture) => Assert.Equal(culture, Language(("LANG", lang)).Name);

    [Fact]
    public void LC_ALL_comes_first_then_LC_MESSAGES_then_LANG_and_an_empty_one_does_not_count()
    {
        Assert.Equal("", Language(("LC_ALL", "C"), ("LC_MESSAGES", "zh_TW.UTF-8"), ("LANG", "zh_TW.UTF-8")).Name);
        Assert.Equal("zh-TW", Language(("LC_ALL", "zh_TW.UTF-8"), ("LANG", "en_US.UTF-8")).Name);
        Assert.Equal("zh-TW", Language(("LC_MESSAGES", "zh_TW.UTF-8"), ("LANG", "en_US.UTF-8")).Name);
        Assert.Equal("", Language(("LC_MESSAGES", "en_US.UTF-8"), ("LANG", "zh_TW.UTF-8")).Name);
        Assert.Equal("zh-TW", Language(("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "zh_TW.UTF-8")).Name);
        Assert.Equal("", Language().Name);   // nothing set: English
    }

    /// <summary>Runs the CLI as a program (dotnet Mlp.Cli.dll) with LANG set and LC_ALL, LC_MESSAGES removed.</summary>
    static (int Exit, string Out, string Err) RunWithLang(string lang, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Mlp.Data.CourseRepository.FindFrom(AppContext.BaseDirectory) ?? Environment.CurrentDirectory,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll") }.Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment.Remove("LC_ALL");
        psi.Environment.Remove("LC_MESSAGES");
        psi.Environment["LANG"] = lang;
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "the CLI did not finish in 3 minutes");
        return (p.ExitCode, output, error.Result);
    }

    static readonly string[] OneShortEpoch = ["train", "--epochs", "1", "--hidden", "16", "--validation", "5000", "--offline"];

    [Fact]
    public void Under_zh_TW_the_training_run_speaks_Chinese_with_decimal_points()
    {
        var (exit, stdout, stderr) = RunWithLang("zh_TW.UTF-8", OneShortEpoch);
        Assert.True(exit == 0, stderr);
        Assert.Contains("訓練 784→16→10，資料集", stderr);
        Assert.Contains("55,000 張影像，另留出 5,000 張作為驗證集", stderr);
        Assert.Contains("引擎：", stderr);
        string progress = stdout.Split('\n')[0];
        Assert.Contains("訓練週期 1/1", progress);
        Assert.Contains("驗證準確率", progress);
        Assert.DoesNotContain("epoch", progress);
        Assert.Matches(@"損失 \d\.\d{4}", progress);
        Assert.Matches(@"\d{2}\.\d{2}%", progress);
    }

    [Fact]
    public void Under_de_DE_the_training_run_speaks_English_with_decimal_points()
    {
        var (exit, stdout, stderr) = RunWithLang("de_DE.UTF-8", OneShortEpoch);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Training 784→16→10 on MNIST train (55,000 images, 5,000 held out for validation), batch 100, lr 0.5, seed 1.", stderr);
        Assert.Contains("Engine: ", stderr);
        string progress = stdout.Split('\n')[0];
        Assert.Contains("epoch 1/1", progress);
        Assert.Matches(@"loss \d\.\d{4}", progress);
        Assert.Matches(@"val acc \d{2}\.\d{2}%", progress);
        Assert.DoesNotMatch(@"\d,\d", progress);   // no decimal comma
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", stdout + stderr);
    }

    [Fact]
    public void Under_zh_TW_an_error_is_in_Chinese_and_the_exit_code_is_the_same()
    {
        var (exit, _, stderr) = RunWithLang("zh_TW.UTF-8", "train", "--validation", "60000", "--epochs", "1", "--offline");
        Assert.Equal(CommandLine.BadUsage, exit);
        Assert.Contains("錯誤：--validation 60000 沒有留下任何可訓練的影像：MNIST train 只有 60,000 張影像", stderr);
    }
}
