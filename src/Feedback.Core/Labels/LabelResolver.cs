using System.Globalization;
using Feedback.Core.Annotation;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;

namespace Feedback.Core.Labels;

/// <summary>Turns all the evidence about one prediction into at most one label (SPEC §3.1–§3.2). Pure: no I/O, and
/// time only through the <c>now</c> argument, so the join and the tests get the same answer for the same inputs.</summary>
/// <remarks>
/// Every rule produces candidates; the candidate of the highest-priority source wins, and within one source the
/// latest (by occurrence time, then ID). Every other candidate that disagrees becomes a conflict. Evidence whose label
/// is not a class of the model is ignored and counted, never guessed at: feedback for an unknown tracking ID is stored
/// unchecked, so the join is where such labels are first compared with the model.
/// </remarks>
public static class LabelResolver
{
    public static LabelResolution Resolve(
        ModelDefinition model,
        PredictionFacts prediction,
        IReadOnlyList<FeedbackEvidence> feedback,
        IReadOnlyList<AnnotationEvidence> annotations,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(annotations);

        var candidates = new List<Candidate>(feedback.Count + annotations.Count + 1);
        var ignored = 0;
        var thumbsDown = false;
        foreach (var annotation in annotations)
        {
            var expert = annotation.Source == ItemResolver.ExpertSource;
            if (!expert && annotation.Confidence < model.LabelPolicy.MinCrowdConfidence)
            {
                continue;
            }

            if (Normalize(model, annotation.Label) is not { } label)
            {
                ignored++;
                continue;
            }

            candidates.Add(new Candidate(expert ? LabelSource.Expert : LabelSource.Crowd, label, null, Math.Clamp(annotation.Confidence, 0, 1),
                [.. annotation.EvidenceIds.Select(LabelEvidenceIds.Annotation)], annotation.ResolvedAt, annotation.EvidenceIds.Count > 0 ? annotation.EvidenceIds[^1] : 0));
        }

        var positiveAction = false;
        foreach (var e in feedback)
        {
            switch (e.Kind)
            {
                case FeedbackKind.Correction or FeedbackKind.Outcome:
                    if (Normalize(model, e.Label) is { } label)
                    {
                        var outcome = e.Kind == FeedbackKind.Outcome;
                        candidates.Add(Candidate.Of(e, outcome ? LabelSource.Outcome : LabelSource.Correction, label, null,
                            outcome ? LabelTrust.Outcome : LabelTrust.Correction));
                    }
                    else
                    {
                        ignored++;
                    }

                    break;

                case FeedbackKind.Rating when model.IsClassifier && Thumb(model.LabelPolicy, e) is { } up:
                    if (prediction.PredictedLabel is not { } predicted || !model.HasClass(predicted))
                    {
                        thumbsDown |= !up && model.TaskType == TaskType.Multiclass;
                        ignored++;
                    }
                    else if (up)
                    {
                        candidates.Add(Candidate.Of(e, LabelSource.Rating, predicted, null, LabelTrust.Rating));
                    }
                    else if (model.TaskType == TaskType.Binary)
                    {
                        var other = model.LabelClasses[0] == predicted ? model.LabelClasses[1] : model.LabelClasses[0];
                        candidates.Add(Candidate.Of(e, LabelSource.Rating, other, null, LabelTrust.Rating));
                    }
                    else
                    {
                        // "Wrong" does not say which class is right: it only rules the predicted one out.
                        thumbsDown = true;
                        candidates.Add(Candidate.Of(e, LabelSource.Rating, null, predicted, LabelTrust.Rating));
                    }

                    break;

                case FeedbackKind.Action when model.TaskType == TaskType.Binary && WithinWindow(model.LabelPolicy, prediction, e):
                    positiveAction = true;
                    candidates.Add(Candidate.Of(e, LabelSource.Action, model.LabelClasses[1], null, LabelTrust.Action));
                    break;

                default:
                    // Harm never becomes a label; other actions, ignored stars and regression ratings say nothing.
                    break;
            }
        }

        if (!positiveAction && !candidates.Any(c => c.Label is not null) && WindowClosedWithoutAction(model, prediction, now))
        {
            candidates.Add(new Candidate(LabelSource.NoActionNegative, model.LabelClasses[0], null, LabelTrust.NoActionNegative, [], prediction.ServedAt, 0));
        }

        var resolved = Choose(candidates);
        return new LabelResolution(resolved, resolved is null && thumbsDown, ignored);
    }

