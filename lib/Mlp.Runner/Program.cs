using Mlp.Runner;

// mlp-notebooks [NOTEBOOK.ipynb | FOLDER ...] [--out FOLDER] [--cell-timeout SECONDS] [--slides]   runs notebooks
// mlp-notebooks tidy [NOTEBOOK.ipynb | FOLDER ...] [--check]                              normalises them
// The options and their parsing: RunnerCommand.cs; the main job: CourseRun.cs; tidy: Tidy.cs.
// The runner prints notebook names, σ and ✅: UTF-8 on every console (Windows' default code page would print '?').
Console.OutputEncoding = ChildProcess.Utf8;
return await RunnerCommand.InvokeAsync(args);
