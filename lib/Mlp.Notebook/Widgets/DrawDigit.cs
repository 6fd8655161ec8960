using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mlp.Notebook;

/// <summary>The in-class widgets: outputs that run in the page, offline (see <see cref="Widget"/>).</summary>
public static partial class Widgets
{
    /// <summary>
    /// A pad to draw a digit on (mouse, pen or finger), a "clear" button, the drawing as the network sees it
    /// (fitted into 20×20 and centred by centre of mass in 28×28, as MNIST's digits were made; values in [0, 1]),
    /// and the network's ten softmax probabilities as bars, updated while the stroke is drawn.
    /// <para>
    /// The weights travel inside the output as float32 (base64) and the forward pass runs in the page
    /// (σ hidden layer, softmax output, as <see cref="Maths.ForwardPass{T}"/>), so the output is about
    /// 4.24 KB per hidden unit: 0.28 MB for 64 hidden units; it passes 1 MB at about 230 hidden units and grows
    /// on from there (it still works, but the notebook file grows by as much when saved with outputs).
    /// </para>
    /// <para>
    /// For tests and experiments the element (class <c>mlp-draw-digit</c>) has <c>mlpDigit.predict(pixels)</c>:
    /// 784 values in [0, 1] in, the ten probabilities out, shown on the page as if drawn.
    /// </para>
    /// </summary>
    public static Widget DrawDigit<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputSize != 784)
            throw new ArgumentException($"DrawDigit draws 28×28 digits, so the network needs 784 inputs, but {network} has {network.InputSize}.", nameof(network));

        string id = Widget.NewId("draw-digit");
        string data = $"{{\"inputs\":{network.InputSize},\"hidden\":{network.HiddenSize},\"outputs\":{network.OutputSize}," +
                      $"\"weights\":\"{Float32Base64(network.W1.Data, network.b1.Data, network.W2.Data, network.b2.Data)}\"}}";

        var bars = new StringBuilder();
        for (int k = 0; k < network.OutputSize; k++)
            bars.Append(CultureInfo.InvariantCulture,
                $"<div style=\"flex:1;display:flex;flex-direction:column;align-items:center;height:100%\">" +
                $"<div class=\"value\" style=\"font-size:14px;height:18px;color:#555\"></div>" +
                $"<div style=\"flex:1;width:70%;display:flex;align-items:flex-end\"><div class=\"bar\" data-class=\"{k}\" style=\"width:100%;height:0\"></div></div>" +
                $"<div style=\"font-size:16px;margin-top:2px\">{k}</div></div>");

        string html =
            $"<div id=\"{id}\" class=\"mlp-widget mlp-draw-digit\" style=\"font-family:system-ui,sans-serif;font-size:16px;color:#222\">" +
            Widget.Data(data) +
            "<div style=\"display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap\">" +
              "<div><div style=\"margin-bottom:4px\">Draw a digit (mouse, pen or finger)</div>" +
                "<canvas class=\"pad\" width=\"280\" height=\"280\" style=\"width:280px;height:280px;border:1px solid #999;background:#fff;touch-action:none;cursor:crosshair\"></canvas>" +
                "<div><button class=\"clear\" type=\"button\" style=\"margin-top:4px;font-size:16px\">clear</button></div></div>" +
              "<div><div style=\"margin-bottom:4px\">What the network sees (28×28)</div>" +
                "<canvas class=\"seen\" width=\"28\" height=\"28\" style=\"width:140px;height:140px;border:1px solid #ccc;image-rendering:pixelated\"></canvas></div>" +
              "<div style=\"width:400px\"><div class=\"answer\" style=\"margin-bottom:4px;font-weight:600\"></div>" +
                $"<div class=\"bars\" style=\"display:flex;height:200px;border-bottom:1px solid #999\">{bars}</div>" +
                "<div style=\"color:#555;font-size:14px;margin-top:2px\">softmax probability of each class</div></div>" +
            "</div>" +
            $"<div style=\"color:#555;font-size:14px;margin-top:4px\">{PlotlyJs.Escape(network.ToString())}: its weights are inside this output ({Widget.Size}) and the forward pass runs in the page.</div>" +
            "</div>\n" + Widget.Script("draw-digit.js", id);
        return new Widget("draw-digit", Widget.WithSize(html), $"Draw a digit for {network} (runs in the page)");
    }

    /// <summary>The arrays one after the other as little-endian float32, base64-encoded.</summary>
    internal static string Float32Base64<T>(params T[][] arrays) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bytes = new byte[4 * arrays.Sum(a => a.Length)];
        int at = 0;
        foreach (var array in arrays)
            foreach (var v in array)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), float.CreateSaturating(v));
                at += 4;
            }
        return Convert.ToBase64String(bytes);
    }
}
