using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive;

namespace Mlp.Notebook;

/// <summary>
/// The network as a computational graph for one sample (notebook 06): every node with its forward value (black),
/// every edge with its local derivative (blue), and every node with the gradient ∂L/∂node that arrives from the loss
/// (red): the upstream gradient times the local derivative. Drawn as inline SVG inside an HTML output, with no script
/// and nothing loaded from the network, so it renders offline in VS Code, Jupyter and the HTML pages.
/// </summary>
public static class ComputationalGraph
{
    /// <summary>Displays the graph for sample <paramref name="index"/> of <paramref name="data"/> (or returns its HTML outside a notebook).</summary>
    public static void Show(Network<double> net, Dataset<double> data, int index)
    {
        string html = Html(net, data, index);
        var context = KernelInvocationContext.Current;
        if (context is null) { Console.WriteLine(html); return; }
        context.DisplayAs(html, "text/html");
    }

    /// <summary>The figure as HTML: a &lt;figure&gt; holding one &lt;svg&gt;.</summary>
    public static string Html(Network<double> net, Dataset<double> data, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, data.Count);
        int label = data.Labels[index];
        var x = Matrix<double>.FromRows([data.X.Row(index).ToArray()]);
        var Y = Dataset<double>.OneHot([label], net.OutputSize);
        var f = Maths.ForwardPass(x, net);
        var g = Maths.BackwardPass(x, Y, f, net);       // n = 1: dz2 and dz1 are ∂L/∂z2 and ∂L/∂z1 exactly
        var da1 = LinearAlgebra.MatMulTransposeB(g.dz2, net.W2);
        double loss = Maths.CrossEntropy(Y, f.a2);

        // What the boxes show: hidden units 0 and 1; the true class and the strongest wrong class; one inked pixel.
        int[] units = [0, 1];
        int rival = Enumerable.Range(0, net.OutputSize).Where(k => k != label).MaxBy(k => f.a2[0, k]);
        int[] classes = [label, rival];
        int pixel = Math.Max(0, Array.FindIndex(x.Data, v => v > 0.5));

        string H(Matrix<double> m, int[] at) => string.Join("  ", at.Select(j => $"[{j}] {N(m[0, j])}"));

        var svg = new Svg(1300, 440);
        svg.Legend(20, 24);

        // Parameters (top row) and their gradients.
        const int top = 95, row = 300;
        svg.Node(240, top, 150, "W1", $"{net.InputSize}×{net.HiddenSize}", [],
            [$"∂L/∂W1[{pixel},0] = x[{pixel}]·∂L/∂z1[0]", $"= {N(g.dW1[pixel, 0])}"]);
        svg.Node(440, top, 110, "b1", $"1×{net.HiddenSize}", [], ["∂L/∂b1 = ∂L/∂z1"]);
        svg.Node(760, top, 150, "W2", $"{net.HiddenSize}×{net.OutputSize}", [],
            [$"∂L/∂W2[0,{label}] = a1[0]·∂L/∂z2[{label}]", $"= {N(g.dW2[0, label])}"]);
        svg.Node(960, top, 110, "b2", $"1×{net.OutputSize}", [], ["∂L/∂b2 = ∂L/∂z2"]);
        svg.Node(1245, top, 100, "y", $"digit {label}", [], []);

        // The chain from the image to the loss.
        svg.Node(65, row, 115, "x", $"1×{net.InputSize}", [$"x[{pixel}] = {N(x[0, pixel])}"], [Strings.NbComputationalGraph01]);
        svg.Node(305, row, 185, "z1 = x·W1 + b1", $"1×{net.HiddenSize}", [H(f.z1, units)], ["∂L/∂z1 = ∂L/∂a1 ⊙ σ′(z1)", H(g.dz1, units)]);
        svg.Node(570, row, 165, "a1 = σ(z1)", $"1×{net.HiddenSize}", [H(f.a1, units)], ["∂L/∂a1 = ∂L/∂z2 · W2ᵀ", H(da1, units)]);
        svg.Node(830, row, 185, "z2 = a1·W2 + b2", $"1×{net.OutputSize}", [H(f.z2, classes)], ["∂L/∂z2 = a2 − y", H(g.dz2, classes)]);
        svg.Node(1060, row, 165, "a2 = softmax(z2)", $"1×{net.OutputSize}", [H(f.a2, classes)],
            [$"∂L/∂a2[{label}] = −1/a2[{label}]", $"= {N(-1 / f.a2[0, label])}"]);
        svg.Node(1245, row, 100, "L", "", [N(loss)], ["∂L/∂L = 1"]);

