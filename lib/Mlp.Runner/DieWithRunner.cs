using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mlp.Runner;

/// <summary>
/// The kernels the runner starts, which must never outlive it: an IDE's stop button or <c>timeout</c> sends SIGTERM,
/// a terminal SIGINT or SIGHUP, and a crash or SIGKILL gives no warning at all.
/// <list type="bullet">
/// <item>On Linux every child is started through <c>setpriv --pdeathsig KILL</c> (util-linux): the kernel gets SIGKILL
/// from the Linux kernel itself when the runner dies, however it dies. The parent-death signal follows the thread that
/// started the child, not the process, so every child is started from one thread that lives as long as the runner
/// (a thread-pool thread may retire and would take its kernel with it).</item>
/// <item><see cref="StopWithRunner"/> catches SIGINT, SIGTERM, SIGHUP and SIGQUIT: it stops every child's whole process
/// tree (what a kernel started itself, such as a build), says so in one line and exits at once (128 + the signal's number).</item>
/// </list>
/// </summary>
public static class DieWithRunner
{
    static readonly ConcurrentDictionary<Process, bool> Live = new();
    static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();
    static readonly Lazy<Thread> Launcher = new(() =>
    {
        var thread = new Thread(() =>
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try { started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.")); }
                catch (Exception e) { started.SetException(e); }
            }
        }) { IsBackground = true, Name = "child process launcher" };
        thread.Start();
        return thread;
    });

    /// <summary>setpriv, where the system has it (Linux's util-linux); else null and only the signal handlers guard.</summary>
    internal static readonly string? SetPriv = OperatingSystem.IsLinux() ? OnPath("setpriv") : null;

    /// <summary>Starts a child that dies with the runner (see the class summary); <see cref="Forget"/> it once it has exited.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        var actual = SetPriv is { } setpriv ? Wrapped(setpriv, ["--pdeathsig", "KILL", "--"], start) : start;
        _ = Launcher.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((actual, started));
        var process = started.Task.GetAwaiter().GetResult();
        Live[process] = true;
        return process;
    }

    /// <summary>The same start, as arguments of <paramref name="program"/> after <paramref name="before"/> (e.g. setpriv's or bwrap's).</summary>
    public static ProcessStartInfo Wrapped(string program, IEnumerable<string> before, ProcessStartInfo start)
    {
        var wrapped = new ProcessStartInfo(program, [.. before, start.FileName, .. start.ArgumentList])
        {
            WorkingDirectory = start.WorkingDirectory,
            RedirectStandardInput = start.RedirectStandardInput,
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            StandardInputEncoding = start.StandardInputEncoding,
            StandardOutputEncoding = start.StandardOutputEncoding,
            StandardErrorEncoding = start.StandardErrorEncoding,
            UseShellExecute = false,
        };
        wrapped.Environment.Clear();
        foreach (var (key, value) in start.Environment) wrapped.Environment[key] = value;
        return wrapped;
    }

    /// <summary>No longer watched (it has exited, or was stopped by its owner).</summary>
    public static void Forget(Process process) => Live.TryRemove(process, out _);

    /// <summary>Stops every live child with its whole process tree.</summary>
    public static void KillAll()
    {
        foreach (var process in Live.Keys)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { }
            Forget(process);
        }
    }

    static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>
    /// From now on a signal that ends the runner (SIGINT, SIGTERM, SIGHUP, SIGQUIT) first stops every kernel, then the
    /// runner exits at once with 128 + the signal's number, saying why on <paramref name="error"/>. A crash stops them too.
    /// </summary>
    public static void StopWithRunner(TextWriter? error = null)
    {
        error ??= Console.Error;
        lock (Registrations)
        {
            if (Registrations.Count > 0) return;
            foreach (var (signal, name, number) in new[] { (PosixSignal.SIGINT, "SIGINT", 2), (PosixSignal.SIGTERM, "SIGTERM", 15), (PosixSignal.SIGHUP, "SIGHUP", 1), (PosixSignal.SIGQUIT, "SIGQUIT", 3) })
            {
                try
                {
                    Registrations.Add(PosixSignalRegistration.Create(signal, context =>
                    {
                        context.Cancel = true;
                        bool any = !Live.IsEmpty;
                        KillAll();
                        try { error.WriteLine($"\nStopped by {name}{(any ? "; the notebook kernel was stopped too" : "")}. Nothing was left running."); error.Flush(); }
                        catch (IOException) { } // the terminal is gone (SIGHUP)
                        Environment.Exit(128 + number);
                    }));
                }
                catch (PlatformNotSupportedException) { } // Windows has only SIGINT, SIGQUIT, SIGTERM (as console events)
            }
        }
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>The full path of <paramref name="program"/> on the PATH, or null.</summary>
    internal static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
