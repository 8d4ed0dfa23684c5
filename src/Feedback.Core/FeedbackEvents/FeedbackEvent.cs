namespace Feedback.Core.FeedbackEvents;

/// <summary>Something learned after a prediction (SPEC §1), keyed by tracking ID and idempotent on (source, event ID).</summary>
/// <remarks>The link to the prediction is the tracking ID itself, so feedback that arrives before its prediction
/// needs no later update: it is joined the moment the prediction exists.</remarks>
public sealed class FeedbackEvent
{
    public long Id { get; set; }

    /// <summary>Namespace of <see cref="EventId"/>: the event's <c>source</c> field, else the API key's source.</summary>
    public required string Source { get; set; }

    public required string EventId { get; set; }

    public required string TrackingId { get; set; }

    public FeedbackKind Kind { get; set; }

    /// <summary>Numeric value: star rating (1–5) or an action's value (e.g. dwell seconds).</summary>
    public double? ValueNumber { get; set; }

    /// <summary>Textual value: <c>up</c> or <c>down</c> for thumbs ratings.</summary>
    public string? ValueText { get; set; }

    /// <summary>The true label of a correction or outcome.</summary>
    public string? Label { get; set; }

    /// <summary>The action name of an implicit <see cref="FeedbackKind.Action"/> event.</summary>
    public string? Action { get; set; }

    /// <summary>Harm report category.</summary>
    public string? Category { get; set; }

    /// <summary>Harm report severity: low, medium, high or critical.</summary>
    public string? Severity { get; set; }

    public string? Subject { get; set; }

    /// <summary>Free text, scrubbed of e-mail addresses, phone and card numbers before storage.</summary>
    public string? Comment { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public required byte[] ContentHash { get; set; }
}

public enum FeedbackKind
{
    Rating,
    Correction,
    Action,
    Outcome,
    Harm,
}
