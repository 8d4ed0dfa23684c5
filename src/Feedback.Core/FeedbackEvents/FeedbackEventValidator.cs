using System.Globalization;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Predictions;
using Feedback.Core.Privacy;
using Feedback.Core.Storage;

namespace Feedback.Core.FeedbackEvents;

/// <summary>Checks one <see cref="FeedbackEventInput"/> against the rules of its kind and builds the row to store.</summary>
/// <remarks>Checks that need the model (is the label one of its classes?) happen later, in
/// <see cref="FeedbackRecorder"/>, once the tracking IDs are resolved.</remarks>
public static class FeedbackEventValidator
{
    public static FeedbackEvent? Validate(FeedbackEventInput? input, string path, string defaultSource, DateTimeOffset now, TimeSpan clockSkew, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input is null)
        {
            errors.Add(path.Length == 0 ? "body" : path, "must be an object, not null");
            return null;
        }

        var before = errors.Count;
        RequireId(input.EventId, FieldPath.Join(path, "eventId"), errors);
        if (input.Source is not null)
        {
            RequireId(input.Source, FieldPath.Join(path, "source"), errors);
        }

        if (input.TrackingId is null)
        {
            errors.Add(FieldPath.Join(path, "trackingId"), "is required");
        }
        else if (!TrackingIds.IsValid(input.TrackingId))
        {
            errors.Add(FieldPath.Join(path, "trackingId"), TrackingIds.Rule);
        }

        CheckLength(input.Subject, FeedbackLimits.MaxIdLength, FieldPath.Join(path, "subject"), errors);
        CheckLength(input.Comment, FeedbackLimits.MaxCommentLength, FieldPath.Join(path, "comment"), errors);
        if (input.OccurredAt is { } occurred && occurred > now + clockSkew)
        {
            errors.Add(FieldPath.Join(path, "occurredAt"), "is in the future");
        }

        var row = new FeedbackEvent
        {
            Source = input.Source ?? defaultSource,
            EventId = input.EventId ?? string.Empty,
            TrackingId = input.TrackingId ?? string.Empty,
            Subject = input.Subject,
            Comment = input.Comment is null ? null : PiiScrubber.Scrub(input.Comment),
            OccurredAt = Timestamps.Normalize(input.OccurredAt ?? now),
            ReceivedAt = Timestamps.Normalize(now),
            ContentHash = [],
        };

        switch (input.Kind)
        {
            case "rating":
                row.Kind = FeedbackKind.Rating;
                ValidateRating(input, path, row, errors);
                Forbid(input.Label, FieldPath.Join(path, "label"), "rating", errors);
                Forbid(input.Action, FieldPath.Join(path, "action"), "rating", errors);
                break;
            case "correction":
            case "outcome":
                row.Kind = input.Kind == "correction" ? FeedbackKind.Correction : FeedbackKind.Outcome;
                row.Label = ReadLabel(input.Label, FieldPath.Join(path, "label"), errors, required: true);
                Forbid(input.Value, FieldPath.Join(path, "value"), input.Kind, errors);
                Forbid(input.Action, FieldPath.Join(path, "action"), input.Kind, errors);
                break;
            case "action":
                row.Kind = FeedbackKind.Action;
                if (!ActionNames.IsValid(input.Action))
                {
                    errors.Add(FieldPath.Join(path, "action"), input.Action is null ? "is required for an action event" : ActionNames.Rule);
                }

                row.Action = input.Action;
                if (input.Value is { ValueKind: not JsonValueKind.Null } value)
                {
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
                    {
                        row.ValueNumber = number;
                    }
                    else
                    {
                        errors.Add(FieldPath.Join(path, "value"), "must be a finite number for an action event (e.g. dwell seconds)");
                    }
                }

                Forbid(input.Label, FieldPath.Join(path, "label"), "action", errors);
                break;
            case "harm":
                row.Kind = FeedbackKind.Harm;
                if (!ActionNames.IsValid(input.Category))
                {
                    errors.Add(FieldPath.Join(path, "category"), input.Category is null ? "is required for a harm report" : ActionNames.Rule);
                }

                row.Category = input.Category;
                if (input.Severity is not ("low" or "medium" or "high" or "critical"))
                {
                    errors.Add(FieldPath.Join(path, "severity"), "is required for a harm report: low, medium, high or critical");
                }

                row.Severity = input.Severity;
                Forbid(input.Label, FieldPath.Join(path, "label"), "harm", errors);
                Forbid(input.Value, FieldPath.Join(path, "value"), "harm", errors);
                break;
            case null:
                errors.Add(FieldPath.Join(path, "kind"), "is required: rating, correction, action, outcome or harm");
                break;
            default:
                errors.Add(FieldPath.Join(path, "kind"), $"'{input.Kind}' is not a feedback kind: use rating, correction, action, outcome or harm");
                break;
        }

        if (errors.Count != before || errors.IsFull)
        {
            return null;
        }

        row.ContentHash = new ContentHash()
            .Add(row.TrackingId).Add((long)row.Kind).Add(row.ValueNumber).Add(row.ValueText).Add(row.Label).Add(row.Action)
            .Add(row.Category).Add(row.Severity).Add(row.Subject).Add(row.Comment).Add(input.OccurredAt is null ? null : row.OccurredAt)
            .Compute();
        return row;
    }

    /// <summary>Reads a label: a non-empty string, or a finite number (regression), as text.</summary>
    public static string? ReadLabel(JsonElement? label, string field, FieldErrors errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (label)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                if (required)
                {
                    errors.Add(field, "is required");
                }

                return null;
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString()!;
                if (value.Length is 0 or > FeedbackLimits.MaxLabelLength)
                {
                    errors.Add(field, $"must be 1-{FeedbackLimits.MaxLabelLength} characters");
                }

                return value;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out var d) && double.IsFinite(d):
                return d.ToString("R", CultureInfo.InvariantCulture);
            default:
                errors.Add(field, "must be a class name (string) or, for regression, a finite number");
                return null;
        }
    }

    private static void ValidateRating(FeedbackEventInput input, string path, FeedbackEvent row, FieldErrors errors)
    {
        switch (input.Value)
        {
            case { ValueKind: JsonValueKind.String } text when text.ValueEquals("up") || text.ValueEquals("down"):
                row.ValueText = text.GetString();
                break;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var stars) && stars is >= 1 and <= 5:
                row.ValueNumber = stars;
                break;
            case null or { ValueKind: JsonValueKind.Null }:
                errors.Add(FieldPath.Join(path, "value"), "is required for a rating: \"up\", \"down\" or 1-5 stars");
                break;
            default:
                errors.Add(FieldPath.Join(path, "value"), "must be \"up\", \"down\" or a whole number of stars from 1 to 5");
                break;
        }
    }

    private static void RequireId(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "is required");
        }
        else if (value.Length > FeedbackLimits.MaxIdLength || value.Any(char.IsControl))
        {
            errors.Add(field, $"must be 1-{FeedbackLimits.MaxIdLength} printable characters");
        }
    }

    private static void CheckLength(string? value, int max, string field, FieldErrors errors)
    {
        if (value is { Length: var length } && length > max)
        {
            errors.Add(field, $"must be at most {max} characters, was {length}");
        }
    }

    private static void Forbid(JsonElement? value, string field, string kind, FieldErrors errors)
    {
        if (value is { ValueKind: not JsonValueKind.Null })
        {
            errors.Add(field, $"does not apply to a {kind} event");
        }
    }

    private static void Forbid(string? value, string field, string kind, FieldErrors errors)
    {
        if (value is not null)
        {
            errors.Add(field, $"does not apply to a {kind} event");
        }
    }
}
