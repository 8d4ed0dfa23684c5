using System.Diagnostics;
using System.Globalization;
using Feedback.Bench.Validation;
using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

// Usage: dotnet run -c Release -- [--rows 1000000] [--features 50] [--repeat 3]
var rows = Argument(args, "--rows", 1_000_000);
var features = Argument(args, "--features", 50);
var repeat = Argument(args, "--repeat", 3);

Console.WriteLine($"Data validation benchmark: {rows:N0} rows x {features} features ({features / 2} numeric, {features - (features / 2)} categorical), " +
    $"{Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, median of {repeat} after a warm-up.");
var generation = Stopwatch.StartNew();
var previous = SyntheticData.Create(rows, features, shift: 0, seed: 1);
var current = SyntheticData.Create(rows, features, shift: 1, seed: 2);
Console.WriteLine($"Load average at start: {LoadAverage()} (other processes share these cores; compare ratios, not absolute times).");
Console.WriteLine($"Generated two data sets in {generation.Elapsed.TotalSeconds:F1} s (not timed below).");

var parallel = new StatisticsGenerator();
var sequential = new StatisticsGenerator(new StatisticsOptions { PartitionCount = 1 });
var detector = new DriftDetector();
var previousStatistics = parallel.Compute(previous.Schema, null, previous.Batch, "previous");
var thresholds = current.Schema.ToDictionary(
    f => f.Name,
    f => f.Type == FeatureType.Numeric ? new DistanceThreshold(DistanceMeasure.JensenShannon, 0.05) : new DistanceThreshold(DistanceMeasure.LInfinity, 0.05));

DatasetStatistics? currentStatistics = null;
DriftReport? drift = null;
var results = new List<(string Name, double Seconds, double CpuSeconds, long Allocated)>
{
    Measure("naive baseline: count/mean/min/max, 1 thread", () => NaiveBaseline.Run(current)),
    Measure("full statistics, 1 partition (1 thread)", () => sequential.Compute(current.Schema, null, current.Batch, "current")),
    Measure($"full statistics, {new StatisticsOptions().PartitionCount} partitions + merge", () => currentStatistics = parallel.Compute(current.Schema, null, current.Batch, "current")),
    Measure("drift on the two artifacts (JSD numeric, L-inf categorical)", () => drift = detector.Compare(previousStatistics, currentStatistics!, thresholds)),
    Measure("statistics (partitioned) + drift: the target", () => detector.Compare(previousStatistics, parallel.Compute(current.Schema, null, current.Batch, "current"), thresholds)),
    Measure("schema inference + anomalies", () => new ExampleValidator().Validate(new SchemaInferrer().Infer(previousStatistics), currentStatistics!)),
};

var baseline = results[0].Seconds;
Console.WriteLine();
Console.WriteLine("| step | wall (s) | CPU (s) | rows/s | wall vs naive baseline | allocated (MB) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, seconds, cpu, allocated) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {seconds:F3} | {cpu:F3} | {rows / seconds:N0} | {seconds / baseline:F1}x | {allocated / 1e6:F1} |"));
}

var target = results[4].Seconds;
Console.WriteLine();
Console.WriteLine($"Target (statistics + drift, 1M x 50 under 5 s): {target:F2} s -> {(target < 5 ? "met" : "NOT met")}; " +
    $"parallel speed-up over 1 partition: {results[1].Seconds / results[2].Seconds:F2}x.");
Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (includes the generated data). " +
    $"Statistics artifact: {ValidationJson.Serialize(currentStatistics).Length / 1e3:F0} kB of JSON.");
Console.WriteLine($"Drift: {drift!.Features.Count(f => f.Exceeded)} of {drift.Features.Count} features exceeded their threshold (0.05); " +
    $"largest: {string.Join(", ", drift.Features.OrderByDescending(f => f.Distance).Take(3).Select(f => $"{f.Feature} {f.Measure} {f.Distance:F3} at {f.MostMoved}"))}.");
ReportAccuracy(current, currentStatistics!);

(string, double, double, long) Measure(string name, Action action)
{
    action();
    var times = new List<double>();
    var cpu = new List<double>();
    long allocated = 0;
    for (var i = 0; i < repeat; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        times.Add(watch.Elapsed.TotalSeconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    return (name, times.Order().ElementAt(times.Count / 2), cpu.Order().ElementAt(cpu.Count / 2), allocated);
}

static void ReportAccuracy(SyntheticData data, DatasetStatistics statistics)
{
    // Quantile accuracy on every numeric column against the exact sorted data.
    var worst = 0.0;
    var bound = 0.0;
    for (var f = 0; f < data.Numbers.Length; f++)
    {
        var sorted = data.Numbers[f].Where(v => !double.IsNaN(v)).Order().ToArray();
        var numeric = statistics.Features[f].Numeric!;
        bound = numeric.RankErrorBound;
        foreach (var point in numeric.Quantiles.Skip(1).SkipLast(1))
        {
            var below = (double)LowerBound(sorted, point.Value) / sorted.Length;
            var atMost = (double)UpperBound(sorted, point.Value) / sorted.Length;
            var error = point.Fraction < below ? below - point.Fraction : point.Fraction > atMost ? point.Fraction - atMost : 0;
            worst = Math.Max(worst, error);
        }
    }

    Console.WriteLine($"Decile rank error over all numeric columns: worst {worst:P3} (documented bound {bound:P2}).");
}

static int LowerBound(double[] sorted, double value)
{
    int lo = 0, hi = sorted.Length;
    while (lo < hi)
    {
        var mid = (lo + hi) / 2;
        if (sorted[mid] < value) { lo = mid + 1; } else { hi = mid; }
    }

    return lo;
}

static int UpperBound(double[] sorted, double value)
{
    int lo = 0, hi = sorted.Length;
    while (lo < hi)
    {
        var mid = (lo + hi) / 2;
        if (sorted[mid] <= value) { lo = mid + 1; } else { hi = mid; }
    }

    return lo;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static int Argument(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
