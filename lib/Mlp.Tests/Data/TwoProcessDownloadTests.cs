using System.Collections.Concurrent;
using System.Diagnostics;
using Mlp.Data;

namespace Mlp.Tests.Data;

/// <summary>
/// Two real processes (the CLI's `download` command) fill the same empty cache at the same time from
/// a mirror on 127.0.0.1 that serves the real MNIST files: both succeed and one good copy of each
/// file remains. The server answers each file only once both processes have asked for it, so the
/// downloads really overlap.
/// </summary>
public sealed class TwoProcessDownloadTests
{
    [Fact]
    public async Task Two_processes_downloading_into_one_empty_cache_both_succeed_with_one_good_copy()
    {
        if (RealMnist.MissingReason() is { } missing) { Console.WriteLine($"SKIPPED: {missing}"); return; }
        string source = Path.Combine(DataDirectory.FindRoot(), DatasetInfo.Mnist.FolderName);
        var files = DatasetInfo.Mnist.Files.ToDictionary(f => f.GzipName, f => File.ReadAllBytes(Path.Combine(source, f.GzipName)));

        var asked = new ConcurrentDictionary<string, int>();
        await using var server = new TestServer();
        var serve = TestServer.Serve(files);
        Uri mirror = server.Mirror("classroom", async (client, name, stop) =>
        {
            asked.AddOrUpdate(name, 1, (_, n) => n + 1);
            var waited = Stopwatch.StartNew();
            while (asked[name] < 2 && waited.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20, stop);
            await serve(client, name, stop);
        });

        using var cache = new TempFolder();
        var results = await Task.WhenAll(RunDownload(cache.Path, mirror), RunDownload(cache.Path, mirror));

        foreach (var (exit, output) in results) Assert.True(exit == 0, output);
        Assert.All(DatasetInfo.Mnist.Files, f => Assert.True(asked.GetValueOrDefault(f.GzipName) >= 2, $"{f.GzipName} was not fetched by both"));
        Assert.Equal(DatasetInfo.Mnist.Files.Select(f => f.GzipName).Order(), cache.FileNames().Order());   // no .part or .bad leftovers
        var split = DataLoader.Load(DatasetName.Mnist, cache.Path, RealMnist.Offline);                       // verifies every checksum
        Assert.Equal((60_000, 10_000), (split.Train.Count, split.Test.Count));
    }

    private static async Task<(int Exit, string Output)> RunDownload(string folder, Uri mirror)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Mlp.Cli.dll"), "download", "--data", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [DataLoaderOptions.MirrorsVariable] = mirror.AbsoluteUri },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
