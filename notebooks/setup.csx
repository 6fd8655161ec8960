// The course's setup. The first cell of every notebook is the block between the two marker lines below
// (the runner's `tidy` command writes it into every notebook: edit it here, then run
// `dotnet run -c Release --project lib/Mlp.Runner -- tidy`):
// <setup-cell>
// #!csharp
// // Setup, the same first cell in every notebook: builds the course library if needed, then loads it.
// #load "setup.csx"
//
// #!csharp
// using Mlp;
// using Mlp.Exercises;
// using Mlp.Notebook;
// Course.Initialize(CourseSetup.Build);
// </setup-cell>
// The two parts are separate submissions, so the second is compiled after the first has built the library
// and added it to the kernel's references. This file
// 1. finds the repository (the folder above that holds lib/Mlp.slnx; this script runs before the library is
//    loaded, so it keeps its own finder instead of Mlp.Data.CourseRepository's),
// 2. builds lib/Mlp.Notebook in Release if the build is missing or older than any source file,
// 3. copies the build to lib/Mlp.Notebook/bin/kernel/<hash>/ and references that copy, so that a rebuild
//    never overwrites a DLL a kernel holds (Windows locks loaded files).
// Any number of kernels may run it at once: one at a time writes (a lock file), each copy is made in a private
// folder and moved into place in one step (tried again while Windows' antivirus or OneDrive holds a file), and a
// half-made copy (no marker file) is replaced.
// When the repository is read-only (a lab install), the copy goes to a per-user folder, said once.
// Running the cell again is harmless. After changing the library, restart the kernel to load the new build.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

static class CourseSetup
{
    const string Project = "lib/Mlp.Notebook", LoadedKey = "Mlp.Notebook.LoadedBuild", ToldKey = "Mlp.Notebook.ToldWhere";
    const string Marker = "copy.complete"; // written last into a build copy: a folder without it is half-made
    static readonly TimeSpan LockPatience = TimeSpan.FromMinutes(10);

    /// <summary>The build this kernel loads (the hash of its DLLs): what the second part passes to Course.Initialize.</summary>
    public static string Build { get; private set; } = "";

    public static void Run()
    {
        string repo = FindRepository(Directory.GetCurrentDirectory());
        string project = Path.Combine(repo, Project), output = Path.Combine(project, "bin", "Release", "net10.0");
        string stamp = Path.Combine(output, "build.stamp"); // touched by every build of the project
        bool writable = CanWrite(Path.Combine(project, "bin"));
        string store = writable ? Path.Combine(project, "bin") : PerUserFolder(repo);
        if (!writable && AppContext.GetData(ToldKey) is null)
        {
            Console.WriteLine($"The course folder {repo} is read-only: this kernel keeps its copy of the library in {store}.");
            AppContext.SetData(ToldKey, store);
        }

        var loaded = AppContext.GetData(LoadedKey) as string;
        string dll;
        using (Lock(Path.Combine(store, "kernel", "setup.lock"))) // one kernel at a time writes anything
        {
            if (writable) WriteLegacyLoadScript(Path.Combine(project, "bin", "load.csx"));
            if (Stale(repo, stamp))
            {
                if (!writable)
                    throw new InvalidOperationException(
                        $"The course library in {project} is not built (or older than its sources), and the course folder is read-only. " +
                        "Whoever installed the course should build it once there: see \"Installing a lab and serving MNIST\" in notebooks/TEACHING.md.");
                Console.WriteLine("Building the course library (Release)…");
                BuildLibrary(project);
            }
            string hash = BuildHash(output);
            if (loaded is not null && loaded != hash)
                Console.WriteLine($"The library was rebuilt ({hash}) but this kernel still runs build {loaded}: " +
                                  "restart the kernel (Restart in the toolbar) to use the new build.");
            if (loaded is not null) { Build = loaded; return; } // already referenced: a kernel keeps the DLLs it loaded
            Build = hash;
            dll = CopyBuild(output, Path.Combine(store, "kernel", hash));
        }
        Reference(dll);
        AppContext.SetData(LoadedKey, Build);
    }

