// The course's setup, run by the first cell of every notebook in two parts:
//   #!csharp
//   #load "setup.csx"                           <- this file: build if needed, write bin/load.csx
//   #!csharp
//   #load "../lib/Mlp.Notebook/bin/load.csx"    <- #r of the build, then Course.Initialize()
//   using Mlp; using Mlp.Notebook;
// The parts are separate submissions, so the second is compiled after the first has built the library.
// This file
// 1. finds the repository (the folder above that holds lib/Mlp.slnx),
// 2. builds lib/Mlp.Notebook in Release if the build is missing or older than any source file,
// 3. copies the build to lib/Mlp.Notebook/bin/kernel/<hash>/ and has the second part load that copy, so
//    that a rebuild never overwrites a DLL a kernel holds (Windows locks loaded files).
// Running the cell again is harmless. After changing the library, restart the kernel to load the new build.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Security.Cryptography;

static class CourseSetup
{
    const string Project = "lib/Mlp.Notebook", LoadedKey = "Mlp.Notebook.LoadedBuild";

    public static void Run()
    {
        string repo = FindRepository(Directory.GetCurrentDirectory());
        string project = Path.Combine(repo, Project), output = Path.Combine(project, "bin", "Release", "net10.0");
        string stamp = Path.Combine(output, "build.stamp"); // touched by every build of the project

        if (NewestSource(repo) is var newest && (!File.Exists(stamp) || File.GetLastWriteTimeUtc(stamp) < newest))
        {
            Console.WriteLine("Building the course library (Release)…");
            Build(project);
        }

        string hash = BuildHash(output);
        var loaded = AppContext.GetData(LoadedKey) as string;
        if (loaded is not null && loaded != hash)
            Console.WriteLine($"The library was rebuilt ({hash}) but this kernel still runs build {loaded}: " +
                              "restart the kernel (Restart in the toolbar) to use the new build.");
        string use = loaded ?? hash;
        string dll = CopyBuild(output, Path.Combine(project, "bin", "kernel", use));
        // Read by the second part of the setup cell, which is compiled after this part has run.
        File.WriteAllText(Path.Combine(project, "bin", "load.csx"),
            $"#r \"{dll.Replace('\\', '/')}\"\n#r \"{Path.Combine(Path.GetDirectoryName(dll)!, "Mlp.Exercises.dll").Replace('\\', '/')}\"\nMlp.Notebook.Course.Initialize(\"{use}\");\nSystem.AppContext.SetData(\"{LoadedKey}\", \"{use}\");\n");
    }

    static string FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "lib", "Mlp.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No lib/Mlp.slnx above {start}: open the notebook from the course repository.");
    }

    static DateTime NewestSource(string repo)
    {
        string[] projects = ["lib/Mlp", "lib/Mlp.Exercises", "lib/Mlp.Charts.Contract", "lib/Mlp.Charts", "lib/Mlp.Notebook"];
        var files = projects.SelectMany(p => Directory.EnumerateFiles(Path.Combine(repo, p), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Append(Path.Combine(repo, "lib", "Directory.Build.props"));
        return files.Where(File.Exists).Max(File.GetLastWriteTimeUtc);
    }

    static void Build(string project)
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
        foreach (var name in new[] { "Mlp.dll", "Mlp.Exercises.dll", "Mlp.Notebook.dll", "charts/Mlp.Charts.dll" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, name));
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!)[..12].ToLowerInvariant();
    }

    static string CopyBuild(string output, string target)
    {
        if (!File.Exists(Path.Combine(target, "Mlp.Notebook.dll")))
        {
            string partial = target + ".partial";
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
            {
                string to = Path.Combine(partial, Path.GetRelativePath(output, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            Directory.Move(partial, target);
        }
        // Keep the three newest builds: other kernels may still use them.
        var older = new DirectoryInfo(Path.GetDirectoryName(target)!).EnumerateDirectories()
            .Where(d => d.FullName != target).OrderByDescending(d => d.CreationTimeUtc).Skip(2).Select(d => d.FullName);
        foreach (var old in older)
            try { Directory.Delete(old, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } // in use by another kernel
        return Path.Combine(target, "Mlp.Notebook.dll");
    }
}

CourseSetup.Run();
