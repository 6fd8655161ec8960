using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;

namespace Mlp.Notebook;

/// <summary>
/// What is cheap to keep of a training run, once before training and once after every epoch: the training loss,
/// the accuracy on a held-out set (validation, in the course), the incoming weights of a few hidden units and the predictions
/// for a fixed set of that set's digits.
/// Pass <see cref="Record"/> as the onEpoch callback of <see cref="LiveTraining.Fit{T}"/> or
/// <see cref="Trainer{T}.Fit"/>, then show it with <see cref="Widgets.Replay"/>.
/// </summary>
public sealed class TrainingReplay
{
    /// <summary>One snapshot. Weights[u] is hidden unit Units[u]'s column of W1 (784 values);
    /// Probabilities[d] the softmax output for digit DigitIndices[d].</summary>
    public sealed record Frame(int Epoch, double TrainLoss, double TestAccuracy, float[][] Weights, float[][] Probabilities)
    {
        /// <summary>The most probable class of each digit.</summary>
        public int[] Predicted => Probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
    }

    readonly Func<EpochStats?, Frame> _snapshot;
    readonly List<Frame> _frames = [];

    TrainingReplay(Func<EpochStats?, Frame> snapshot, int[] units, int[] digitIndices, int[] digitLabels, float[][] digitPixels, string name, string dataName)
    {
        _snapshot = snapshot;
        (Units, DigitIndices, DigitLabels, DigitPixels, Name, DataName) = (units, digitIndices, digitLabels, digitPixels, name, dataName);
        _frames.Add(snapshot(null));
    }

    /// <summary>
    /// Starts a recording of <paramref name="trainer"/>'s network: the first snapshot is taken now (epoch 0 when the
    /// network is untrained), with its accuracy on <paramref name="test"/>. Keeps hidden units 0..<paramref name="units"/>−1
    /// and test digits 0..<paramref name="digits"/>−1.
    /// </summary>
    public static TrainingReplay Start<T>(Trainer<T> trainer, Dataset<T> test, int units = 16, int digits = 24)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(test);
        var net = trainer.Network;
        if (net.InputSize != 784) throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, Strings.NbReplay01, net, net.InputSize), nameof(trainer));
        int[] unitIds = Enumerable.Range(0, Math.Clamp(units, 1, net.HiddenSize)).ToArray();
        int[] indices = Enumerable.Range(0, Math.Clamp(digits, 1, test.Count)).ToArray();
        var chosen = test.Subset(indices, $"{test.Name} digits 0..{indices.Length - 1}");

        Frame Snapshot(EpochStats? epoch)
        {
            var weights = unitIds.Select(j => Enumerable.Range(0, net.InputSize).Select(i => float.CreateSaturating(net.W1[i, j])).ToArray()).ToArray();
            var a2 = net.PredictProbabilities(chosen.X);
            var probabilities = Enumerable.Range(0, a2.Rows).Select(r => a2.Row(r).ToArray().Select(float.CreateSaturating).ToArray()).ToArray();
            return epoch is null
                ? new Frame(trainer.History.Count, trainer.History.Last?.TrainLoss ?? double.NaN,
                            trainer.History.Last?.TestAccuracy ?? Evaluation.Accuracy(net, test), weights, probabilities)
                : new Frame(epoch.Epoch, epoch.TrainLoss, double.IsNaN(epoch.TestAccuracy) ? Evaluation.Accuracy(net, test) : epoch.TestAccuracy, weights, probabilities); // measured here when training did not
        }

        var pixels = Enumerable.Range(0, chosen.Count).Select(r => chosen.X.Row(r).ToArray().Select(float.CreateSaturating).ToArray()).ToArray();
        return new TrainingReplay(Snapshot, unitIds, indices, chosen.Labels, pixels, net.ToString(), test.Name);
    }

    /// <summary>Takes the snapshot of an epoch that has just finished (the onEpoch callback of the trainer).</summary>
    public void Record(EpochStats epoch) => _frames.Add(_snapshot(epoch));

    public IReadOnlyList<Frame> Frames => _frames;
    public int[] Units { get; }
    public int[] DigitIndices { get; }
    public int[] DigitLabels { get; }
    public float[][] DigitPixels { get; }
    /// <summary>The network recorded, e.g. "Network&lt;Single&gt; 784→64→10 (50,890 parameters)".</summary>
    public string Name { get; }
    /// <summary>The data set the accuracy and the digits come from, e.g. "MNIST validation".</summary>
    public string DataName { get; }

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, Strings.NbReplay02, Name, _frames.Count, _frames[0].Epoch, _frames[^1].Epoch, Units.Length, DigitIndices.Length, DatasetNames.Display(DataName));
}

