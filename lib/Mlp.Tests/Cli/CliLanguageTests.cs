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

    /// <summary>--help: every command and option description is in the language LANG names (Strings.resx of the CLI), the option
    /// names stay English, and the ranges keep their decimal points. (System.CommandLine's own words, "Usage:", "Options:",
    /// "[default: …]", stay English: its zh-Hant resources are not reached from zh-TW under InvariantGlobalization.)</summary>
    [Fact]
    public void Under_zh_TW_the_help_describes_the_commands_and_options_in_Chinese_and_keeps_the_option_names()
    {
        var (exit, help, stderr) = RunWithLang("zh_TW.UTF-8", "train", "--help");
        Assert.True(exit == 0, stderr);
        Assert.Contains("以小批次 SGD 訓練 784→隱藏層→10 的網路", help);
        Assert.Matches(@"--hidden <N>\s+隱藏單元數（介於 1 到 65536 之間） \[default: 64\]", help);
        Assert.Matches(@"--lr <η>\s+學習率 η，大於 0 且不超過 1000（用小數點書寫） \[default: 0\.5\]", help);
        Assert.Contains("--full-batch", help);
        Assert.DoesNotContain("Learning rate", help);
        Assert.DoesNotContain("Hidden units", help);

        var (_, root, _) = RunWithLang("zh_TW.UTF-8", "--help");
        Assert.Contains("在 MNIST 或 Fashion-MNIST 上訓練並評估本課程的多層感知機。", root);
        Assert.Contains("結束碼：0 完成；2 命令列有誤", root);

        var (englishExit, english, _) = RunWithLang("en_US.UTF-8", "train", "--help");
        Assert.Equal(0, englishExit);
        Assert.Matches(@"--hidden <N>\s+Hidden units \(between 1 and 65536\) \[default: 64\]", english);
        Assert.Matches(@"--lr <η>\s+Learning rate η, greater than 0 and at most 1000 \(written with a decimal point\) \[default: 0\.5\]", english);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english);
    }

    [Fact]
    public void Under_zh_TW_an_error_is_in_Chinese_and_the_exit_code_is_the_same()
    {
        var (exit, _, stderr) = RunWithLang("zh_TW.UTF-8", "train", "--validation", "60000", "--epochs", "1", "--offline");
        Assert.Equal(CommandLine.BadUsage, exit);
        Assert.Contains("錯誤：--validation 60000 沒有留下任何可訓練的影像：MNIST train 只有 60,000 張影像", stderr);
    }
}