    /// <summary>The latest moment at which an attribution window of the policy is still open; null without positive actions.</summary>
    public static TimeSpan? LongestWindow(LabelPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.PositiveActions.Count == 0 ? null : policy.PositiveActions.Max(a => a.Window);
    }

    /// <summary>Whether the clock matters to this model's labels: only a binary policy that turns absence into a negative.</summary>
    public static bool DependsOnTime(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.TaskType == TaskType.Binary && model.LabelPolicy.NegativeAfterWindow && model.LabelPolicy.PositiveActions.Count > 0;
    }

    private static ResolvedLabel? Choose(List<Candidate> candidates)
    {
        Candidate? winner = null;
        foreach (var c in candidates)
        {
            if (c.Label is not null && (winner is null || c.Source < winner.Source
                || (c.Source == winner.Source && (c.At > winner.At || (c.At == winner.At && c.Order > winner.Order)))))
            {
                winner = c;
            }
        }

        if (winner is null)
        {
            return null;
        }

        var label = winner.Label!;
        var supporting = candidates.Where(c => c.Label == label)
            .OrderBy(c => c.Source).ThenByDescending(c => ReferenceEquals(c, winner)).ThenBy(c => c.At).ThenBy(c => c.Order).ToList();
        var conflicts = candidates.Where(c => c.Label is not null ? c.Label != label : c.Rejects == label)
            .OrderBy(c => c.Source).ThenBy(c => c.At).ThenBy(c => c.Order)
            .SelectMany(c => c.EvidenceIds.Select(id => new LabelConflict(id, c.Source, c.Label))).ToList();
        var sameSource = candidates.Count(c => c.Source == winner.Source);
        var agreeing = supporting.Count(c => c.Source == winner.Source);
        return new ResolvedLabel(label, winner.Source, winner.Confidence, winner.Confidence * agreeing / sameSource,
            [.. supporting.SelectMany(c => c.EvidenceIds).Distinct(StringComparer.Ordinal)], conflicts);
    }

    /// <summary>A label as the model knows it: one of its classes, or for regression a number in invariant form.</summary>
    private static string? Normalize(ModelDefinition model, string? label)
    {
        if (label is null)
        {
            return null;
        }

        if (model.IsClassifier)
        {
            return model.HasClass(label) ? label : null;
        }

        return double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>True for up, false for down, null for a star rating the policy ignores (e.g. 3).</summary>
    private static bool? Thumb(LabelPolicy policy, FeedbackEvidence e)
    {
        if (e.ValueText is "up" or "down")
        {
            return e.ValueText == "up";
        }

        if (e.ValueNumber is not { } stars || stars != Math.Floor(stars))
        {
            return null;
        }

        return policy.StarsUp.Contains((int)stars) ? true : policy.StarsDown.Contains((int)stars) ? false : null;
    }

    private static bool WithinWindow(LabelPolicy policy, PredictionFacts prediction, FeedbackEvidence e) =>
        policy.PositiveActions.Any(a => string.Equals(a.Name, e.Action, StringComparison.Ordinal) && e.OccurredAt <= prediction.ServedAt + a.Window);

    private static bool WindowClosedWithoutAction(ModelDefinition model, PredictionFacts prediction, DateTimeOffset now) =>
        DependsOnTime(model) && now >= prediction.ServedAt + LongestWindow(model.LabelPolicy)!.Value;

    private sealed record Candidate(
        LabelSource Source, string? Label, string? Rejects, double Confidence, IReadOnlyList<string> EvidenceIds, DateTimeOffset At, long Order)
    {
        public static Candidate Of(FeedbackEvidence e, LabelSource source, string? label, string? rejects, double confidence) =>
            new(source, label, rejects, confidence, [e.EvidenceId], e.OccurredAt, e.Id);
    }
}
