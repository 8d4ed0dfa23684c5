using System.Text.Json;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Labels;

/// <summary>Accuracy of the predictions one model version served (or that were logged under it) against their resolved labels.</summary>
/// <param name="ModelVersion">Null for predictions logged from a model served elsewhere.</param>
/// <param name="Accuracy">Correct / examples; null without examples.</param>
public sealed record LiveAccuracy(int? ModelVersion, int Examples, int Correct, double? Accuracy);

/// <summary>The resolved label of one prediction, as the prediction endpoint shows it.</summary>
public sealed record ResolvedLabelResource(
    string Label, string Source, double Confidence, double Weight, IReadOnlyList<string> Evidence, IReadOnlyList<LabelConflict> Conflicts,
    DateTimeOffset LabeledAt);

/// <summary>Read side of the join: per-model counts, live accuracy per model version, one prediction's label.</summary>
public sealed class LabelStatistics(FeedbackDbContext context)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new LabelSourceJsonConverter() } };

    /// <summary>The counts of the model's last join run; all zero before the first.</summary>
    public async Task<LabelCounts> CountsAsync(long modelId, CancellationToken ct)
    {
        var state = await context.LabelJoinStates.Where(s => s.ModelId == modelId)
            .Select(s => new LabelCounts(s.Predictions, s.WithFeedback, s.Labeled, s.Conflicts, s.Orphans, s.NeedsAnnotation, s.LastRunAt))
            .SingleOrDefaultAsync(ct);
        return state ?? LabelCounts.Empty;
    }

    /// <summary>Per model version, how many predictions served since <paramref name="since"/> have a resolved label and how
    /// many of those the model got right (predicted label equals resolved label). Meant for classifiers.</summary>
    public async Task<IReadOnlyList<LiveAccuracy>> LiveAccuracyAsync(long modelId, DateTimeOffset since, CancellationToken ct)
    {
        var groups = await context.LabeledExamples
            .Where(l => l.ModelId == modelId && l.ServedAt >= since && l.PredictedLabel != null)
            .GroupBy(l => l.ModelVersion)
            .Select(g => new { Version = g.Key, Examples = g.Count(), Correct = g.Count(l => l.Label == l.PredictedLabel) })
            .ToListAsync(ct);
        return [.. groups.OrderBy(g => g.Version ?? int.MinValue)
            .Select(g => new LiveAccuracy(g.Version, g.Examples, g.Correct, g.Examples == 0 ? null : (double)g.Correct / g.Examples))];
    }

    /// <summary>The resolved label of one tracking ID, or null when it has none.</summary>
    public async Task<ResolvedLabelResource?> FindAsync(string trackingId, CancellationToken ct)
    {
        var row = await context.LabeledExamples.SingleOrDefaultAsync(l => l.TrackingId == trackingId, ct);
        return row is null ? null : ToResource(row);
    }

    /// <summary>A stored row as the API shows it.</summary>
    public static ResolvedLabelResource ToResource(LabeledExample row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ResolvedLabelResource(row.Label, row.LabelSource, row.Confidence, row.Weight,
            JsonSerializer.Deserialize<string[]>(row.Evidence, Json) ?? [], JsonSerializer.Deserialize<LabelConflict[]>(row.Conflicts, Json) ?? [], row.LabeledAt);
    }
}
