using BenchmarkDotNet.Running;
using Mlp.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    if (args.Contains("--reference")) Mlp.Kernels.Enabled = false;
    if (args.Contains("alloc")) Quick.Allocations(); else if (args.Contains("peak")) Peak.Run(); else if (args.Contains("steps")) Quick.Steps(args.Contains("full") ? 60000 : 100); else Quick.Run(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args, BenchConfig.Create());
