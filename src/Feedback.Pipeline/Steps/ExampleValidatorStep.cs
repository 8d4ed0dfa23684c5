using System.Text;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Ml.Validation;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Steps;

/// <summary>Checks both splits against the schema, the training data against the previous run's (drift) and against
/// serving traffic (skew). An error-severity anomaly stops the run; drift, skew and other warnings are recorded
/// (SPEC §5.4).</summary>
public sealed class ExampleValidatorStep : IPipelineStep
{
    private static readonly AnomalyOptions Options = new() { DriftSeverity = AnomalySeverity.Warning, SkewSeverity = AnomalySeverity.Warning };

    public string Name => PipelineStepNames.ExampleValidator;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inputs = new List<RunArtifact>
        {
            await context.RequireAsync(ArtifactKinds.Schema, cancellationToken),
            await context.RequireAsync(ArtifactKinds.Statistics, cancellationToken),
        };
        var db = context.Services.GetRequiredService<FeedbackDbContext>();
        var previous = await db.RunArtifacts.AsNoTracking()
            .Where(a => a.ModelId == context.Model.Id && a.Kind == ArtifactKinds.Statistics && a.RunId != context.Run.Id)
            .Join(db.PipelineRuns.Where(r => r.Status == RunStatus.Succeeded), a => a.RunId, r => r.Id, (a, _) => a)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (previous is not null)
        {
            inputs.Add(previous);
        }

        return inputs;
    }

    public string? CacheKey(StepContext context) => "anomalies-v1";

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var schema = ValidationJson.Deserialize<DataSchema>(await TextAsync(context, inputs[0], cancellationToken));
        var statistics = ValidationJson.Deserialize<PipelineStatistics>(await TextAsync(context, inputs[1], cancellationToken));
        var previous = inputs.Count > 2 ? ValidationJson.Deserialize<PipelineStatistics>(await TextAsync(context, inputs[2], cancellationToken)) : null;

        var detector = new DriftDetector();
        var comparisons = new List<DriftReport>();
        if (previous is not null)
        {
            comparisons.Add(detector.CompareDrift(schema, previous.Train, statistics.Train));
        }

        if (statistics.Serving is { } serving)
        {
            comparisons.Add(detector.CompareSkew(schema, statistics.Train, serving));
        }

        var validator = new ExampleValidator(Options);
        var report = new ValidationReport(
            validator.Validate(schema, statistics.Train, [.. comparisons]),
            validator.Validate(schema, statistics.Eval),
            comparisons);
        await context.WriteAsync(ArtifactKinds.Anomalies, "application/json", Encoding.UTF8.GetBytes(ValidationJson.Serialize(report)), cancellationToken);

        var errors = report.Train.Anomalies.Concat(report.Eval.Anomalies).Where(a => a.Severity == AnomalySeverity.Error).ToList();
        var warnings = report.Train.Anomalies.Concat(report.Eval.Anomalies).Count(a => a.Severity != AnomalySeverity.Error);
        foreach (var anomaly in report.Train.Anomalies.Concat(report.Eval.Anomalies))
        {
            await context.LogAsync($"{anomaly.Severity} {anomaly.Kind} on '{anomaly.Feature}': {anomaly.Description}", anomaly.Severity == AnomalySeverity.Error ? "error" : "warning");
        }

        if (errors.Count > 0)
        {
            throw new StepFailedException($"Data validation found {errors.Count} error(s): " + string.Join("; ", errors.Select(a => $"{a.Kind} on '{a.Feature}': {a.Description}")));
        }

        return StepResult.Continue(new
        {
            errors = 0,
            warnings,
            drift = comparisons.Where(c => c.Kind == ComparisonKind.Drift).SelectMany(c => c.Features).Select(f => new { f.Feature, f.Measure, f.Distance, f.Threshold, f.Exceeded }),
            skew = comparisons.Where(c => c.Kind == ComparisonKind.Skew).SelectMany(c => c.Features).Select(f => new { f.Feature, f.Measure, f.Distance, f.Threshold, f.Exceeded }),
        });
    }

    private static async Task<string> TextAsync(StepContext context, RunArtifact artifact, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await context.Artifacts.ContentAsync(artifact, cancellationToken));
}

/// <summary>The ExampleValidator artifact.</summary>
public sealed record ValidationReport(AnomalyReport Train, AnomalyReport Eval, IReadOnlyList<DriftReport> Comparisons);
