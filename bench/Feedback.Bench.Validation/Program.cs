using System.Diagnostics;
using System.Globalization;
using Feedback.Bench.Validation;
using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

// Usage: dotnet run -c Release -- [--rows 1000000] [--features 50] [--repeat 5]
var rows = Argument(args, "--rows", 1_000_000);
var features = Argument(args, "--features", 50);
var repeat = Argument(args, "--repeat", 5);

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
(string Name, Action Run)[] steps =
[
    ("naive baseline: count/mean/min/max, 1 thread", () => NaiveBaseline.Run(current)),
    ("naive baseline, parallel over columns", () => NaiveBaseline.RunParallel(current)),
    // Calibration: a CPU-bound loop once per core, run in turn and then in parallel (the ratio is the parallelism
    // this process is actually given; other processes on the machine can take it away).
    ("calibration: CPU-bound loop, one per core, one after another", () => Calibration.Sequential()),
    ("calibration: the same loops in parallel", () => Calibration.Parallel()),
    ("full statistics, 1 partition (1 thread)", () => sequential.Compute(current.Schema, null, current.Batch, "current")),
    ($"full statistics, {new StatisticsOptions().PartitionCount} partitions + merge", () => currentStatistics = parallel.Compute(current.Schema, null, current.Batch, "current")),
    ("drift on the two artifacts (JSD numeric, L-inf categorical)", () => drift = detector.Compare(previousStatistics, currentStatistics!, thresholds)),
    // The previous snapshot's statistics are an artifact of the previous run, so only the current side is computed.
    ("statistics (partitioned) + drift: the target", () => detector.Compare(previousStatistics, parallel.Compute(current.Schema, null, current.Batch, "current"), thresholds)),
    ("schema inference + anomalies", () => new ExampleValidator().Validate(new SchemaInferrer().Infer(previousStatistics), currentStatistics!)),
];
var results = MeasureInterleaved(steps, repeat);

var baseline = results[0].Seconds;
Console.WriteLine();
Console.WriteLine("| step | wall (s) | CPU (s) | rows/s | wall vs naive baseline | allocated (MB) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, seconds, cpu, allocated) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {seconds:F3} | {cpu:F3} | {rows / seconds:N0} | {seconds / baseline:F1}x | {allocated / 1e6:F1} |"));
}

var target = results[7].Seconds;
Console.WriteLine();
Console.WriteLine($"Target (statistics + drift, 1M x 50 under 5 s): {target:F2} s -> {(target < 5 ? "met" : "NOT met")}; " +
    $"parallel speed-up over 1 partition: {results[4].Seconds / results[5].Seconds:F2}x; the machine gave this process " +
    $"{results[2].Seconds / results[3].Seconds:F2}x parallelism on the calibration loop (ideal {Environment.ProcessorCount}x).");
Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB, of which the two generated data sets' " +
    $"column arrays are {2.0 * rows * features * 8 / 1e6:F0} MB. " +
    $"Statistics artifact: {ValidationJson.Serialize(currentStatistics).Length / 1e3:F0} kB of JSON.");
Console.WriteLine($"Drift: {drift!.Features.Count(f => f.Exceeded)} of {drift.Features.Count} features exceeded their threshold (0.05); " +
    $"largest: {string.Join(", ", drift.Features.OrderByDescending(f => f.Distance).Take(3).Select(f => $"{f.Feature} {f.Measure} {f.Distance:F3} at {f.MostMoved}"))}.");
ReportAccuracy(current, currentStatistics!);

// Rounds run every step once, in turn, so a burst of load from other processes hits all steps alike rather than
// one step's repetitions; each step reports its median.
static List<(string Name, double Seconds, double CpuSeconds, long Allocated)> MeasureInterleaved((string Name, Action Run)[] steps, int repeat)
{
    foreach (var step in steps)
    {
        step.Run();
    }

    var samples = steps.Select(_ => new List<(double Wall, double Cpu, long Allocated)>()).ToArray();
    for (var round = 0; round < repeat; round++)
    {
        for (var s = 0; s < steps.Length; s++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            steps[s].Run();
            var wall = watch.Elapsed.TotalSeconds;
            samples[s].Add((wall, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - before));
        }
    }

    return [.. steps.Select((step, s) => (step.Name, Median(samples[s].Select(x => x.Wall)), Median(samples[s].Select(x => x.Cpu)), samples[s][^1].Allocated))];
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
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
