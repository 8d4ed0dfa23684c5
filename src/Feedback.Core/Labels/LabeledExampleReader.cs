using System.Runtime.CompilerServices;
using System.Text.Json;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Labels;

/// <summary>One labeled example as training reads it: the prediction's inputs with its resolved label.</summary>
public sealed record LabeledExampleRow(string TrackingId, string InputsJson, string Label, double Weight,
    double Confidence, LabelSource Source, IReadOnlyList<string> EvidenceIds, string? PredictedLabel,
    int? ModelVersion, bool Exploration, string? Subject, DateTimeOffset ServedAt, DateTimeOffset LabeledAt);

/// <summary>Reads labeled examples for the training pipeline (ExampleGen, SPEC §5).</summary>
public sealed class LabeledExampleReader(FeedbackDbContext context)
{
    /// <summary>A model's labeled examples in tracking-ID order, streamed from the database without materialising
    /// the set. <paramref name="servedSince"/> null means all; otherwise predictions served at or after it.</summary>
    public async IAsyncEnumerable<LabeledExampleRow> ReadAsync(long modelId, DateTimeOffset? servedSince, [EnumeratorCancellation] CancellationToken ct)
    {
        var query =
            from l in context.LabeledExamples
            join p in context.Predictions on l.PredictionId equals p.Id
            where l.ModelId == modelId && (servedSince == null || l.ServedAt >= servedSince)
            orderby l.TrackingId
            select new { l.TrackingId, p.Inputs, l.Label, l.Weight, l.Confidence, l.LabelSource, l.Evidence, l.PredictedLabel, l.ModelVersion, p.Exploration, p.Subject, l.ServedAt, l.LabeledAt };
        await foreach (var r in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return new LabeledExampleRow(r.TrackingId, r.Inputs, r.Label, r.Weight, r.Confidence, LabelSourceNames.Parse(r.LabelSource),
                JsonSerializer.Deserialize<string[]>(r.Evidence) ?? [], r.PredictedLabel, r.ModelVersion, r.Exploration, r.Subject, r.ServedAt, r.LabeledAt);
        }
    }

    /// <summary>How many of a model's examples got their current label after <paramref name="labeledAfter"/> (new labels
    /// and changed ones), e.g. to decide whether enough new labels arrived to retrain.</summary>
    public Task<int> CountLabeledSinceAsync(long modelId, DateTimeOffset labeledAfter, CancellationToken ct) =>
        context.LabeledExamples.CountAsync(l => l.ModelId == modelId && l.LabeledAt > labeledAfter, ct);
}
