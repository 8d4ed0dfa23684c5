using System.Text.Json.Serialization;

namespace Feedback.Client;

/// <summary>One feedback event, as the API takes it (SPEC §2). Build it with the factory methods.</summary>
public sealed record FeedbackEvent
{
    /// <summary>The prediction the feedback is about.</summary>
    public required string TrackingId { get; init; }

    /// <summary>Your idempotency key: resending an event with the same ID is a no-op. Generated when omitted.</summary>
    public string EventId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary><c>rating</c>, <c>correction</c>, <c>action</c>, <c>outcome</c> or <c>harm</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>A rating (number, or <c>up</c>/<c>down</c>) or an action's value.</summary>
    public object? Value { get; init; }

    /// <summary>The true label (corrections, outcomes).</summary>
    public string? Label { get; init; }

    /// <summary>The action a user took (<c>click</c>, <c>purchase</c>…).</summary>
    public string? Action { get; init; }

    /// <summary>Harm reports: the category and severity.</summary>
    public string? Category { get; init; }

    /// <inheritdoc cref="Category"/>
    public string? Severity { get; init; }

    /// <summary>The end user the event comes from (rate limits, quarantine, erasure).</summary>
    public string? Subject { get; init; }

    /// <summary>Free text; the server scrubs e-mail addresses, phone and card numbers.</summary>
    public string? Comment { get; init; }

    /// <summary>When it happened; the server's receipt time when omitted.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    public static FeedbackEvent Rating(string trackingId, double value) => new() { TrackingId = trackingId, Kind = "rating", Value = value };

    public static FeedbackEvent ThumbsUp(string trackingId) => new() { TrackingId = trackingId, Kind = "rating", Value = "up" };

    public static FeedbackEvent ThumbsDown(string trackingId) => new() { TrackingId = trackingId, Kind = "rating", Value = "down" };

    public static FeedbackEvent Correction(string trackingId, string label) => new() { TrackingId = trackingId, Kind = "correction", Label = label };

    public static FeedbackEvent Outcome(string trackingId, string label) => new() { TrackingId = trackingId, Kind = "outcome", Label = label };

    public static FeedbackEvent UserAction(string trackingId, string action, double? value = null) =>
        new() { TrackingId = trackingId, Kind = "action", Action = action, Value = value };

    public static FeedbackEvent Harm(string trackingId, string category, string severity, string? comment = null) =>
        new() { TrackingId = trackingId, Kind = "harm", Category = category, Severity = severity, Comment = comment };
}

/// <summary>What the server did with a batch of events.</summary>
public sealed record FeedbackResult(int Created, int Duplicates);

/// <summary>One prediction to log (made by your own model).</summary>
public sealed record PredictionRecord
{
    public string? TrackingId { get; init; }

    public required IReadOnlyDictionary<string, object?> Inputs { get; init; }

    public PredictionOutputs? Outputs { get; init; }

    public string? Subject { get; init; }

    public DateTimeOffset? ServedAt { get; init; }
}

public sealed record PredictionOutputs(object? Label, IReadOnlyDictionary<string, double>? Scores = null);

/// <summary>A served prediction.</summary>
public sealed record ServedPrediction(string TrackingId, string? Label, IReadOnlyDictionary<string, double>? Scores, double? Value, bool Exploration);

/// <summary>The answer of <c>:predict</c>.</summary>
public sealed record PredictResult(string Model, int Version, IReadOnlyList<ServedPrediction> Predictions);

/// <summary>The wire format: web defaults (camelCase), nulls left out.</summary>
internal static class ClientJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal sealed record FeedbackBatch(IReadOnlyList<FeedbackEvent> Events);

internal sealed record PredictionBatch(string? Version, IReadOnlyList<PredictionRecord> Predictions);

internal sealed record PredictRequest(IReadOnlyList<IReadOnlyDictionary<string, object?>> Instances, string? Subject);
