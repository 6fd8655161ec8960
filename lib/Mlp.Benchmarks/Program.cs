using BenchmarkDotNet.Running;
using Mlp.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    if (args.Contains("--reference")) Mlp.Kernels.Enabled = false;
    if (args.Contains("alloc")) Quick.Allocations(); else if (args.Contains("peak")) PeakBenchmarks.Run(); else if (args.Contains("parts")) Quick.Parts(); else if (args.Contains("epoch")) Quick.Epoch(args.Length > 2 ? int.Parse(args[2]) : 1); else if (args.Contains("fit")) Quick.Fit(args.Length > 2 ? int.Parse(args[2]) : 1, !args.Contains("norowblocks"), !args.Contains("dense")); else if (args.Contains("steps")) Quick.Steps(args.Contains("full") ? 60000 : 100); else Quick.Run(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args, BenchConfig.Create());
