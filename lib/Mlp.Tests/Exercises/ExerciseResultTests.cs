using Mlp.Exercises;

namespace Mlp.Tests.Exercises;

public class ExerciseResultTests
{
    [Fact]
    public void Text_and_html_show_pass_or_fail()
    {
        var pass = ExerciseResult.Pass("Exercise 0", "all <good>");
        var fail = ExerciseResult.Fail("Exercise 0", "line 1\nline <2>");
        Assert.Equal("✅ Exercise 0: all <good>", pass.ToString());
        Assert.Equal("❌ Exercise 0: line 1\nline <2>", fail.ToString());
        Assert.Contains("#e8f5e9", pass.ToHtml());
        Assert.Contains("#ffebee", fail.ToHtml());
        Assert.Contains("line 1<br/>line &lt;2&gt;", fail.ToHtml());
    }

    [Fact]
    public void Notebook_formatters_are_found_by_convention()
    {
        // .NET Interactive looks for an attribute named TypeFormatterSourceAttribute and calls CreateTypeFormatters().
        var attribute = typeof(ExerciseResult).GetCustomAttributes(false).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        object source = Activator.CreateInstance(sourceType, nonPublic: true)!;
        var formatters = ((IEnumerable<object>)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!).ToList();
        var result = ExerciseResult.Fail("T", "hint");
        foreach (var formatter in formatters)
        {
            var writer = new StringWriter();
            var format = formatter.GetType().GetMethod("Format")!;
            Assert.True((bool)format.Invoke(formatter, [result, writer])!);
            string mime = (string)formatter.GetType().GetProperty("MimeType")!.GetValue(formatter)!;
            Assert.Equal(mime == "text/html" ? result.ToHtml() : result.ToString(), writer.ToString());
            Assert.False((bool)format.Invoke(formatter, ["not a result", new StringWriter()])!);
        }
        Assert.Equal(["text/html", "text/plain"], formatters.Select(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)!).Order());
    }
}
