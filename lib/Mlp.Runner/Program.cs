using Mlp.Runner;

// mlp-notebooks [NOTEBOOK.ipynb | FOLDER ...] [--out FOLDER] [--cell-timeout SECONDS] [--slides]   runs notebooks
// mlp-notebooks tidy [NOTEBOOK.ipynb | FOLDER ...] [--check]                              normalises them
// The options and their parsing: RunnerCommand.cs; the main job: CourseRun.cs; tidy: Tidy.cs.
Mlp.Platform.Utf8Console.Use();   // notebook names, σ and ✅, not '?', on a Windows console
DieWithRunner.StopWithRunner(); // a signal or a crash stops the kernels too
return await RunnerCommand.InvokeAsync(args);
