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
    public string Legend => "Floating-point operations (2 per multiply-add) per second, from the median time";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        var rows = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(ProductBenchmarks.Rows))?.Value;
        if (stats is null || rows is not int n) return "-";
        double flops = Workload.Flops(benchmarkCase.Descriptor.WorkloadMethod.Name, n);
        return double.IsNaN(flops) ? "-" : (flops / stats.Median).ToString("F1"); // flops per ns = GFLOP/s
    }
}