    static string FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "lib", "Mlp.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No lib/Mlp.slnx above {start}: open the notebook from the course repository.");
    }

    /// <summary>Where a kernel writes when the repository is read-only: the user's local application data (else temp), one folder per checkout.</summary>
    static string PerUserFolder(string repo)
    {
        string id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(repo)))[..12].ToLowerInvariant();
        string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        foreach (var root in new[] { local, Path.GetTempPath() }.Where(r => r.Length > 0))
        {
            string folder = Path.Combine(root, "mlp-course", id);
            if (CanWrite(folder)) return folder;
        }
        throw new InvalidOperationException($"The course folder {repo} is read-only, and neither {local} nor {Path.GetTempPath()} is writable.");
    }

    static bool CanWrite(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".write-test-{Short()}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>An exclusive lock between processes (held until disposed); waits while another kernel holds it.</summary>
    static FileStream Lock(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var clock = Stopwatch.StartNew();
        bool told = false;
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (clock.Elapsed < LockPatience)
            {
                if (!told) Console.WriteLine("Waiting for another kernel that is building or copying the course library…");
                told = true;
                Thread.Sleep(250);
            }
            catch (IOException)
            {
                // The lock goes with the process that holds it, so this is a kernel still at work (or hung).
                throw new InvalidOperationException($"Another kernel has been building or copying the course library for {LockPatience.TotalMinutes:F0} minutes " +
                                                    $"(it holds {path}): wait for it or restart it, then run this cell again.");
            }
        }
    }

    static bool Stale(string repo, string stamp) => !File.Exists(stamp) || File.GetLastWriteTimeUtc(stamp) < NewestSource(repo);

    static DateTime NewestSource(string repo)
    {
        string[] projects = ["lib/Mlp", "lib/Mlp.Engine", "lib/Mlp.Exercises", "lib/Mlp.Charts.Contract", "lib/Mlp.Charts", "lib/Mlp.Notebook"];
        var files = projects.Select(p => Path.Combine(repo, p)).Where(Directory.Exists)
            .SelectMany(p => Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Append(Path.Combine(repo, "lib", "Directory.Build.props"));
        return files.Where(File.Exists).Max(File.GetLastWriteTimeUtc);
    }

    static void BuildLibrary(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-nologo", "-v:q", "-clp:NoSummary"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet build {project} failed:\n{stdout.Result}{stderr.Result}");
    }

    static string BuildHash(string output)
    {
        using var sha = SHA256.Create();
        // the satellite assemblies too (zh-TW/*.resources.dll): a change of translations alone is a new build
        var satellites = Directory.EnumerateFiles(output, "*.resources.dll", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal);
        foreach (var name in new[] { "Mlp.dll", "Mlp.Engine.dll", "Mlp.Exercises.dll", "Mlp.Charts.Contract.dll", "Mlp.Notebook.dll", "charts/Mlp.Charts.dll" }.Concat(satellites))
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, name));
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!)[..12].ToLowerInvariant();
    }

    /// <summary>
    /// Makes <paramref name="target"/> a complete copy of <paramref name="output"/>: copied into a folder of this
    /// process's own, marked complete, then moved into place in one step. A target without the marker (an
    /// interrupted copy, or one made by an older setup) is moved aside first.
    /// </summary>
    static string CopyBuild(string output, string target)
    {
        string dll = Path.Combine(target, "Mlp.Notebook.dll");
        if (File.Exists(Path.Combine(target, Marker))) return dll;
        string parent = Path.GetDirectoryName(target)!, name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        string mine = $"{target}.tmp-{Short()}";
        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(mine, Path.GetRelativePath(output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        File.WriteAllText(Path.Combine(mine, Marker), $"copied from {output} at {DateTime.UtcNow:O}\n");
        for (int attempt = 0; ; attempt++)
        {
            if (Directory.Exists(target) && !File.Exists(Path.Combine(target, Marker)))
                TryDelete(MoveAside(target)); // half-made: never loaded by anyone, since a kernel loads only marked copies
            try
            {
                Directory.Move(mine, target);
                break;
            }
            catch (Exception e) when (Transient(e) && File.Exists(Path.Combine(target, Marker))) { TryDelete(mine); break; } // another kernel won
            catch (Exception e) when (Transient(e) && attempt < Attempts) { Pause(attempt); }
            catch (Exception e) when (Transient(e)) { throw HeldTooLong($"move the library's copy {mine} to {target}", e); }
        }
        // Keep the three newest builds (other kernels may still use them); remove leftovers older than an hour.
        var folders = new DirectoryInfo(parent).EnumerateDirectories().ToList();
        var builds = folders.Where(d => !d.Name.Contains('.') && d.Name != name).OrderByDescending(d => d.CreationTimeUtc).Skip(2);
        var leftovers = folders.Where(d => d.Name.Contains('.') && d.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1));
        foreach (var old in builds.Concat(leftovers)) TryDelete(old.FullName);
        return dll;
    }

    static string MoveAside(string folder)
    {
        string aside = $"{folder}.broken-{Short()}";
        try { Directory.Move(folder, aside); return aside; }
        catch (Exception e) when (Transient(e)) { return aside; } // already moved (or replaced) by another kernel, or held: tried again
    }

    /// <summary>Eight hexadecimal digits, for this process's temporary names: a deep OneDrive folder must stay under
    /// Windows' 260 characters, so the names are short (a process id and a whole GUID added 45).</summary>
    static string Short() => Guid.NewGuid().ToString("N")[..8];

    const int Attempts = 8;

    /// <summary>
    /// What may pass if tried again: on Windows an antivirus, the search indexer or OneDrive may hold a file it has just
    /// seen, and a move then fails with an IOException (sharing violation) or an UnauthorizedAccessException
    /// (access denied) for a moment.
    /// </summary>
    internal static bool Transient(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>Waits before attempt <paramref name="attempt"/> + 1: 50 ms, doubling (6.4 s in all over <see cref="Attempts"/> attempts).</summary>
    static void Pause(int attempt) => Thread.Sleep(50 << attempt);

    /// <summary>Runs <paramref name="action"/>, trying again with a growing pause while it fails with a <see cref="Transient"/> error.</summary>
    internal static void Retrying(string what, Action action)
    {
        for (int attempt = 0; ; attempt++)
        {
            try { action(); return; }
            catch (Exception e) when (Transient(e) && attempt < Attempts) { Pause(attempt); }
            catch (Exception e) when (Transient(e)) { throw HeldTooLong(what, e); }
        }
    }

    static Exception HeldTooLong(string what, Exception e) => new IOException(
        $"Could not {what} in {Attempts + 1} tries over 6 seconds: {e.Message} Something still holds the file (an antivirus, " +
        "OneDrive or the search indexer, on Windows): wait a minute and run this cell again.", e);

    static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // in use, or already gone
    }

    /// <summary>
    /// Adds the copy's course assemblies (Mlp.Notebook and the Mlp* libraries it uses) to the kernel's references, as
    /// <c>#r</c> would: the next submission compiles against them.
    /// </summary>
    static void Reference(string dll)
    {
        var dlls = Directory.GetFiles(Path.GetDirectoryName(dll)!, "Mlp*.dll").Order().ToArray();
        var kernel = Microsoft.DotNet.Interactive.Kernel.Current;
        var add = kernel.GetType().GetMethod("AddAssemblyReferences", [typeof(System.Collections.Generic.IEnumerable<string>)])
                  ?? throw new InvalidOperationException($"The {kernel.Name} kernel ({kernel.GetType().FullName}) cannot add assembly references: run the notebook in the C# kernel.");
        add.Invoke(kernel, [dlls]);
    }

    /// <summary>
    /// Notebooks whose setup cell predates `tidy` load bin/load.csx in their second part. Its text is the same for
    /// every build and every kernel; written only when missing or different, under the setup lock (two kernels
    /// replacing it at once collide on Windows), through a file of this process's own moved into place.
    /// </summary>
    static void WriteLegacyLoadScript(string path)
    {
        const string text = "// Written by notebooks/setup.csx for setup cells that load this file; the same for every build and kernel.\n" +
                            "Mlp.Notebook.Course.Initialize(CourseSetup.Build);\n";
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        string mine = $"{path}.tmp-{Short()}";
        File.WriteAllText(mine, text);
        Retrying($"replace {path}", () => File.Move(mine, path, overwrite: true));
    }
}

CourseSetup.Run();
