using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Mlp.Benchmarks;

/// <summary>GFLOP/s of a product benchmark: its floating-point operations over its median time.</summary>
internal sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Floating-point operations (2 per multiply-add) per second, from the median time (epochs: their 12.27 GFLOP of products)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null) return "-";
        object? Param(string name) => benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value;
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        double flops = method switch
        {
            nameof(PeakBenchmarks.FmaPeak) when Param(nameof(PeakBenchmarks.Threads)) is int t => new PeakBenchmarks { Threads = t }.Flops,
            nameof(EpochBenchmarks.MinibatchEpoch) or nameof(EpochBenchmarks.FullBatchEpoch) => Workload.EpochFlops,
            _ when Param(nameof(ProductBenchmarks.Rows)) is int n => Workload.Flops(method, n),
            _ => double.NaN,
        };
        return double.IsNaN(flops) ? "-" : (flops / stats.Median).ToString("F1"); // flops per ns = GFLOP/s
    }
}
