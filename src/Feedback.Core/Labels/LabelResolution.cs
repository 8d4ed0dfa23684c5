using Feedback.Core.FeedbackEvents;

namespace Feedback.Core.Labels;

/// <summary>What the resolver needs to know about the prediction itself.</summary>
public sealed record PredictionFacts(string TrackingId, string? PredictedLabel, DateTimeOffset ServedAt);

/// <summary>One feedback event as label evidence: only the fields the rules read.</summary>
public sealed record FeedbackEvidence(
    long Id, FeedbackKind Kind, string? ValueText, double? ValueNumber, string? Label, string? Action, DateTimeOffset OccurredAt)
{
    /// <summary>The stable evidence ID, <c>feedback:{id}</c>.</summary>
    public string EvidenceId => LabelEvidenceIds.Feedback(Id);

    public static FeedbackEvidence From(FeedbackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.Kind, e.ValueText, e.ValueNumber, e.Label, e.Action, e.OccurredAt);
    }
}

/// <summary>A piece of lower-priority (or same-priority, older) evidence that disagrees with the chosen label.</summary>
/// <param name="Label">The label it argues for; null when it only says the chosen label is wrong (a multiclass thumbs down).</param>
public sealed record LabelConflict(string EvidenceId, LabelSource Source, string? Label);

/// <summary>A resolved label with its provenance (SPEC §3.2).</summary>
/// <param name="Confidence">How much the source is trusted (0–1): the aggregate's confidence for crowd and expert,
/// otherwise a fixed trust per source (<see cref="LabelTrust"/>).</param>
/// <param name="Weight">The training weight: the confidence scaled by the share of the chosen source's own evidence that
/// agrees (a user who said up, then down, halves it).</param>
/// <param name="EvidenceIds">Every piece of evidence that supports the label, the chosen source's first.</param>
public sealed record ResolvedLabel(
    string Label, LabelSource Source, double Confidence, double Weight, IReadOnlyList<string> EvidenceIds, IReadOnlyList<LabelConflict> Conflicts);

/// <summary>The outcome of resolving one prediction: a label or none.</summary>
/// <param name="NeedsAnnotation">A multiclass thumbs down left it without a label: annotation should supply one.</param>
/// <param name="IgnoredLabels">Evidence ignored because its label is not one of the model's classes (or, for
/// regression, not a number), or because a rating refers to a predicted label that is not a class.</param>
public sealed record LabelResolution(ResolvedLabel? Resolved, bool NeedsAnnotation, int IgnoredLabels)
{
    public static readonly LabelResolution None = new(null, false, 0);
}

/// <summary>Stable string IDs of label evidence, as kept in <c>labeled_examples.evidence</c>.</summary>
public static class LabelEvidenceIds
{
    public static string Feedback(long feedbackEventId) => "feedback:" + feedbackEventId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Annotation(long answerId) => "annotation:" + answerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How far each source is trusted when it carries no confidence of its own.</summary>
public static class LabelTrust
{
    /// <summary>Ground truth observed by another system.</summary>
    public const double Outcome = 1.0;

    /// <summary>The user said what the answer was: the highest user trust, below a system's observation.</summary>
    public const double Correction = 0.95;

    /// <summary>A thumb or star says right or wrong, not why; people rate carelessly.</summary>
    public const double Rating = 0.8;

    /// <summary>An action is implicit and positive-only: a click is not always approval.</summary>
    public const double Action = 0.7;

    /// <summary>Absence is weak evidence (SPEC §3.1 makes it opt-in).</summary>
    public const double NoActionNegative = 0.5;
}