        // Edges, each with its local derivative.
        svg.Edge(123, row, 212, row, ["∂z1/∂x", "= W1ᵀ"]);
        svg.Edge(398, row, 487, row, ["∂a1_j/∂z1_j", "= σ′(z1_j)"]);
        svg.Edge(653, row, 737, row, ["∂z2_k/∂a1_j", "= W2[j,k]"]);
        svg.Edge(923, row, 977, row, ["softmax"]);
        svg.Edge(1143, row, 1195, row, ["−y/a2"]);
        svg.Edge(240, 165, 280, row - 32, ["∂z1_j/∂W1[i,j] = x_i"], labelLeft: true);
        svg.Edge(440, 150, 340, row - 32, ["∂z1_j/∂b1_j = 1"]);
        svg.Edge(760, 165, 800, row - 32, ["∂z2_k/∂W2[j,k] = a1_j"], labelLeft: true);
        svg.Edge(960, 150, 870, row - 32, ["∂z2_k/∂b2_k = 1"]);
        svg.Edge(1245, 120, 1245, row - 25, []);
        svg.Note(20, 400, Strings.NbComputationalGraph02);
        svg.Note(20, 420, string.Format(CultureInfo.InvariantCulture, Strings.NbComputationalGraph03, label, label, label));

        string caption = string.Format(CultureInfo.InvariantCulture, Strings.NbComputationalGraph04, index, label, label, rival);
        return $"<figure class=\"mlp-graph\" style=\"margin:4px 0;max-width:1300px;background:#fff;padding:6px;border-radius:4px\">{svg}" +
               $"<figcaption style=\"font:12px sans-serif;color:#555\">{WebUtility.HtmlEncode(caption)}</figcaption></figure>";
    }

    static string N(double v) => Math.Abs(v) is > 0 and < 1e-3 ? v.ToString("0.0E0", CultureInfo.InvariantCulture) : v.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A tiny SVG writer: boxes with lines of text, arrows with labels.</summary>
    sealed class Svg(int width, int height)
    {
        const string Value = "#111", Local = "#1f5fbf", Gradient = "#c62828";
        readonly StringBuilder _body = new();

        public void Node(double cx, double cy, double w, string title, string shape, string[] values, string[] gradients)
        {
            double h = 30 + 17 * values.Length + (shape.Length > 0 ? 15 : 0);
            h = Math.Max(h, 44);
            double top = cy - h / 2;
            _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{cx - w / 2}\" y=\"{top}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"#f6f8fa\" stroke=\"#555\"/>");
            double y = top + 17;
            Text(cx, y, title, Value, 15, bold: true);
            if (shape.Length > 0) Text(cx, y += 15, shape, "#666", 12);
            foreach (var v in values) Text(cx, y += 17, v, Value, 13);
            y = top + h + 17;
            foreach (var line in gradients) { Text(cx, y, line, Gradient, 13); y += 16; }
        }

        public void Edge(double x1, double y1, double x2, double y2, string[] label, bool labelLeft = false)
        {
            _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#mlp-arrow)\"/>");
            double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
            bool horizontal = Math.Abs(y2 - y1) < 1;
            for (int i = 0; i < label.Length; i++)
            {
                if (horizontal) Text(mx, my - 8 - 15 * (label.Length - 1 - i), label[i], Local, 13);
                else Text(mx + (labelLeft ? -8 : 8), my + 15 * i, label[i], Local, 13, anchor: labelLeft ? "end" : "start");
            }
        }

        public void Note(double x, double y, string text) => Text(x, y, text, "#333", 13, anchor: "start");

        public void Legend(double x, double y)
        {
            Text(x, y, Strings.NbComputationalGraph05, Value, 14, anchor: "start");
            Text(x + 180, y, Strings.NbComputationalGraph06, Local, 14, anchor: "start");
            Text(x + 470, y, Strings.NbComputationalGraph07, Gradient, 14, anchor: "start");
        }

        void Text(double x, double y, string text, string colour, int size, bool bold = false, string anchor = "middle") =>
            _body.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x}\" y=\"{y}\" fill=\"{colour}\" font-size=\"{size}\" font-family=\"sans-serif\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"bold\"" : "")}>{WebUtility.HtmlEncode(text)}</text>");

        public override string ToString() =>
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"computational graph\">" +
            "<defs><marker id=\"mlp-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">" +
            "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333\"/></marker></defs>" + _body + "</svg>";
    }
}
