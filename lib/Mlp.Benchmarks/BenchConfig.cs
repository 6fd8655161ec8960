using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Mlp.Benchmarks;

internal static class BenchConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithLaunchCount(1))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, new GflopsColumn())
        .WithOption(ConfigOptions.JoinSummary, false);
}
