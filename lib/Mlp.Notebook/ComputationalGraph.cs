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

        // Drawn top to bottom, at the size it is shown (Width CSS pixels, text of 16 px and more): the parameters on the
        // left, the chain from the image to the loss in the middle, each node's gradient in red on its right.
        var svg = new Svg(Width, 1010);
        svg.Legend(12, 24);
        const double P = 118, C = 420, G = 565;        // centres of the parameter and chain columns; left edge of the gradients
        const double pw = 210, cw = 260;               // their boxes' widths

        svg.Node(C, 125, cw, "x", $"1×{net.InputSize}", [$"x[{pixel}] = {N(x[0, pixel])}"], []);
        svg.Right(G, 125, [Strings.NbCg01]);

        svg.Node(P, 215, pw, "W1", $"{net.InputSize}×{net.HiddenSize}", [], []);
        svg.Below(P, 263, Svg.Local, ["∂z1_j/∂W1[i,j] = x_i"]);
        svg.Below(P, 285, Svg.Gradient, [$"∂L/∂W1[{pixel},0]", $"= x[{pixel}]·∂L/∂z1[0]", $"= {N(g.dW1[pixel, 0])}"]);
        svg.Node(P, 385, pw, "b1", $"1×{net.HiddenSize}", [], []);
        svg.Below(P, 433, Svg.Local, ["∂z1_j/∂b1_j = 1"]);
        svg.Below(P, 455, Svg.Gradient, ["∂L/∂b1 = ∂L/∂z1"]);
        svg.Node(C, 300, cw, "z1 = x·W1 + b1", $"1×{net.HiddenSize}", [H(f.z1, units)], []);
        svg.Right(G, 300, ["∂L/∂z1 = ∂L/∂a1 ⊙ σ′(z1)", H(g.dz1, units)]);
        svg.Edge(C, 158, C, 264, ["∂z1/∂x = W1ᵀ"]);
        svg.Edge(P + pw / 2, 215, C - cw / 2, 290, []);
        svg.Edge(P + pw / 2, 385, C - cw / 2, 312, []);

        svg.Node(C, 470, cw, "a1 = σ(z1)", $"1×{net.HiddenSize}", [H(f.a1, units)], []);
        svg.Right(G, 470, ["∂L/∂a1 = ∂L/∂z2 · W2ᵀ", H(da1, units)]);
        svg.Edge(C, 336, C, 434, ["∂a1_j/∂z1_j", "= σ′(z1_j)"]);

        svg.Node(P, 560, pw, "W2", $"{net.HiddenSize}×{net.OutputSize}", [], []);
        svg.Below(P, 608, Svg.Local, ["∂z2_k/∂W2[j,k] = a1_j"]);
        svg.Below(P, 630, Svg.Gradient, [$"∂L/∂W2[0,{label}]", $"= a1[0]·∂L/∂z2[{label}]", $"= {N(g.dW2[0, label])}"]);
        svg.Node(P, 730, pw, "b2", $"1×{net.OutputSize}", [], []);
        svg.Below(P, 778, Svg.Local, ["∂z2_k/∂b2_k = 1"]);
        svg.Below(P, 800, Svg.Gradient, ["∂L/∂b2 = ∂L/∂z2"]);
        svg.Node(C, 645, cw, "z2 = a1·W2 + b2", $"1×{net.OutputSize}", [H(f.z2, classes)], []);
        svg.Right(G, 645, ["∂L/∂z2 = a2 − y", H(g.dz2, classes)]);
        svg.Edge(C, 506, C, 609, ["∂z2_k/∂a1_j", "= W2[j,k]"]);
        svg.Edge(P + pw / 2, 560, C - cw / 2, 635, []);
        svg.Edge(P + pw / 2, 730, C - cw / 2, 657, []);

        svg.Node(C, 790, cw, "a2 = softmax(z2)", $"1×{net.OutputSize}", [H(f.a2, classes)], []);
        svg.Right(G, 790, [$"∂L/∂a2[{label}] = −1/a2[{label}]", $"= {N(-1 / f.a2[0, label])}"]);
        svg.Edge(C, 681, C, 754, ["softmax"]);

        svg.Node(P, 890, pw, "y", string.Format(CultureInfo.InvariantCulture, Strings.NbCgDigit, label), [], []);
        svg.Node(C, 890, cw, "L", "", [N(loss)], []);
        svg.Right(G, 890, ["∂L/∂L = 1"]);
        svg.Edge(C, 826, C, 866, ["−y/a2"]);
        svg.Edge(P + pw / 2, 890, C - cw / 2, 890, []);

        svg.Note(12, 960, Strings.NbCg02);
        svg.Note(12, 982, string.Format(CultureInfo.InvariantCulture, Strings.NbCg03, label, label));
        svg.Note(12, 1004, string.Format(CultureInfo.InvariantCulture, Strings.NbCg04, label));

        string caption = string.Format(CultureInfo.InvariantCulture, Strings.NbCg05, index, label, label, rival);
        return $"<figure class=\"mlp-graph\" style=\"margin:4px 0;max-width:{Width}px;background:#fff;padding:6px;border-radius:4px\">{svg}" +
               $"<figcaption style=\"font:16px sans-serif;color:#555\">{WebUtility.HtmlEncode(caption)}</figcaption></figure>";
    }

    /// <summary>The width of the drawing in CSS pixels: it is shown at this size on a page of about 950 pixels (the course's
    /// HTML pages, a notebook in VS Code), where its smallest text is <see cref="Text.Small"/> pixels; narrower, it shrinks.</summary>
    public const int Width = 940;

    /// <summary>The font sizes of the graph's text, in pixels of the drawing.</summary>
    public static class Text
    {
        public const int Title = 19, Value = 17, Small = 16;
    }

    static string N(double v) => Math.Abs(v) is > 0 and < 1e-3 ? v.ToString("0.0E0", CultureInfo.InvariantCulture) : v.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A tiny SVG writer: boxes with lines of text, arrows with labels.</summary>
    sealed class Svg(int width, int height)
    {
        public const string Value = "#111", Local = "#1f5fbf", Gradient = "#c62828";
        readonly StringBuilder _body = new();

        /// <summary>A box centred at (cx, cy): its title, its shape, and its forward values.</summary>
        public void Node(double cx, double cy, double w, string title, string shape, string[] values, string[] gradients)
        {
            double h = 12 + 22 * (1 + values.Length) + (shape.Length > 0 ? 19 : 0);
            double top = cy - h / 2;
            _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{cx - w / 2}\" y=\"{top}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"#f6f8fa\" stroke=\"#555\"/>");
            double y = top + 24;
            TextAt(cx, y, title, Value, Text.Title, bold: true);
            if (shape.Length > 0) TextAt(cx, y += 19, shape, "#555", Text.Small);
            foreach (var v in values) TextAt(cx, y += 22, v, Value, Text.Value);
            Below(cx, top + h + 20, Gradient, gradients);
        }

        /// <summary>Lines of text centred under (cx, y), 21 px apart.</summary>
        public void Below(double cx, double y, string colour, string[] lines)
        {
            foreach (var line in lines) { TextAt(cx, y, line, colour, Text.Small); y += 21; }
        }

        /// <summary>A node's gradient: red lines starting at x, centred in height on y.</summary>
        public void Right(double x, double y, string[] lines)
        {
            y -= 11 * (lines.Length - 1) - 6;
            foreach (var line in lines) { TextAt(x, y, line, Gradient, Text.Value, anchor: "start"); y += 22; }
        }

        public void Edge(double x1, double y1, double x2, double y2, string[] label)
        {
            _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#mlp-arrow)\"/>");
            double mx = (x1 + x2) / 2, my = (y1 + y2) / 2 - 10 * (label.Length - 1) + 6;
            for (int i = 0; i < label.Length; i++) TextAt(mx + 10, my + 20 * i, label[i], Local, Text.Small, anchor: "start");
        }

        public void Note(double x, double y, string text) => TextAt(x, y, text, "#333", Text.Small, anchor: "start");

        public void Legend(double x, double y)
        {
            TextAt(x, y, Strings.NbCg06, Value, Text.Small, anchor: "start");
            TextAt(x + 200, y, Strings.NbCg07, Local, Text.Small, anchor: "start");
            TextAt(x, y + 22, Strings.NbCg08, Gradient, Text.Small, anchor: "start");
        }

        void TextAt(double x, double y, string text, string colour, int size, bool bold = false, string anchor = "middle") =>
            _body.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x}\" y=\"{y}\" fill=\"{colour}\" font-size=\"{size}\" font-family=\"sans-serif\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"bold\"" : "")}>{WebUtility.HtmlEncode(text)}</text>");

        public override string ToString() =>
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" style=\"max-width:{width}px\" role=\"img\" aria-label=\"computational graph\">" +
            "<defs><marker id=\"mlp-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">" +
            "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333\"/></marker></defs>" + _body + "</svg>";
    }
}
