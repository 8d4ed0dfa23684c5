using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Ml.Schema;
using Feedback.Ml.Transforms;

namespace Feedback.Pipeline.Steps;

/// <summary>The rules that keep a warm start correct: when the policy asks for a cold start, and when a boosted-tree
/// parent's transform can be frozen for the candidate.</summary>
/// <remarks>A tree compares raw column values with fixed thresholds, so a kept tree computes what it computed in the
/// parent only if its columns are produced by the parent's fitted transform (a refitted standardisation moves every
/// numeric column). A warm-started tree candidate therefore trains and serves through the parent's transform, frozen;
/// when the data now has columns that transform cannot produce (a new category or feature), the run starts cold
/// instead and says why.</remarks>
public static class TreeWarmStart
{
    /// <summary>Why the definition's warm-start policy makes this run start cold, or null.</summary>
    public static string? PolicyReason(WarmStartPolicy policy, RunTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.ColdStartOn.Contains(trigger)
            ? $"pipeline.warmStart.coldStartOn includes '{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(trigger.ToString())}', this run's trigger"
            : null;
    }

    /// <summary>Why the parent's transform cannot be frozen for data whose fresh fit is <paramref name="refit"/>, or
    /// null when it can.</summary>
    public static string? FrozenTransformMismatch(FittedTransform parent, FittedTransform refit, FeatureSchema features)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(refit);
        ArgumentNullException.ThrowIfNull(features);
        if (Describe(parent.Schema) != Describe(features))
        {
            return "the features changed since the parent version; its transform cannot be frozen for the new schema";
        }

        var known = parent.ColumnNames.ToHashSet(StringComparer.Ordinal);
        var unknown = refit.ColumnNames.Where(c => !known.Contains(c)).Take(5).ToList();
        return unknown.Count == 0
            ? null
            : $"the data has columns the parent's transform does not produce ({string.Join(", ", unknown)}); the parent's trees must see exactly the features they were trained on, so the candidate is trained from scratch";
    }

    private static string Describe(FeatureSchema schema) =>
        string.Join(',', schema.Select(f => $"{f.Name}:{f.Type}:{f.Role}"));
}
