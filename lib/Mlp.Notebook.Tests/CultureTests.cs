using System.Text.RegularExpressions;

namespace Mlp.Notebook.Tests;

/// <summary>Issue 11, case 7: under a comma-decimal culture (de-DE in the kernel) the history table writes numbers one way.</summary>
public class CultureTests(KernelFixture fixture) : IClassFixture<KernelFixture>
{
    [SkippableFact]
    public async Task The_history_table_uses_one_decimal_separator_under_de_DE()
    {
        var events = await fixture.Run("""
            var previousCulture = System.Globalization.CultureInfo.CurrentCulture;
            string historyHtml, germanOneAndAHalf;
            try
            {
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
                germanOneAndAHalf = 1.5.ToString();
                var smallTrain = Mlp.Data.DataLoader.Load().Train.ToDataset<float>().Take(2000);
                var smallHistory = Trainer<float>.Create(new TrainingOptions { Hidden = 16, Epochs = 1 }).Fit(smallTrain, smallTrain);
                historyHtml = Mlp.Notebook.Formatters.HistoryHtml(smallHistory);
            }
            finally { System.Globalization.CultureInfo.CurrentCulture = previousCulture; }
            Console.WriteLine(germanOneAndAHalf + "|" + System.Text.RegularExpressions.Regex.Match(historyHtml, "<table.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
            """);
        string printed = string.Concat(events.Where(e => e.Type == "StandardOutputValueProduced")
            .SelectMany(e => e.Payload["formattedValues"]!.AsArray()).Select(v => v!["value"]!.GetValue<string>()));
        var parts = printed.Split('|', 2);
        Skip.If(parts[0].Trim() != "1,5", $"the kernel has no de-DE culture data (1.5 printed as {parts[0].Trim()}), so this shows nothing");
        string table = parts[1];
        Assert.Contains("<td>", table);
        Assert.DoesNotMatch(new Regex(@"\d,\d"), table);
        Assert.Matches(new Regex(@"<td>\d\.\d{4}</td>"), table); // the loss, with a dot
    }
}
