using Feedback.Core.Access;
using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Core.Storage.Ingestion;
using Microsoft.Extensions.Options;

namespace Feedback.Core.FeedbackEvents;

public sealed record RecordedEvent(string EventId, string Status, bool Linked);

public sealed record FeedbackResult(int Created, int Duplicates, IReadOnlyList<RecordedEvent> Events);

/// <summary>Stores feedback events: all-or-nothing per request, idempotent on (source, event ID), kept even when the
/// tracking ID is not known yet (the prediction may arrive later; the tracking ID is the link).</summary>
public sealed class FeedbackRecorder(
    ModelDefinitionCache models,
    IIngestionStore store,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    IngestionMetrics metrics,
    FeedbackQuarantine quarantine)
{
    /// <param name="bareEvent">The request carried one bare event: errors then name its fields without an <c>events[i]</c> prefix.</param>
    public async Task<FeedbackResult> RecordAsync(IReadOnlyList<FeedbackEventInput?> events, bool bareEvent, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(caller);
        var limits = options.Value;
        if (events.Count == 0)
        {
            throw new InvalidInputException("events", "at least one event is required");
        }

        if (events.Count > limits.MaxBatchSize)
        {
            throw new PayloadTooLargeException("events", $"events: {events.Count} events exceed the limit of {limits.MaxBatchSize} per request; split the batch");
        }

        var now = timeProvider.GetUtcNow();
        var errors = new FieldErrors();
        var rows = new FeedbackEvent[events.Count];
        var paths = new string[events.Count];
        var firstIndexByKey = new Dictionary<(string, string), int>(events.Count);
        for (var i = 0; i < events.Count && !errors.IsFull; i++)
        {
            paths[i] = bareEvent ? string.Empty : $"events[{i}]";
            var row = FeedbackEventValidator.Validate(events[i], paths[i], caller.Source, now, limits.ClockSkewTolerance, errors);
            if (row is not null && !firstIndexByKey.TryAdd((row.Source, row.EventId), i))
            {
                errors.Add(FieldPath.Join(paths[i], "eventId"), $"'{row.EventId}' also appears at events[{firstIndexByKey[(row.Source, row.EventId)]}]");
            }

            rows[i] = row!;
        }

        errors.ThrowIfAny();

        var known = await store.FindPredictionModelsAsync(rows.Select(r => r.TrackingId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        for (var i = 0; i < rows.Length && !errors.IsFull; i++)
        {
            if (!known.TryGetValue(rows[i].TrackingId, out var modelId)
                || await models.FindByIdAsync(modelId, cancellationToken) is not { } model)
            {
                continue;
            }

            caller.EnsureCanAccess(model.Definition.Name);
            CheckAgainstModel(rows[i], model.Definition, paths[i], errors);
        }

        errors.ThrowIfAny();

        var scope = FeedbackEvent.ScopeOf(caller.Models);
        foreach (var row in rows)
        {
            row.ModelScope = scope;
        }

        await quarantine.HoldBurstsAsync(rows, now, cancellationToken);

        var outcome = await store.InsertFeedbackAsync(rows, cancellationToken);
        if (!outcome.Committed)
        {
            var index = Array.IndexOf(outcome.Rows, RowOutcome.Conflict);
            throw new ConflictException(FieldPath.Join(paths[index], "eventId"),
                $"Event '{rows[index].EventId}' (source '{rows[index].Source}') was already recorded with different content; nothing from this request was stored.");
        }

        var results = new RecordedEvent[rows.Length];
        var created = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var isCreated = outcome.Rows[i] == RowOutcome.Created;
            created += isCreated ? 1 : 0;
            results[i] = new RecordedEvent(rows[i].EventId, isCreated ? "created" : "duplicate", known.ContainsKey(rows[i].TrackingId));
        }

        metrics.FeedbackRecorded(created, rows.Length - created);
        return new FeedbackResult(created, rows.Length - created, results);
    }

    /// <summary>Rules that need the model: a correction or outcome must name one of its classes (or be a number for regression).</summary>
    private static void CheckAgainstModel(FeedbackEvent row, ModelDefinition definition, string path, FieldErrors errors)
    {
        if (row.Label is null)
        {
            return;
        }

        if (definition.IsClassifier && !definition.HasClass(row.Label))
        {
            errors.Add(FieldPath.Join(path, "label"), $"'{row.Label}' is not a class of model '{definition.Name}' ({string.Join(", ", definition.LabelClasses)})");
        }
        else if (!definition.IsClassifier && !double.TryParse(row.Label, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            errors.Add(FieldPath.Join(path, "label"), $"must be a number: model '{definition.Name}' is a regression model");
        }
    }
}
