using Mlp.Cli;

Mlp.Platform.Utf8Console.Use();   // 784→64→10, η and Chinese paths, not '?', on a Windows console
// The messages' language from LC_ALL / LC_MESSAGES / LANG (zh_TW.UTF-8: 繁體中文); numbers stay invariant (CommandLine.Run).
System.Globalization.CultureInfo.CurrentUICulture = UiLanguage.FromEnvironment(Environment.GetEnvironmentVariable);

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: stop training after the current batch and keep what was learned. Second: quit.
    if (cts.IsCancellationRequested) return;
    e.Cancel = true;
    cts.Cancel();
};
return CommandLine.Run(args, Console.Out, Console.Error, cts.Token);
