using System.Diagnostics;
using System.Globalization;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;

namespace Feedback.Bench.Pipeline;

/// <summary>Prints the Markdown tables: per-step times of both runs next to the ML work alone, the overhead ratio,
/// memory, and the untimed-by-the-pipeline loading and label joins.</summary>
internal static class Report
{
    public static void Print(
        DatabaseProvider provider,
        bool viaJobs,
        int rows,
        int newExamples,
        (double Load1, double Join1, double Load2, double Join2) preparation,
        MeasuredRun run1,
        MeasuredRun run2,
        (MlTimes Times, long PeakManagedBytes) ml1,
        (MlTimes Times, long PeakManagedBytes) ml2,
        ExampleGenParts parts)
    {
        var w = Console.Out;
        w.WriteLine();
        w.WriteLine(Invariant($"### Pipeline runs on {provider} ({(viaJobs ? "Hangfire step jobs" : "executor called directly")}): run 1 over {rows:N0} labeled predictions, run 2 after {newExamples:N0} more"));
        w.WriteLine();
        w.WriteLine("| step | run 1 | run 1 (s) | run 2 | run 2 (s) | ML alone, run 1 (s) | ML alone, run 2 (s) |");
        w.WriteLine("|---|---|--:|---|--:|--:|--:|");
        foreach (var name in PipelineStepNames.InOrder)
        {
            var (a, b) = (run1.Step(name), run2.Step(name));
            var (ml1Seconds, ml2Seconds) = name switch
            {
                PipelineStepNames.Transform => (S(ml1.Times.Transform), S(ml2.Times.Transform)),
                PipelineStepNames.Trainer => (S(ml1.Times.Train), S(ml2.Times.Train)),
                PipelineStepNames.Evaluator => (S(ml1.Times.Evaluate), S(ml2.Times.Evaluate)),
                _ => (string.Empty, string.Empty),
            };
            w.WriteLine(Invariant($"| {name} | {Status(a.Status)} | {a.Seconds:F2} | {Status(b.Status)} | {b.Seconds:F2} | {ml1Seconds} | {ml2Seconds} |"));
        }

        w.WriteLine(Invariant($"| **sum of steps** (`run_steps`) | | **{run1.StepSeconds:F2}** | | **{run2.StepSeconds:F2}** | **{ml1.Times.Total:F2}** | **{ml2.Times.Total:F2}** |"));
        w.WriteLine(Invariant($"| `RunLauncher.StartAsync` | | {run1.StartSeconds:F2} | | {run2.StartSeconds:F2} | | |"));
        w.WriteLine(Invariant($"| execution (wall: {(viaJobs ? "first job enqueued to run ended" : "`RunExecutor.ExecuteAsync`")}) | | {run1.ExecuteSeconds:F2} | | {run2.ExecuteSeconds:F2} | | |"));
        w.WriteLine(Invariant($"| execution overhead (wall − sum of steps; share of wall) | | {run1.ExecuteSeconds - run1.StepSeconds:F2} ({(run1.ExecuteSeconds - run1.StepSeconds) / run1.ExecuteSeconds:P1}) | | {run2.ExecuteSeconds - run2.StepSeconds:F2} ({(run2.ExecuteSeconds - run2.StepSeconds) / run2.ExecuteSeconds:P1}) | | |"));
        w.WriteLine(Invariant($"| **pipeline / ML alone** (start + execute) | | **{(run1.StartSeconds + run1.ExecuteSeconds) / ml1.Times.Total:F1}×** | | **{(run2.StartSeconds + run2.ExecuteSeconds) / ml2.Times.Total:F1}×** | 1.0× | 1.0× |"));
        w.WriteLine(Invariant($"| Transform + Trainer + Evaluator / ML alone | | {Ml(run1) / ml1.Times.Total:F1}× | | {Ml(run2) / ml2.Times.Total:F1}× | | |"));
        w.WriteLine(Invariant($"| peak managed heap (MB) | | {Mb(run1.PeakManagedBytes)} | | {Mb(run2.PeakManagedBytes)} | {Mb(ml1.PeakManagedBytes)} | {Mb(ml2.PeakManagedBytes)} |"));
        w.WriteLine();

        w.WriteLine(Invariant($"- Run 1: {run1.Status} ({run1.Outcome}), {run1.SummaryValue(PipelineStepNames.ExampleGen, "train")} train / {run1.SummaryValue(PipelineStepNames.ExampleGen, "eval")} eval examples, {run1.SummaryValue(PipelineStepNames.Trainer, "columns")} columns, warm start {run1.SummaryValue(PipelineStepNames.Trainer, "warmStart")}, {run1.SummaryValue(PipelineStepNames.Trainer, "iterations")} iterations (ML alone: {ml1.Times.Iterations}). {run1.Error}"));
        w.WriteLine(Invariant($"- Run 2: {run2.Status} ({run2.Outcome}), {run2.SummaryValue(PipelineStepNames.ExampleGen, "train")} train / {run2.SummaryValue(PipelineStepNames.ExampleGen, "eval")} eval examples, warm start {run2.SummaryValue(PipelineStepNames.Trainer, "warmStart")}, {run2.SummaryValue(PipelineStepNames.Trainer, "iterations")} iterations (ML alone: {ml2.Times.Iterations}); cached steps: {string.Join(", ", run2.Steps.Where(s => s.Status == StepStatus.Cached).Select(s => s.Name).DefaultIfEmpty("none"))}. {run2.Error}"));
        w.WriteLine(Invariant($"- Building the train and eval tables from the snapshot (outside the baseline; the Transform and Trainer steps each build the train table, the Evaluator the eval table): {ml1.Times.Tables:F2} s for run 1's examples, {ml2.Times.Tables:F2} s for run 2's."));
        w.WriteLine(Invariant($"- Not part of the runs: loading {rows:N0} predictions + {rows:N0} events through `IIngestionStore` {preparation.Load1:F1} s, label join {preparation.Join1:F1} s; {newExamples:N0} more {preparation.Load2:F1} s, incremental join {preparation.Join2:F1} s."));
        w.WriteLine();
        w.WriteLine(Invariant($"ExampleGen's parts, repeated after run 2 over its {parts.Rows:N0} examples (the step took {run2.Step(PipelineStepNames.ExampleGen).Seconds:F2} s in run 2):"));
        w.WriteLine();
        w.WriteLine("| part | seconds | share |");
        w.WriteLine("|---|--:|--:|");
        foreach (var (name, seconds) in new[]
        {
            ("read labeled examples + parse inputs (`LabeledExampleReader`, `FeatureValueJson`)", parts.Read),
            (Invariant($"serialise the snapshot (gzip JSON lines, {parts.SnapshotBytes / 1024.0 / 1024.0:F1} MB)"), parts.Serialize),
            ("store the snapshot blob (`ArtifactStore.PutAsync`)", parts.ArtifactWrite),
            (Invariant($"lineage index, {parts.Rows:N0} rows (`SnapshotIndex.WriteAsync`)"), parts.IndexWrite),
            (Invariant($"serving sample, {parts.ServingRows:N0} rows (query + serialise)"), parts.ServingSample),
        })
        {
            w.WriteLine(Invariant($"| {name} | {seconds:F2} | {seconds / parts.Total:P0} |"));
        }

        w.WriteLine(Invariant($"| **total** | **{parts.Total:F2}** | |"));
        w.WriteLine();
        using var process = Process.GetCurrentProcess();
        w.WriteLine(Invariant($"- Process peak working set {Mb(process.PeakWorkingSet64)} MB; {Environment.ProcessorCount} cores; GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F1} s in all."));
    }

    private static double Ml(MeasuredRun run) =>
        run.Step(PipelineStepNames.Transform).Seconds + run.Step(PipelineStepNames.Trainer).Seconds + run.Step(PipelineStepNames.Evaluator).Seconds;

    private static string S(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture);

    private static string Status(StepStatus status) => status.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
