using Mlp.Cli;

// 784→64→10, η and a Chinese path print as themselves on every console: Windows' default is a code page
// (437, 1252 …) that turns them into '?'. UTF-8 without a byte-order mark, as .NET writes on Linux and macOS.
Console.OutputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop training after the current batch and keep what was learned. Second: quit.
    if (cts.IsCancellationRequested) return;
    e.Cancel = true;
    cts.Cancel();
};
return CommandLine.Run(args, Console.Out, Console.Error, cts.Token);
