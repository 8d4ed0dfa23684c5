using System.Text.Json;

namespace Feedback.Core.FeedbackEvents;

/// <summary>One feedback event as a client sends it (SPEC §2). Validated by <see cref="FeedbackEventValidator"/>.</summary>
public class FeedbackEventInput
{
    /// <summary>Client-chosen idempotency key, unique per <see cref="Source"/>.</summary>
    public string? EventId { get; set; }

    public string? TrackingId { get; set; }

    /// <summary><c>rating</c>, <c>correction</c>, <c>action</c>, <c>outcome</c> or <c>harm</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Rating: <c>"up"</c>, <c>"down"</c> or 1–5 stars. Action: an optional number.</summary>
    public JsonElement? Value { get; set; }

    /// <summary>Correction or outcome: the true label (a class name, or a number for regression).</summary>
    public JsonElement? Label { get; set; }

    /// <summary>Action: its name (<c>click</c>, <c>purchase</c>…).</summary>
    public string? Action { get; set; }

    /// <summary>Harm: category of the harm.</summary>
    public string? Category { get; set; }

    /// <summary>Harm: low, medium, high or critical.</summary>
    public string? Severity { get; set; }

    public string? Subject { get; set; }

    public DateTimeOffset? OccurredAt { get; set; }

    public string? Comment { get; set; }

    /// <summary>Idempotency namespace; defaults to the API key's source.</summary>
    public string? Source { get; set; }
}

/// <summary>The body of <c>POST /feedback</c>: either one event or <c>{"events": [...]}</c>.</summary>
public sealed class FeedbackRequestBody : FeedbackEventInput
{
    public List<FeedbackEventInput?>? Events { get; set; }

    /// <summary>True when any single-event field is set (mixing them with <see cref="Events"/> is an error).</summary>
    public bool HasEventFields =>
        EventId is not null || TrackingId is not null || Kind is not null || Value is not null || Label is not null
        || Action is not null || Category is not null || Severity is not null || Subject is not null || OccurredAt is not null
        || Comment is not null || Source is not null;
}
