using System.Globalization;

namespace Mlp;

/// <summary>
/// The one-line description of an epoch that every display uses: the command line's progress
/// lines, the notebooks' live progress line and <see cref="EpochStats.ToString"/>. Numbers are
/// written in the invariant culture (a decimal point, whatever the computer's language).
/// </summary>
public static class EpochLine
{
    /// <summary>
    /// "epoch  3/20 · loss 0.1234 · train acc 96.50% · val loss 0.1301 · val acc 96.10% · test acc 96.20% · 0.18 s", then
    /// " · about 4 s left" when <paramref name="secondsLeft"/> is given. A measurement that was not
    /// made (NaN, e.g. no test set) is left out.
    /// </summary>
    /// <param name="e">The epoch.</param>
    /// <param name="lastEpoch">The last epoch of the run, shown as "3/20"; null shows "epoch 3".</param>
    /// <param name="secondsLeft">The estimated time left, if the caller has one.</param>
    public static string Format(EpochStats e, int? lastEpoch = null, double? secondsLeft = null)
    {
        var c = CultureInfo.InvariantCulture;
        string epoch = lastEpoch is int last
            ? $"{e.Epoch.ToString(c).PadLeft(last.ToString(c).Length)}/{last.ToString(c)}"
            : e.Epoch.ToString(c);
        var parts = new List<string> { $"{Strings.LineEpoch} {epoch}" };
        void Add(string label, double value, Func<double, string> format)
        {
            if (!double.IsNaN(value)) parts.Add($"{label} {format(value)}");
        }
        string Loss(double v) => v.ToString("F4", c);
        string Percent(double v) => (100 * v).ToString("F2", c) + "%";
        Add(Strings.LineLoss, e.TrainLoss, Loss);
        Add(Strings.LineTrainAcc, e.TrainAccuracy, Percent);
        Add(Strings.LineValLoss, e.ValidationLoss, Loss);
        Add(Strings.LineValAcc, e.ValidationAccuracy, Percent);
        Add(Strings.LineTestAcc, e.TestAccuracy, Percent);
        parts.Add(e.Seconds.ToString("F2", c) + Strings.LineSeconds);
        if (secondsLeft is double left)
            parts.Add(string.Format(c, Strings.LineLeft, left.ToString("F0", c)));
        return string.Join(" · ", parts);
    }
}