public static partial class Widgets
{
    /// <summary>
    /// The training run recorded by <paramref name="replay"/>, one epoch at a time: a slider and a play button over
    /// the epochs, the training loss and test accuracy so far, the hidden units' weight images and the predictions
    /// for the recorded test digits, all changing together. Runs in the page, offline.
    /// <para>
    /// Each weight image is kept as 63 levels between −max|w| and +max|w| of that image, one byte a pixel, and the
    /// page inflates them (zlib, read by the browser's DecompressionStream): about 9 KB per snapshot for 16 units (it
    /// depends on how well the weights compress), 0.20 MB for the 21 snapshots of notebook 07's 20 epochs, so 1 MB
    /// after roughly a hundred epochs. The widget prints its own size.
    /// </para>
    /// <para>The element (class <c>mlp-replay</c>) has <c>mlpReplay.show(i)</c> to show snapshot i, as the slider does.</para>
    /// </summary>
    public static Widget Replay(TrainingReplay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        string id = Widget.NewId("replay");
        var frames = replay.Frames;
        var data = new
        {
            name = replay.Name,
            dataName = DatasetNames.Display(replay.DataName),   // as the reader reads it
            units = replay.Units,
            digits = replay.DigitIndices,
            labels = replay.DigitLabels,
            pixels = Deflated(replay.DigitPixels.Select(p => Levels(p, 1f, signed: false))),
            epochs = frames.Select(f => f.Epoch),
            loss = frames.Select(f => double.IsFinite(f.TrainLoss) ? Math.Round(f.TrainLoss, 6) : (double?)null),
            testAccuracy = frames.Select(f => double.IsFinite(f.TestAccuracy) ? Math.Round(f.TestAccuracy, 6) : (double?)null),
            scales = frames.Select(f => f.Weights.Select(w => MathF.Round(MaxAbs(w), 5))),
            weights = Deflated(frames.SelectMany(f => f.Weights.Select(w => Levels(w, MaxAbs(w), signed: true)))),
            predicted = frames.Select(f => f.Predicted),
            confidence = frames.Select(f => f.Probabilities.Select(p => (int)Math.Round(1000 * p.Max()))), // per mille
        };

        string html =
            $"<div id=\"{id}\" class=\"mlp-widget mlp-replay\" style=\"font-family:system-ui,sans-serif;font-size:16px;color:#222\">" +
            Widget.Data(JsonSerializer.Serialize(data)) +
            "<div style=\"display:flex;gap:10px;align-items:center;margin-bottom:6px\">" +
              "<button class=\"play\" type=\"button\" style=\"width:90px;font-size:16px\">" + Strings.NbReplayPlay + "</button>" +
              $"<input class=\"slider\" type=\"range\" min=\"0\" max=\"{frames.Count - 1}\" step=\"1\" value=\"{frames.Count - 1}\" style=\"width:360px\" aria-label=\"epoch\">" +
              "<span class=\"status\" style=\"font-variant-numeric:tabular-nums\"></span>" +
            "</div>" +
            "<div style=\"display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start\">" +
              $"<div><div style=\"margin-bottom:2px\">{string.Format(CultureInfo.InvariantCulture, Strings.NbReplayCurves, PlotlyJs.Escape(DatasetNames.Display(replay.DataName)))}</div>" +
                "<canvas class=\"curves\" width=\"440\" height=\"260\" style=\"width:440px;height:260px\"></canvas></div>" +
              $"<div style=\"flex:1 1 100%\"><div style=\"margin-bottom:2px\">{string.Format(CultureInfo.InvariantCulture, Strings.NbReplayUnits, replay.Units[0], replay.Units[^1])}</div>" +
                "<div class=\"units\" style=\"display:grid;grid-template-columns:repeat(auto-fill,126px);gap:6px\"></div></div>" +
            "</div>" +
            $"<div style=\"margin:8px 0 2px\">{string.Format(CultureInfo.InvariantCulture, Strings.NbReplayDigits, PlotlyJs.Escape(DatasetNames.Display(replay.DataName)), replay.DigitIndices[0], replay.DigitIndices[^1])}</div>" +
            "<div class=\"digits\" style=\"display:grid;grid-template-columns:repeat(auto-fill,126px);gap:6px\"></div>" +
            $"<div style=\"color:#555;font-size:14px;margin-top:4px\">{string.Format(CultureInfo.InvariantCulture, Strings.NbReplayFooter, PlotlyJs.Escape(replay.ToString()), Widget.Size)}</div>" +
            "</div>\n" + Widget.Script("replay.js", id, new Dictionary<string, string>
            {
                ["noDecompression"] = Strings.NbReplayNoDecompression, ["trainingLoss"] = Strings.NbReplayTrainingLoss, ["dataAccuracy"] = Strings.NbReplayDataAccuracy, ["epochAxis"] = Strings.NbReplayEpochAxis,
                ["status"] = Strings.NbReplayStatus, ["play"] = Strings.NbReplayPlay, ["pause"] = Strings.NbReplayPause, ["notTrained"] = Strings.NbReplayNotTrained, ["unitTitle"] = Strings.NbReplayUnitTitle, ["digitTitle"] = Strings.NbReplayDigitTitle,
            });
        return new Widget("replay", Widget.WithSize(html), replay.ToString());
    }

    /// <summary>
    /// One byte per value: signed, v/scale in [−1, 1] becomes level round(31·v/scale) + 31 (0..62, 31 for zero);
    /// unsigned, v/scale in [0, 1] becomes round(255·v/scale).
    /// </summary>
    internal static byte[] Levels(float[] values, float scale, bool signed)
    {
        var levels = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double x = scale > 0 ? Math.Clamp(values[i] / scale, signed ? -1 : 0, 1) : 0;
            levels[i] = (byte)(signed ? Math.Round(31 * x) + 31 : Math.Round(255 * x));
        }
        return levels;
    }

    /// <summary>The byte arrays one after the other, compressed (zlib, which the page's DecompressionStream("deflate") reads), base64-encoded.</summary>
    internal static string Deflated(IEnumerable<byte[]> parts)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            foreach (var part in parts) zlib.Write(part);
        return Convert.ToBase64String(compressed.ToArray());
    }

    static float MaxAbs(float[] values) => values.Length == 0 ? 0 : values.Max(v => Math.Abs(v));
}
