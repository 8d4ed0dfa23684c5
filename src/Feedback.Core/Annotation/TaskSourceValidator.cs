using Feedback.Core.Errors;
using Feedback.Core.Models;
using Feedback.Ml.Schema;

namespace Feedback.Core.Annotation;

/// <summary>Checks task source settings against the model they sample from.</summary>
internal static class TaskSourceValidator
{
    public static readonly IReadOnlyList<string> Kinds = [TaskSourceKinds.Random, TaskSourceKinds.Uncertainty, TaskSourceKinds.ThumbsDown,
        TaskSourceKinds.Conflicts, TaskSourceKinds.Slices, TaskSourceKinds.Explicit];

    public static void Validate(IReadOnlyList<TaskSourceSpec> sources, ModelDefinition model, FieldErrors errors)
    {
        if (sources.Count > AnnotationLimits.MaxSources)
        {
            errors.Add("sources", $"at most {AnnotationLimits.MaxSources} sources");
            return;
        }

        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var path = $"sources[{i}]";
            if (source is null)
            {
                errors.Add(path, "must be an object");
                continue;
            }

            if (source.Kind is null || !Kinds.Contains(source.Kind, StringComparer.Ordinal))
            {
                errors.Add($"{path}.kind", $"must be one of: {string.Join(", ", Kinds)}");
                continue;
            }

            if (source.Quota is not { } quota || quota < 1 || quota > AnnotationLimits.MaxQuota)
            {
                errors.Add($"{path}.quota", $"is required: 1-{AnnotationLimits.MaxQuota} items per populate run");
            }

            switch (source.Kind)
            {
                case TaskSourceKinds.ThumbsDown when model.TaskType != TaskType.Multiclass:
                    errors.Add($"{path}.kind", "thumbs-down applies to multiclass models only: on a binary model a thumbs down is already a label");
                    break;
                case TaskSourceKinds.Slices:
                    if (string.IsNullOrEmpty(source.Feature) || !model.Features.TryGet(source.Feature, out var feature) || feature.Role != FeatureRole.SliceOnly)
                    {
                        errors.Add($"{path}.feature", "must name a slice-only feature of the model");
                    }

                    break;
                case TaskSourceKinds.Explicit:
                    if (source.TrackingIds is not { Count: > 0 and <= AnnotationLimits.MaxExplicitIds })
                    {
                        errors.Add($"{path}.trackingIds", $"is required: 1-{AnnotationLimits.MaxExplicitIds} tracking IDs");
                    }
                    else if (source.TrackingIds.Any(string.IsNullOrEmpty))
                    {
                        errors.Add($"{path}.trackingIds", "must not contain empty tracking IDs");
                    }

                    break;
            }

            if (source.Kind != TaskSourceKinds.Slices && source.Feature is not null)
            {
                errors.Add($"{path}.feature", "only applies to the slices source");
            }

            if (source.Kind != TaskSourceKinds.Explicit && source.TrackingIds is not null)
            {
                errors.Add($"{path}.trackingIds", "only applies to the explicit source");
            }
        }
    }
}

public static class TaskSourceKinds
{
    public const string Random = "random";
    public const string Uncertainty = "uncertainty";
    public const string ThumbsDown = "thumbs-down";
    public const string Conflicts = "conflicts";
    public const string Slices = "slices";
    public const string Explicit = "explicit";
}
