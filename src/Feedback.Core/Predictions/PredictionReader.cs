using System.Text.Json;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Predictions;

public sealed record FeedbackEventResource(
    string EventId,
    string Source,
    string Kind,
    JsonElement? Value,
    string? Label,
    string? Action,
    string? Category,
    string? Severity,
    string? Subject,
    string? Comment,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt);

public sealed record PredictionOutputs(string? Label, JsonElement? Scores);

public sealed record PredictionResource(
    string TrackingId,
    string Model,
    int? ModelVersion,
    string? VersionTag,
    JsonElement Inputs,
    PredictionOutputs Outputs,
    string? Subject,
    bool Exploration,
    string Origin,
    DateTimeOffset ServedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<FeedbackEventResource> Feedback,
    ResolvedLabelResource? ResolvedLabel);

/// <summary>Reads one prediction with every feedback event that names its tracking ID, including events that
/// arrived before the prediction did, and its resolved label as of the last join run.</summary>
public sealed class PredictionReader(FeedbackDbContext context)
{
    public async Task<PredictionResource?> FindAsync(string modelName, string trackingId, CancellationToken cancellationToken)
    {
        var found = await (
            from p in context.Predictions
            join m in context.Models on p.ModelId equals m.Id
            where p.TrackingId == trackingId && m.Name == modelName
            select p).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var events = await context.FeedbackEvents.Where(e => e.TrackingId == trackingId)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var label = await context.LabeledExamples.SingleOrDefaultAsync(l => l.TrackingId == trackingId, cancellationToken);

        return new PredictionResource(
            found.TrackingId,
            modelName,
            found.ModelVersion,
            found.VersionTag,
            Parse(found.Inputs)!.Value,
            new PredictionOutputs(found.OutputLabel, Parse(found.OutputScores)),
            found.Subject,
            found.Exploration,
            found.Origin.ToString().ToLowerInvariant(),
            found.ServedAt,
            found.ReceivedAt,
            found.ExpiresAt,
            events.Select(ToResource).ToList(),
            label is null ? null : LabelStatistics.ToResource(label));
    }

    private static FeedbackEventResource ToResource(FeedbackEvent e) => new(
        e.EventId,
        e.Source,
        e.Kind.ToString().ToLowerInvariant(),
        e.ValueText is not null ? JsonSerializer.SerializeToElement(e.ValueText) : e.ValueNumber is { } n ? JsonSerializer.SerializeToElement(n) : null,
        e.Label,
        e.Action,
        e.Category,
        e.Severity,
        e.Subject,
        e.Comment,
        e.OccurredAt,
        e.ReceivedAt);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
