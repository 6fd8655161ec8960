using System.IO.Compression;
using System.Text.Json.Nodes;
using Mlp.Runner;

namespace Mlp.Notebook.Tests;

/// <summary>Parts that need no kernel: the PNG writer, the matrix text, the HTML page.</summary>
public class OfflinePartsTests
{
    [Fact]
    public void A_digit_PNG_is_a_valid_grayscale_image_of_the_scaled_size_with_ink_dark()
    {
        var values = new double[784];
        values[0] = 1; // top-left pixel is ink
        byte[] png = DigitImage.FromValues(values, scale: 2).ToPng();

        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.Equal(56, BigEndian(png, 16)); // IHDR width
        Assert.Equal(56, BigEndian(png, 20)); // and height
        int idat = png.AsSpan().IndexOf("IDAT"u8);
        using var inflated = new ZLibStream(new MemoryStream(png, idat + 4, BigEndian(png, idat - 4)), CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflated.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(56 * 57, rows.Length);   // a filter byte and 56 pixels per row
        Assert.Equal(0, rows[1]);             // ink is black
        Assert.Equal(255, rows[3]);           // background is white
    }

    [Fact]
    public void A_matrix_as_text_gives_its_shape_and_marks_what_is_left_out()
    {
        var text = Formatters.MatrixText(new Matrix<double>(3, 10, Enumerable.Range(0, 30).Select(i => i / 4.0).ToArray()));
        var lines = text.Split('\n');
        Assert.Equal("Matrix<Double> (3×10)", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75", "…"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("2.5", lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);

    }

    [Fact]
    public void The_HTML_page_renders_markdown_with_math_drops_the_plotly_loader_and_embeds_plotly_js_once()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("mlp-page").FullName, "page.ipynb");
        File.WriteAllText(path, """
            {"cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "Loss $L = -\\log p$."]},
              {"cell_type": "code", "metadata": {}, "execution_count": null, "source": "1 + 1", "outputs": []}
            ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """);
        var notebook = Runner.Notebook.Load(path);
        var outputs = new[]
        {
            new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/html"] = $"<script {PlotlyJs.LoaderMarker}=\"1\">plotly</script>" } },
            new JsonObject { ["output_type"] = "execute_result", ["data"] = new JsonObject { ["text/plain"] = "2 < 3" } },
        };
        notebook.Cells[1].SetOutputs(outputs, 1);
        var cell = new CellResult(1, 1, "1 + 1", outputs, null, TimeSpan.FromSeconds(1));

        string html = HtmlPage.Render(new NotebookResult(notebook, [cell], TimeSpan.FromSeconds(2)));

        Assert.Contains("<h1", html);
        Assert.Contains("class=\"math\"", html);
        Assert.Contains("katex.render", html);
        Assert.Contains("<pre class=\"out\">2 &lt; 3</pre>", html);
        Assert.DoesNotContain(PlotlyJs.LoaderMarker, html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, @"plotly\.js v\d"));
        Assert.DoesNotContain("url(fonts/", html); // KaTeX fonts are inlined
    }

    static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}

/// <summary>What the setup cell loads into the kernel must not bring its own copies of what the kernel has.</summary>
public class NotebookBuildTests
{
    // lib/Mlp.Notebook/bin/<the configuration these tests were built in>/net10.0
    static readonly string Build = Path.Combine(CourseNotebooks.Repository, "lib", "Mlp.Notebook", "bin",
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0");

    [Fact]
    public void The_notebook_library_ships_no_kernel_or_FSharp_assemblies_beside_itself()
    {
        var shipped = Directory.GetFiles(Build, "*.dll").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["Mlp.Charts.Contract.dll", "Mlp.Engine.dll", "Mlp.Exercises.dll", "Mlp.Notebook.dll", "Mlp.dll", "System.Numerics.Tensors.dll"], shipped);
    }

    [Fact]
    public void The_chart_contract_is_shared_by_both_load_contexts_and_never_copied_into_charts()
    {
        Assert.False(File.Exists(Path.Combine(Build, "charts", "Mlp.Charts.Contract.dll")),
            "charts/ must not hold its own copy of the contract: the isolated context would load it twice and the cast to IFigures would fail.");

        // Mlp.Charts.Figures implements the contract's interface (read from the built assembly's metadata, without
        // loading it: the notebook tests draw real charts through it in the kernel).
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(Path.Combine(Build, "charts", "Mlp.Charts.dll")));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var figures = md.TypeDefinitions.Select(md.GetTypeDefinition)
            .Single(t => md.GetString(t.Namespace) == "Mlp.Charts" && md.GetString(t.Name) == "Figures");
        var interfaces = figures.GetInterfaceImplementations().Select(i => md.GetInterfaceImplementation(i).Interface)
            .Where(h => h.Kind == System.Reflection.Metadata.HandleKind.TypeReference)
            .Select(h => md.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)h))
            .Select(r => $"{md.GetString(r.Namespace)}.{md.GetString(r.Name)}");
        Assert.Contains(typeof(Mlp.Charts.Contract.IFigures).FullName, interfaces);
    }

    [Fact]
    public void Plotly_NET_and_FSharp_Core_10_1_live_in_the_charts_folder()
    {
        string charts = Path.Combine(Build, "charts");
        Assert.True(File.Exists(Path.Combine(charts, "Mlp.Charts.dll")));
        Assert.True(File.Exists(Path.Combine(charts, "Plotly.NET.dll")));
        var fsharp = System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(charts, "FSharp.Core.dll"));
        Assert.True(fsharp.Version >= new Version(10, 1), $"charts/ has FSharp.Core {fsharp.Version}");
    }
}
