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

    /// <summary>The models the sending key may write, as <c>|a|b|</c>; null for an unrestricted caller. The join
    /// attaches the event only to predictions of these models, so a key limited to one model cannot plant labels on
    /// another through a tracking ID that is not logged yet.</summary>
    public string? ModelScope { get; set; }

    /// <summary>Set while the event is held in quarantine (its subject sent a burst): the join ignores it until an
    /// admin releases it.</summary>
    public DateTimeOffset? HeldAt { get; set; }

    /// <summary>The <see cref="ModelScope"/> value for a caller limited to <paramref name="models"/>.</summary>
    public static string? ScopeOf(IReadOnlySet<string>? models) =>
        models is null ? null : "|" + string.Join('|', models.Order(StringComparer.Ordinal)) + "|";

    /// <summary>The token a scope contains when it admits <paramref name="model"/>.</summary>
    public static string ScopeToken(string model) => "|" + model + "|";
}

public enum FeedbackKind
{
    Rating,
    Correction,
    Action,
    Outcome,
    Harm,
}
