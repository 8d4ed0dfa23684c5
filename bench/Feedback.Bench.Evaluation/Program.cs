using System.Diagnostics;
using System.Globalization;
using Feedback.Bench.Evaluation;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

// Evaluation benchmark. Times, in this process, (1) the overall metrics alone and (2) the full sliced evaluation
// (3 slicing features ≈ 60 slices, 3 fairness thresholds, bootstrap intervals), then runs scikit-learn on the same
// data for the overall AUC, log loss and confusion matrix (Python times itself). Prints a Markdown table.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
Console.WriteLine($"Evaluation benchmark: {options.Rows:N0} binary predictions, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var (data, labels, scores) = SyntheticPredictions.Create(options.Rows, seed: 1234);
var predictions = ModelPredictions.Binary("candidate", scores);
var overallConfig = new EvaluationConfig(TaskKind.BinaryClassification, bootstrap: new BootstrapOptions(0));
var slicedConfig = new EvaluationConfig(
    TaskKind.BinaryClassification,
    slices: [new(["country"]), new(["device"]), new(["ageBand"])],
    fairnessThresholds: [0.25, 0.5, 0.75],
    bootstrap: new BootstrapOptions(options.BootstrapSamples));

// Warm up the JIT on a small slice of the data so the timings are steady-state.
var warm = SyntheticPredictions.Create(20_000, seed: 1);
new ModelEvaluator(slicedConfig).Evaluate(warm.Data, ModelPredictions.Binary("w", warm.Scores));

var (overallSeconds, overallAllocated, overall) = Measure(options.Repeat, () => new ModelEvaluator(overallConfig).Evaluate(data, predictions));
var (slicedSeconds, slicedAllocated, sliced) = Measure(options.Repeat, () => new ModelEvaluator(slicedConfig).Evaluate(data, predictions));
var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

var o = sliced.Candidate.Overall;
Console.WriteLine($"slices: {sliced.Candidate.Slices.Count} (incl. overall), suppressed {sliced.Candidate.SuppressedSlices.Count}");
Console.WriteLine($"overall AUC {o.Metrics[MetricNames.Auc].Value:F6} [{o.Metrics[MetricNames.Auc].Interval?.Lower:F6}, {o.Metrics[MetricNames.Auc].Interval?.Upper:F6}], log loss {o.Metrics[MetricNames.LogLoss].Value:F6}");

var sklearn = options.SkipPython ? null : SklearnResult.Run(options.Python, labels, scores);
var rows = new List<string[]>
{
    new[] { "Overall metrics (no slices, no bootstrap)", $"{overallSeconds:F3} s", $"{overallAllocated:F0} MB", sklearn is null ? "—" : $"≤ scikit-learn {sklearn.Seconds:F3} s ({sklearn.Seconds / overallSeconds:F2}× ours)", sklearn is null ? "n/a" : Verdict(overallSeconds <= sklearn.Seconds) },
    new[] { $"Full sliced evaluation ({sliced.Candidate.Slices.Count - 1} slices, 3 fairness thresholds, {options.BootstrapSamples} bootstrap samples)", $"{slicedSeconds:F3} s", $"{slicedAllocated:F0} MB", "< 3 s", Verdict(slicedSeconds < 3) },
    new[] { "Sliced ÷ overall (same run)", $"{slicedSeconds / overallSeconds:F2}×", "", "", "" },
};
if (sklearn is not null)
{
    var aucDiff = Math.Abs(sklearn.Auc - overall.Candidate.Overall.Metrics[MetricNames.Auc].Value!.Value);
    var lossDiff = Math.Abs(sklearn.LogLoss - overall.Candidate.Overall.Metrics[MetricNames.LogLoss].Value!.Value);
    var m = overall.Candidate.Overall.Metrics;
    var confusionSame = sklearn.Confusion.SequenceEqual(new[] { MetricNames.TruePositives, MetricNames.FalsePositives, MetricNames.TrueNegatives, MetricNames.FalseNegatives }.Select(n => (long)m[n].Value!.Value));
    rows.Add(["scikit-learn: AUC + log loss + confusion matrix", $"{sklearn.Seconds:F3} s", $"peak RSS {sklearn.MaxRssMb:F0} MB", "", ""]);
    rows.Add(["Same AUC / log loss / confusion as scikit-learn", $"AUC diff {aucDiff:E1}, log-loss diff {lossDiff:E1}, confusion {(confusionSame ? "equal" : "DIFFERENT")}", "", "≤ 1e-9, equal", Verdict(aucDiff <= 1e-9 && lossDiff <= 1e-9 && confusionSame)]);
}

Console.WriteLine();
Console.WriteLine($"Peak working set of this process: {peakMb:F0} MB (data, both evaluations, and their results)");
Console.WriteLine();
Console.WriteLine("| Measurement | Time (best of " + options.Repeat + ") | Allocated | Target | Result |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var row in rows)
{
    Console.WriteLine("| " + string.Join(" | ", row) + " |");
}

return rows.Any(r => r[4] == "FAIL") ? 1 : 0;

static (double Seconds, double AllocatedMb, EvaluationResult Result) Measure(int repeat, Func<EvaluationResult> run)
{
    var best = double.MaxValue;
    double allocated = 0;
    EvaluationResult? result = null;
    for (var i = 0; i < repeat; i++)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        result = run();
        watch.Stop();
        allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0;
        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }

    return (best, allocated, result!);
}

static string Verdict(bool pass) => pass ? "PASS" : "FAIL";
