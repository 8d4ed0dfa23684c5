using Feedback.Core.Errors;
using Feedback.Core.Runs;

namespace Feedback.Core.Models;

/// <summary>The drift-recovery settings of a definition: recency of the training data, the recent eval slice, the
/// warm-start policy, per-model trigger gates and the serving fallback.</summary>
public static partial class ModelDefinitionValidator
{
    public const double MaxRecentEvalShare = 0.5;

    private static readonly string[] TriggerNames = ["manual", "schedule", "newLabels", "drift", "liveAccuracy"];

    private static (RecencySettings Recency, WarmStartPolicy WarmStart) ValidateRecency(PipelineDocument? document, double evalShare, FieldErrors errors)
    {
        if (document is null)
        {
            return (RecencySettings.None, WarmStartPolicy.Default);
        }

        if (document.RecentExamples is < 1 or > 100_000_000)
        {
            errors.Add("pipeline.recentExamples", "must be between 1 and 100000000");
        }

        TimeSpan? halfLife = document.HalfLife is null ? null : ParseDuration(document.HalfLife, TimeSpan.FromDays(1), "pipeline.halfLife", "12h", errors);
        var recentShare = document.RecentEvalShare ?? 0;
        if (!(recentShare is >= 0 and <= MaxRecentEvalShare))
        {
            errors.Add("pipeline.recentEvalShare", $"must be between 0 and {MaxRecentEvalShare}");
        }
        else if (recentShare + evalShare >= 1)
        {
            errors.Add("pipeline.recentEvalShare", "together with pipeline.evalShare must leave examples to train on (sum below 1)");
        }

        var blessOn = document.BlessOn switch
        {
            null or "hash" => BlessingSplit.Hash,
            "recent" => BlessingSplit.Recent,
            _ => (BlessingSplit?)null,
        };
        if (blessOn is null)
        {
            errors.Add("pipeline.blessOn", $"'{document.BlessOn}' is not a split: use hash or recent");
        }
        else if (blessOn == BlessingSplit.Recent && recentShare <= 0)
        {
            errors.Add("pipeline.blessOn", "'recent' needs pipeline.recentEvalShare above 0");
        }

        var warm = WarmStartPolicy.Default;
        if (document.WarmStart is { } policy)
        {
            var coldOn = new List<RunTrigger>();
            var names = policy.ColdStartOn ?? [];
            for (var i = 0; i < names.Count; i++)
            {
                var index = Array.IndexOf(TriggerNames, names[i]);
                if (index < 0)
                {
                    errors.Add($"pipeline.warmStart.coldStartOn[{i}]", $"'{names[i]}' is not a trigger: use {string.Join(", ", TriggerNames)}");
                }
                else if (!coldOn.Contains((RunTrigger)index))
                {
                    coldOn.Add((RunTrigger)index);
                }
            }

            if (policy.MaxParentRounds is < 1 or > 100_000)
            {
                errors.Add("pipeline.warmStart.maxParentRounds", "must be between 1 and 100000");
            }

            var shrinkage = policy.ParentShrinkage ?? 1;
            if (!(shrinkage is > 0 and <= 1))
            {
                errors.Add("pipeline.warmStart.parentShrinkage", "must be greater than 0 and at most 1");
            }

            warm = new WarmStartPolicy(coldOn, policy.MaxParentRounds, shrinkage);
        }

        return (new RecencySettings(document.RecentExamples, halfLife, recentShare, blessOn ?? BlessingSplit.Hash), warm);
    }

    private static TriggerGates ValidateGates(TriggersDocument? document, FieldErrors errors)
    {
        if (document is null)
        {
            return TriggerGates.None;
        }

        TimeSpan? cadence = document.Cadence is null ? null : ParseDuration(document.Cadence, TimeSpan.FromMinutes(1), "triggers.cadence", "10m", errors);
        TimeSpan? cooldown = document.Cooldown is null ? null : ParseDuration(document.Cooldown, TimeSpan.FromHours(1), "triggers.cooldown", "1h", errors);
        if (document.MinNewLabelsForDrift is < 1)
        {
            errors.Add("triggers.minNewLabelsForDrift", "must be at least 1");
        }

        return new TriggerGates(cadence, cooldown, document.MinNewLabelsForDrift);
    }

    private static ServingFallback? ValidateFallback(FallbackDocument? document, TaskType? taskType, IReadOnlyList<string> classes, FieldErrors errors)
    {
        if (document is null || taskType is null)
        {
            return null;
        }

        if (taskType == TaskType.Regression)
        {
            if (document.Label is not null)
            {
                errors.Add("fallback.label", "a regression model's fallback is a value: use fallback.value");
            }

            if (document.Value is not { } value || !double.IsFinite(value))
            {
                errors.Add("fallback.value", "is required: a finite number");
            }

            return new ServingFallback(null, document.Value);
        }

        if (document.Value is not null)
        {
            errors.Add("fallback.value", "a classifier's fallback is a class: use fallback.label");
        }

        if (document.Label is null || !classes.Contains(document.Label, StringComparer.Ordinal))
        {
            errors.Add("fallback.label", $"must be one of the label classes: {string.Join(", ", classes)}");
        }

        return new ServingFallback(document.Label, null);
    }

    private static PipelineDocument WithRecency(PipelineDocument document, PipelineSettings pipeline)
    {
        var recency = pipeline.Recency;
        document.RecentExamples = recency.RecentExamples;
        document.HalfLife = recency.HalfLife is { } halfLife ? Duration.Format(halfLife) : null;
        document.RecentEvalShare = recency.RecentEvalShare > 0 ? recency.RecentEvalShare : null;
        document.BlessOn = recency.BlessOn == BlessingSplit.Recent ? "recent" : null;
        var warm = pipeline.WarmStart;
        document.WarmStart = warm == WarmStartPolicy.Default ? null : new WarmStartDocument
        {
            ColdStartOn = warm.ColdStartOn.Count == 0 ? null : warm.ColdStartOn.Select(t => TriggerNames[(int)t]).ToList(),
            MaxParentRounds = warm.MaxParentRounds,
            ParentShrinkage = warm.ParentShrinkage < 1 ? warm.ParentShrinkage : null,
        };
        return document;
    }

    private static TriggersDocument? WithGates(TriggersDocument? document, TriggerGates gates)
    {
        if (document is null)
        {
            return null;
        }

        document.Cadence = gates.Cadence is { } cadence ? Duration.Format(cadence) : null;
        document.Cooldown = gates.Cooldown is { } cooldown ? Duration.Format(cooldown) : null;
        document.MinNewLabelsForDrift = gates.MinNewLabelsForDrift;
        return document;
    }

    private static FallbackDocument? ToFallbackDocument(ServingFallback? fallback) =>
        fallback is null ? null : new FallbackDocument { Label = fallback.Label, Value = fallback.Value };
}
