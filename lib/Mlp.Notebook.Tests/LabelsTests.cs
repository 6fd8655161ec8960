using System.Globalization;

namespace Mlp.Notebook.Tests;

/// <summary>Issue 20: the texts a notebook's code shows come out in the reader's language (Labels.zh-TW.resx), numbers and all.</summary>
public class LabelsTests
{
    static readonly CultureInfo ZhTw = CultureInfo.GetCultureInfo("zh-TW"), En = CultureInfo.GetCultureInfo("en");

    [Fact]
    public void An_English_reader_sees_the_text_as_the_code_writes_it()
    {
        Assert.Equal("The trained network", Labels.Translate("The trained network", En));
        Assert.Equal("After 12 epochs each", Labels.Translate("After 12 epochs each", En));
    }

    [Fact]
    public void A_zh_TW_reader_sees_the_entry_named_by_the_English()
    {
        Assert.Equal("訓練好的網路", Labels.Translate("The trained network", ZhTw));
    }

    [Theory]
    [InlineData("After 12 epochs each", "各訓練 12 個訓練週期之後")]
    [InlineData("After 1,000 epochs each", "各訓練 1,000 個訓練週期之後")]
    [InlineData("After 0.5 epochs each", "各訓練 0.5 個訓練週期之後")]
    public void Numbers_in_a_text_are_put_back_into_its_translation(string english, string chinese) =>
        Assert.Equal(chinese, Labels.Translate(english, ZhTw));

    [Theory]
    [InlineData("W1 after 3 steps", "W1 after {0} steps")]
    [InlineData("x_2 = −0.25, p = 1e-05, 12.5%", "x_2 = {0}, p = {1}, {2}")]
    [InlineData("η = 0.5 for 20 epochs", "η = {0} for {1} epochs")]
    [InlineData("{braces} 3", "{{braces}} {0}")]
    public void A_template_replaces_the_printed_numbers_only(string text, string template) =>
        Assert.Equal(template, Labels.Template(text, out _));

    [Fact]
    public void A_text_without_an_entry_is_shown_as_written()
    {
        Assert.Equal("no entry has this text, 42", Labels.Translate("no entry has this text, 42", ZhTw));
        Assert.False(Labels.Has("no entry has this text, 42", ZhTw));
        Assert.True(Labels.Has("After 7 epochs each", ZhTw));
    }

    [Fact]
    public void Results_tables_show_translated_names_but_keep_the_English_name_for_programs()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = ZhTw;
            string html = Results.Html("After 3 epochs each", [new Result("The trained network", 0.5)]);
            Assert.Contains("各訓練 3 個訓練週期之後", html);
            Assert.Contains(">訓練好的網路<", html);
            Assert.Equal("0.5", Results.Read([html])["The trained network"]);
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }
}
