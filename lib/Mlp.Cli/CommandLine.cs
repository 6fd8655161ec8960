using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mlp.Data;

namespace Mlp.Cli;

/// <summary>A request the command line cannot carry out as given; the message says which option and why (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The `mlp` command line: train a network on MNIST, evaluate a saved one, or download the data.
/// Parsing is System.CommandLine's; the defaults and ranges of the hyperparameters are read from
/// <see cref="TrainingOptions"/>, never repeated here. Numbers are read in the invariant culture
/// (`--lr 0.5` is one half on every computer).
/// </summary>
/// <remarks>
/// Exit codes: 0 done; 2 a bad command line (the message and the usage go to standard error);
/// 3 a file or folder the command needs cannot be used: data missing or damaged, a model file
/// that cannot be read, a <c>--save</c> path that cannot be written (checked before training) or a
/// save that failed after training (the model is then saved to a fallback file that the message
/// names); 4 training diverged (the message suggests a smaller learning rate); 130 stopped by
/// Ctrl+C (what was learned is kept, and saved with <c>--save</c>). The last line `train` writes to
/// standard output is always its JSON summary.
/// </remarks>
public static class CommandLine
{
    public const int Ok = 0, BadUsage = 2, DataProblem = 3, Diverged = 4, Cancelled = 130;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        // Every number the commands read or write uses the invariant culture, whatever the computer's
        // language: the parsers say so explicitly, and this covers the messages of the library too.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return RunInvariant(args, stdout, stderr, cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static int RunInvariant(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Commands.Build(stdout, stderr, cancellationToken);
        if (args.Length == 0)
        {
            WriteHelp(root, [], stdout);
            return BadUsage;
        }
        if (args[0] == "help") args = [.. args[1..], "--help"];
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors.Select(e => e.Message).Distinct())
                stderr.WriteLine(Localized.Format(Strings.Error, error));
            stderr.WriteLine();
            var command = parsed.CommandResult.Command;
            WriteHelp(root, command == root ? [] : [command.Name], stderr);
            return BadUsage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false, // our own handlers below: a message, never a stack trace
                ProcessTerminationTimeout = null,       // Program.cs handles Ctrl+C: stop after the batch, keep what was learned
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine(Strings.StoppedBeforeTraining);
            return Cancelled;
        }
        catch (UsageException e)
        {
            stderr.WriteLine(Localized.Format(Strings.Error, e.Message));
            stderr.WriteLine();
            WriteHelp(root, [parsed.CommandResult.Command.Name], stderr);
            return BadUsage;
        }
        catch (Exception e) when (e is DataFormatException or DataUnavailableException or ModelFormatException
                                       or IOException or UnauthorizedAccessException)   // IOException: also ModelSaveException, a missing file
        {
            stderr.WriteLine(Localized.Format(Strings.Error, e.Message));
            return DataProblem;
        }
        catch (Exception e) when (e is ArgumentException or InsufficientMemoryException)
        {
            stderr.WriteLine(Localized.Format(Strings.Error, e.Message));   // e.g. a malformed MLP_MIRRORS, or a network too large for memory
            return BadUsage;
        }
    }

    /// <summary>The usage of the whole program, or of one command.</summary>
    public static string Usage(string? command = null)
    {
        var text = new StringWriter();
        WriteHelp(Commands.Build(TextWriter.Null, TextWriter.Null, default), command is null ? [] : [command], text);
        return text.ToString();
    }

    private static void WriteHelp(RootCommand root, string[] path, TextWriter to) =>
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = to, Error = to });

    /// <summary>Reads a whole number in the invariant culture and checks it against <paramref name="limits"/>.</summary>
    internal static int ParseInt(ArgumentResult r, string option, Limits<int> limits)
    {
        string s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            r.AddError(Localized.Format(Strings.ParseWholeNumber, option, s));
        else if (!limits.Contains(v))
            r.AddError(Localized.Format(Strings.ParseOutOfRange, option,
                limits.Max == int.MaxValue ? Localized.Format(Strings.ParseAtLeast, limits.Min) : limits.ToString(), v));
        return v;
    }

    /// <summary>Reads a number with a decimal point (invariant culture) and checks it against <paramref name="limits"/>.</summary>
    internal static double ParseDouble(ArgumentResult r, string option, Limits<double> limits)
    {
        string s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            r.AddError(Localized.Format(Strings.ParseNumber, option, s));
        else if (!limits.Contains(v))
            r.AddError(Localized.Format(Strings.ParseOutOfRange, option, limits.ToString(), v));
        return v;
    }
}
