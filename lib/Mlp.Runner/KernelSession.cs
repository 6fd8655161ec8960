using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mlp.Runner;

/// <summary>One kernel event that belongs to a submitted command: its type and its payload.</summary>
public sealed record KernelEvent(string Type, JsonObject Payload, string CommandToken);

/// <summary>
/// The real notebook kernel in a child process: <c>dotnet interactive stdio</c> from the
/// Microsoft.dotnet-interactive tool, the engine that VS Code's Polyglot Notebooks runs. Commands go in
/// as JSON envelopes, one a line, on stdin; events come back the same way on stdout.
/// </summary>
public sealed class KernelSession : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentDictionary<string, Action<KernelEvent>> _listeners = new();
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Task _reader;
    int _tokens;

    readonly Queue<string> _log = new(); // the last lines the kernel wrote outside the protocol: what it says when it cannot start

    KernelSession(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadEventsAsync);
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Log(line); };
        _process.BeginErrorReadLine();
    }

    void Log(string line)
    {
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 40) _log.Dequeue();
        }
    }

    string LogText()
    {
        lock (_log) return string.Join("\n", _log.Where(l => l.Trim().Length > 0));
    }

    /// <summary>Starts a kernel whose current folder is <paramref name="workingDirectory"/> (as VS Code does: the notebook's folder).</summary>
    /// <param name="sandbox">Wraps the start in a sandbox (grading: <see cref="Grading.Sandbox"/>); null runs it as it is.</param>
    public static async Task<KernelSession> StartAsync(string workingDirectory, TimeSpan timeout, Func<ProcessStartInfo, ProcessStartInfo>? sandbox = null)
    {
        var start = StartInfo(workingDirectory);
        string command = "dotnet " + string.Join(" ", start.ArgumentList.TakeWhile(a => a != "--working-dir"));
        if (sandbox is not null) start = sandbox(start);
        var session = new KernelSession(DieWithRunner.Start(start));
        var finished = await Task.WhenAny(session._ready.Task, session._reader, Task.Delay(timeout));
        if (finished != session._ready.Task)
        {
            bool exited = finished == session._reader;
            if (exited) await Task.WhenAny(session._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(5))); // the rest of its stderr
            string said = session.LogText();
            string how = exited ? $"exited with code {(session._process.HasExited ? session._process.ExitCode : -1)}" : $"was not ready within {timeout.TotalSeconds:F0} s";
            await session.DisposeAsync();
            throw new KernelStartException(
                $"The notebook kernel ({command}, in {workingDirectory}) did not start: it {how}." +
                (said.Length > 0 ? $" It said:\n{said}\n" : " It said nothing.\n") + KernelStartException.Advice(said));
        }
        return session;
    }

    /// <summary>How the kernel is started: in <paramref name="workingDirectory"/>, its three streams redirected, in UTF-8 on every OS.</summary>
    internal static ProcessStartInfo StartInfo(string workingDirectory)
    {
        // The kernel's DLL run by the dotnet host: the kernel is then this runner's child (see DieWithRunner), not a grandchild.
        var kernel = (Mlp.Data.CourseRepository.FindFrom(workingDirectory) ?? Mlp.Data.CourseRepository.TryFind()) is { } repo ? Repository.Kernel(repo) : null;
        string[] command = kernel is { } k ? [.. k.RollForward ? new[] { "--roll-forward", "Major" } : [], k.Dll] : ["tool", "run", "dotnet-interactive", "--"];
        var start = ChildProcess.WithUtf8(new ProcessStartInfo(Repository.Dotnet, [.. command, "stdio", "--working-dir", workingDirectory])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>Runs one cell's code and returns every event it caused (including those of commands it sent itself).</summary>
    public async Task<IReadOnlyList<KernelEvent>> SubmitAsync(string code, string kernelName, TimeSpan timeout,
        Action<KernelEvent>? onEvent = null, CancellationToken cancel = default)
    {
        string token = "cell-" + Interlocked.Increment(ref _tokens);
        var events = new List<KernelEvent>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _listeners[token] = e =>
        {
            lock (events) events.Add(e);
            onEvent?.Invoke(e);
            if (e.CommandToken == token && e.Type is "CommandSucceeded" or "CommandFailed") done.TrySetResult();
        };
        try
        {
            Send("SubmitCode", new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName }, token);
            using (cancel.Register(Cancel))
            {
                var finished = await Task.WhenAny(done.Task, _reader, Task.Delay(timeout));
                if (finished == _reader)
                    throw new KernelDiedException("The kernel process exited while running the cell.");
                if (finished != done.Task)
                {
                    Cancel();
                    if (await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(15))) != done.Task)
                        throw new TimeoutException($"The cell did not finish within {timeout.TotalSeconds:F0} s, nor stop when cancelled.");
                    throw new TimeoutException($"The cell did not finish within {timeout.TotalSeconds:F0} s and was cancelled.");
                }
            }
        }
        finally { _listeners.TryRemove(token, out _); }
        lock (events) return events.ToList();
    }

    /// <summary>Cancels whatever runs now, as VS Code's "interrupt" button does.</summary>
    public void Cancel() => Send("Cancel", new JsonObject(), "cancel-" + Interlocked.Increment(ref _tokens));

    void Send(string commandType, JsonObject command, string token)
    {
        var envelope = new JsonObject { ["commandType"] = commandType, ["command"] = command, ["token"] = token };
        lock (_process) // a Cancel may be sent while a cell's command is being written
        {
            _process.StandardInput.WriteLine(envelope.ToJsonString());
            _process.StandardInput.Flush();
        }
    }

    async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{')) { Log(line); continue; } // the banner, or why it cannot start
            JsonObject envelope;
            try { envelope = JsonNode.Parse(line)!.AsObject(); }
            catch (JsonException) { continue; }
            string type = envelope["eventType"]?.GetValue<string>() ?? "";
            if (type == "KernelReady") _ready.TrySetResult();
            string token = envelope["command"]?["token"]?.GetValue<string>() ?? "";
            var e = new KernelEvent(type, envelope["event"] as JsonObject ?? new JsonObject(), token);
            // Events of commands a cell sent itself carry child tokens: "cell-3.1", "cell-3.1.2", ...
            string root = token.Split('.')[0];
            if (_listeners.TryGetValue(root, out var listener)) listener(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true); // `dotnet tool run` and the kernel under it
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException) { }
        DieWithRunner.Forget(_process);
        _process.Dispose();
    }
}

public sealed class KernelDiedException(string message) : Exception(message);

/// <summary>The kernel process did not start; the message holds what it said (for example the .NET it is missing).</summary>
public sealed class KernelStartException(string message) : Exception(message)
{
    internal static string Advice(string said) =>
        said.Contains("install or update .NET", StringComparison.OrdinalIgnoreCase) || said.Contains("framework", StringComparison.OrdinalIgnoreCase)
            ? "The kernel tool needs .NET 10, or any newer .NET when .config/dotnet-tools.json lets it roll forward (\"rollForward\": true, " +
              "as this repository's does): install one, or check DOTNET_ROOT."
            : "If the kernel tool is missing, install it with: dotnet tool restore (in the repository).";
}
