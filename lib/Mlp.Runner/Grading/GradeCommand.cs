using System.CommandLine;

namespace Mlp.Runner.Grading;

/// <summary><c>mlp-notebooks grade SUBMISSIONS [--out FOLDER] [--no-sandbox] [--cell-timeout S] [--notebook-timeout S] [--memory MB]</c>.</summary>
public static class GradeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var submissions = new Argument<string>("SUBMISSIONS") { Description = "The folder of hand-ins: a folder per student holding their notebook, or the notebooks themselves" };
        var outFolder = new Option<string?>("--out") { Description = "Folder for gradebook.csv and gradebook.html (default: SUBMISSIONS-gradebook beside it)", HelpName = "FOLDER" };
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run the hand-ins without the bubblewrap sandbox (only where there is none, and only for code you trust)" };
        var cell = new Option<int>("--cell-timeout") { Description = "Seconds one cell of a hand-in may run (default: 30)", HelpName = "SECONDS", DefaultValueFactory = _ => 30 };
        var notebook = new Option<int>("--notebook-timeout") { Description = "Seconds a whole hand-in may run (default: 180)", HelpName = "SECONDS", DefaultValueFactory = _ => 180 };
        var memory = new Option<int>("--memory") { Description = "Megabytes of managed memory a hand-in's kernel may use (default: 1024)", HelpName = "MB", DefaultValueFactory = _ => 1024 };
        foreach (var o in new[] { cell, notebook, memory })
            o.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError($"{o.Name} must be a number greater than 0."); });
        var command = new Command("grade", "Grades the students' hand-ins on the hidden checks, each in a sandbox, and writes a gradebook (CSV and HTML).")
        {
            submissions, outFolder, noSandbox, cell, notebook, memory,
        };
        command.SetAction((parse, cancel) => Grader.RunAsync(new GradeRequest(
            parse.GetValue(submissions)!, parse.GetValue(outFolder), parse.GetValue(noSandbox),
            TimeSpan.FromSeconds(parse.GetValue(cell)), TimeSpan.FromSeconds(parse.GetValue(notebook)),
            new SandboxLimits { Heap = parse.GetValue(memory) * (1L << 20) }), output, error, cancel));
        return command;
    }
}
