using System.Text.Json.Nodes;
using Mlp.Notebook.Tests.Infrastructure;

namespace Mlp.Notebook.Tests;

/// <summary>
/// Jupyter as a client (README, "In JupyterLab or VS Code's Jupyter extension"): the course's notebooks executed by
/// Jupyter's own client (nbconvert → nbclient → jupyter_client) with the .NET kernel's Jupyter kernelspec.
/// </summary>
public class JupyterTests
{
    /// <summary>True when <paramref name="program"/> is on the PATH: as it is on Linux and macOS, or with ".exe" (Windows).</summary>
    internal static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)) || (OperatingSystem.IsWindows() && File.Exists(Path.Combine(dir, program + ".exe"))));

    [SkippableFact]
    public void Two_notebooks_one_with_charts_run_in_Jupyter_with_the_NET_kernel()
    {
        Requires.That(OnPath("jupyter-nbconvert"),
            "Jupyter's nbconvert is not installed (Debian: apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel; Windows, macOS: pip install nbconvert nbclient ipykernel)");
        string repo = CourseNotebooks.Repository;
        Runner.Repository.RestoreTools(repo);
        string jupyter = Directory.CreateTempSubdirectory("mlp-jupyter-").FullName, output = Path.Combine(jupyter, "out");
        try
        {
            // The README's `dotnet interactive jupyter install`, into a private folder instead of the user's.
            Directory.CreateDirectory(Path.Combine(jupyter, "kernels"));
            var install = Run.Process("dotnet", ["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", Path.Combine(jupyter, "kernels")], repo);
            Assert.True(install.ExitCode == 0, install.Describe());
            var environment = new Dictionary<string, string?> { ["JUPYTER_PATH"] = jupyter, ["MLP_OFFLINE"] = "1", ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1" };

            var sigmoid = Execute("02-sigmoid.ipynb");
            Assert.Contains(Html(sigmoid), h => h.Contains("class=\"mlp-chart\"") && h.Contains("\"type\":\"scatter\"")); // Charts.Sigmoid()
            Assert.Equal("0.5", Results.Read(Html(sigmoid))["σ(0)"]);   // a results table, read by its name
            Assert.Contains(Html(sigmoid), h => h.Contains("data-mlp-plotly-loader")); // plotly.js, offline, from the setup cell

            var loss = Execute("05-loss.ipynb");
            Assert.StartsWith("2.302", Results.Read(Html(loss))["ln 10"]); // the loss of a uniform guess

            JsonObject Execute(string name)
            {
                var ran = Run.Process("jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=.net-csharp",
                    "--ExecutePreprocessor.timeout=600", "--output-dir", output, Path.Combine(repo, "notebooks", name)], repo, environment);
                Assert.True(ran.ExitCode == 0, $"{name}: {ran.Describe()}");
                var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(output, name)))!.AsObject();
                var outputs = Outputs(notebook).ToList();
                Assert.DoesNotContain(outputs, o => o["output_type"]?.GetValue<string>() == "error");
                Assert.Contains("Course library loaded", Text(notebook));
                Console.WriteLine($"Jupyter ran {name} in {ran.Duration.TotalSeconds:F1} s");
                return notebook;
            }
        }
        finally { Directory.Delete(jupyter, recursive: true); }
    }

    static IEnumerable<JsonObject> Outputs(JsonObject notebook) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>().SelectMany(c => (c["outputs"] as JsonArray ?? []).OfType<JsonObject>());

    static string Join(JsonNode? value) => value switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue text => text.GetValue<string>(),
        _ => "",
    };

    static string Text(JsonObject notebook) =>
        string.Concat(Outputs(notebook).Select(o => Join(o["text"]) + Join(o["data"]?["text/plain"])));

    static IEnumerable<string> Html(JsonObject notebook) => Outputs(notebook).Select(o => Join(o["data"]?["text/html"])).Where(h => h.Length > 0);
}
