using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mlp.Data;

namespace Mlp.Runner;

/// <summary>
/// The runner's command line (System.CommandLine): <c>mlp-notebooks [NOTEBOOK.ipynb | FOLDER ...] [options]</c>
/// runs notebooks; <c>mlp-notebooks tidy</c> normalises them; <c>mlp-notebooks doctor</c> checks a laptop before class. A bad argument prints what was wrong and the usage,
/// and exits with 2. To add an option: declare it below, add it in <see cref="Create"/>, read it in <see cref="Request"/>.
/// </summary>
public static class RunnerCommand
{
    public const int UsageError = 2;

    public static readonly Argument<string[]> Inputs = new("NOTEBOOK.ipynb | FOLDER")
    {
        Description = "Notebooks, or folders of notebooks, to run (default: the repository's notebooks/)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<string?> Out = new("--out")
    {
        Description = "Folder for the executed .ipynb and .html files (default: notebooks/out, or a per-user folder when the repository is read-only)",
        HelpName = "FOLDER",
    };

    public static readonly Option<TimeSpan?> CellTimeout = new("--cell-timeout")
    {
        Description = "Seconds a cell may run before it is cancelled (default: 600)",
        HelpName = "SECONDS",
        CustomParser = PositiveSeconds,
    };

    public static readonly Option<bool> Solutions = new("--solutions")
    {
        Description = $"The teacher's edition: every exercise solved by its reference solution ({TeacherEdition.SolutionsFile}), written to solutions/ in the output folder; the notebooks themselves are not changed",
    };

    public static readonly Option<bool> Slides = new("--slides")
    {
        Description = "Also write a reveal.js slide deck of each executed notebook beside its HTML page (NAME.slides.html; offline; S opens the speaker notes)",
    };

    /// <summary>The root command (running notebooks) with its subcommands, reporting to <paramref name="output"/> and <paramref name="error"/> (default: the console).</summary>
    public static RootCommand Create(TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        Inputs.Validators.Clear();
        Inputs.Validators.Add(NoUnknownOptions);
        var root = new RootCommand("Runs the course's notebooks in the real Polyglot Notebooks kernel and writes executed .ipynb and offline .html pages.")
        {
            Inputs, Out, CellTimeout, Solutions, Slides,
        };
        root.Subcommands.Add(Tidy.Command(output, error));
        root.Subcommands.Add(Grading.GradeCommand.Create(output, error));
        root.Subcommands.Add(Doctor.Command(output, error));
        root.SetAction((parse, cancel) => CourseRun.RunAsync(Request(parse), output, error, cancel));
        return root;
    }

    /// <summary>What the parsed command line asks the main job to do.</summary>
    public static RunRequest Request(ParseResult parse) => new(
        parse.GetValue(Inputs) ?? [],
        parse.GetValue(Out),
        parse.GetValue(CellTimeout),
        parse.GetValue(Solutions),
        parse.GetValue(Slides));

    /// <summary>Parses and runs <paramref name="args"/>; argument errors print the usage to stderr and give exit code 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = Create(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine(e.Message);
            error.WriteLine();
            WriteUsage(parse, error);
            return UsageError;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The help of the command that <paramref name="parse"/> ended in (the root, or a subcommand).</summary>
    static void WriteUsage(ParseResult parse, TextWriter to)
    {
        var path = new List<string>();
        for (SymbolResult? s = parse.CommandResult; s is CommandResult c && c.Parent is not null; s = c.Parent) path.Insert(0, c.Command.Name);
        parse.RootCommandResult.Command.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = to });
    }

    /// <summary>A token that looks like an option but is none (and no file) is a mistyped option, not a notebook.</summary>
    internal static void NoUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && !File.Exists(t.Value) && !Directory.Exists(t.Value)))
            result.AddError($"Unknown option: {token.Value}");
    }

    /// <summary>A number of seconds, written with a dot whatever the culture ("1.5"), greater than zero.</summary>
    static TimeSpan? PositiveSeconds(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds))
        {
            result.AddError($"--cell-timeout: '{text}' is not a number of seconds (write decimals with a dot, e.g. 1.5).");
            return null;
        }
        if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds)
        {
            result.AddError($"--cell-timeout: {text} s is out of range; give a number of seconds greater than 0.");
            return null;
        }
        return TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>The main job's inputs, as the command line gave them.</summary>
public sealed record RunRequest(IReadOnlyList<string> Inputs, string? Out, TimeSpan? CellTimeout, bool Solutions = false, bool Slides = false);
