using System.Text.RegularExpressions;
using Feedback.Core.Errors;
using Feedback.Ml.Schema;

namespace Feedback.Core.Models;

/// <summary>Turns a <see cref="ModelDefinitionDocument"/> into a <see cref="ModelDefinition"/>, reporting every
/// problem by field path; and back again, in canonical form, for storage.</summary>
public static partial class ModelDefinitionValidator
{
    public const int MaxFeatures = 1_000;
    public const int MaxClasses = 1_000;

    public static ModelDefinition Validate(ModelDefinitionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new FieldErrors();

        if (string.IsNullOrEmpty(document.Name))
        {
            errors.Add("name", "is required");
        }
        else if (!ModelNames.IsValid(document.Name))
        {
            errors.Add("name", ModelNames.Rule);
        }

        if (document.Description is { Length: > 4000 })
        {
            errors.Add("description", "must be at most 4000 characters");
        }

        var taskType = ParseTaskType(document.TaskType, errors);
        var classes = ValidateClasses(document.LabelClasses, taskType, errors);
        var features = ValidateFeatures(document.Features, errors);
        var policy = ValidatePolicy(document.LabelPolicy, taskType, errors);

        var retention = ModelDefinition.DefaultRetention;
        if (document.Retention is not null && (!Duration.TryParse(document.Retention, out retention) || retention <= TimeSpan.Zero))
        {
            errors.Add("retention", "must be a positive duration such as '90d', '12h' or '30m'");
        }

        var exploration = document.ExplorationShare ?? 0;
        if (!double.IsFinite(exploration) || exploration < 0 || exploration > 0.5)
        {
            errors.Add("explorationShare", "must be between 0 and 0.5");
        }

        var pipeline = ValidatePipeline(document.Pipeline, taskType, features, errors);
        var evaluation = ValidateEvaluation(document.Evaluation, taskType, errors);
        var triggers = ValidateTriggers(document.Triggers, errors);
        var approval = ValidateApproval(document.Approval, errors);
        var (recency, warmStart) = ValidateRecency(document.Pipeline, pipeline.EvalShare, errors);
        var gates = ValidateGates(document.Triggers, errors);
        var fallback = ValidateFallback(document.Fallback, taskType, classes, errors);
        var import = ValidateImport(document.Import, features, errors);

        errors.ThrowIfAny();
        return new ModelDefinition(document.Name!, document.Description, taskType!.Value, classes, features!, policy, retention, exploration)
        {
            Pipeline = pipeline with { Recency = recency, WarmStart = warmStart },
            Evaluation = evaluation!,
            Triggers = triggers with { Gates = gates },
            Approval = approval,
            Fallback = fallback,
            Import = import,
        };
    }

    public static ModelDefinitionDocument ToDocument(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ModelDefinitionDocument
        {
            Name = definition.Name,
            Description = definition.Description,
            TaskType = definition.TaskType.ToString().ToLowerInvariant(),
            LabelClasses = definition.IsClassifier ? [.. definition.LabelClasses] : null,
            Features = definition.Features.Select(f => new FeatureDocument
            {
                Name = f.Name,
                Type = f.Type.ToString().ToLowerInvariant(),
                Required = f.Required,
                Role = FormatRole(f.Role),
                MaxLength = f.Type is FeatureType.Text or FeatureType.Categorical ? f.MaxLength : null,
            }).ToList(),
            LabelPolicy = new LabelPolicyDocument
            {
                Stars = new StarMappingDocument { Up = [.. definition.LabelPolicy.StarsUp], Down = [.. definition.LabelPolicy.StarsDown] },
                PositiveActions = definition.LabelPolicy.PositiveActions
                    .Select(a => new PositiveActionDocument { Name = a.Name, Window = Duration.Format(a.Window) }).ToList(),
                NegativeAfterWindow = definition.LabelPolicy.NegativeAfterWindow,
                MinCrowdConfidence = definition.LabelPolicy.MinCrowdConfidence,
                OrphanWindow = Duration.Format(definition.LabelPolicy.OrphanWindow),
            },
            Retention = Duration.Format(definition.Retention),
            ExplorationShare = definition.ExplorationShare,
            Pipeline = WithRecency(ToPipelineDocument(definition.Pipeline), definition.Pipeline),
            Evaluation = definition.Evaluation.Json is { } evaluation ? System.Text.Json.JsonDocument.Parse(evaluation).RootElement.Clone() : null,
            Triggers = WithGates(ToTriggersDocument(definition.Triggers), definition.Triggers.Gates),
            Approval = ToApprovalDocument(definition.Approval),
            Fallback = ToFallbackDocument(definition.Fallback),
            Import = ToImportDocument(definition.Import),
        };
    }

    private static TaskType? ParseTaskType(string? value, FieldErrors errors)
    {
        switch (value)
        {
            case "binary": return TaskType.Binary;
            case "multiclass": return TaskType.Multiclass;
            case "regression": return TaskType.Regression;
            case null:
                errors.Add("taskType", "is required: binary, multiclass or regression");
                return null;
            default:
                errors.Add("taskType", $"'{value}' is not a task type: use binary, multiclass or regression");
                return null;
        }
    }

    private static List<string> ValidateClasses(List<string>? classes, TaskType? taskType, FieldErrors errors)
    {
        if (taskType == TaskType.Regression)
        {
            if (classes is { Count: > 0 })
            {
                errors.Add("labelClasses", "must be empty for a regression model");
            }

            return [];
        }

        if (classes is null)
        {
            if (taskType is not null)
            {
                errors.Add("labelClasses", "is required for a classifier");
            }

            return [];
        }

        if (taskType == TaskType.Binary && classes.Count != 2)
        {
            errors.Add("labelClasses", "a binary model has exactly two classes: negative first, positive second");
        }
        else if (taskType == TaskType.Multiclass && classes.Count < 2)
        {
            errors.Add("labelClasses", "a multiclass model has at least two classes");
        }
        else if (classes.Count > MaxClasses)
        {
            errors.Add("labelClasses", $"at most {MaxClasses} classes are supported");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(classes[i]) || classes[i].Length > 128)
            {
                errors.Add($"labelClasses[{i}]", "must be a non-empty string of at most 128 characters");
            }
            else if (!seen.Add(classes[i]))
            {
                errors.Add($"labelClasses[{i}]", $"'{classes[i]}' appears more than once");
            }
        }

        return classes;
    }

    private static FeatureSchema? ValidateFeatures(List<FeatureDocument>? features, FieldErrors errors)
    {
        if (features is null || features.Count == 0)
        {
            errors.Add("features", "at least one feature is required");
            return null;
        }

        if (features.Count > MaxFeatures)
        {
            errors.Add("features", $"at most {MaxFeatures} features are supported");
            return null;
        }

        var specs = new List<FeatureSpec>(features.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var path = $"features[{i}]";
            var feature = features[i];
            if (feature is null)
            {
                errors.Add(path, "must be an object");
                continue;
            }

            if (feature.Name is null || !FeatureName().IsMatch(feature.Name))
            {
                errors.Add($"{path}.name", "must be 1-128 characters: letters, digits, '_', '-' or '.', starting with a letter or '_'");
            }
            else if (!names.Add(feature.Name))
            {
                errors.Add($"{path}.name", $"'{feature.Name}' appears more than once");
            }

            FeatureType? type = feature.Type switch
            {
                "numeric" => FeatureType.Numeric,
                "categorical" => FeatureType.Categorical,
                "text" => FeatureType.Text,
                "boolean" => FeatureType.Boolean,
                _ => null,
            };
            if (type is null)
            {
                errors.Add($"{path}.type", feature.Type is null
                    ? "is required: numeric, categorical, text or boolean"
                    : $"'{feature.Type}' is not a feature type: use numeric, categorical, text or boolean");
            }

            FeatureRole? role = feature.Role switch
            {
                null or "feature" => FeatureRole.Feature,
                "slice-only" => FeatureRole.SliceOnly,
                "id" => FeatureRole.Id,
                _ => null,
            };
            if (role is null)
            {
                errors.Add($"{path}.role", $"'{feature.Role}' is not a role: use feature, slice-only or id");
            }

            if (feature.MaxLength is { } max && (max < 1 || max > 1_000_000))
            {
                errors.Add($"{path}.maxLength", "must be between 1 and 1000000");
            }
            else if (feature.MaxLength is not null && type is FeatureType.Numeric or FeatureType.Boolean)
            {
                errors.Add($"{path}.maxLength", "applies only to text and categorical features");
            }

            if (type is not null && role is not null && feature.Name is not null)
            {
                specs.Add(new FeatureSpec(feature.Name, type.Value, feature.Required ?? true, role.Value)
                {
                    MaxLength = feature.MaxLength ?? FeatureSpec.DefaultMaxLength,
                });
            }
        }

        if (features.TrueForAll(f => f?.Role is "slice-only" or "id"))
        {
            errors.Add("features", "at least one feature must have the role 'feature'");
        }

        return errors.HasErrors ? null : new FeatureSchema(specs);
    }

    private static LabelPolicy ValidatePolicy(LabelPolicyDocument? document, TaskType? taskType, FieldErrors errors)
    {
        var defaults = LabelPolicy.Default;
        if (document is null)
        {
            return defaults;
        }

        var up = document.Stars?.Up ?? [.. defaults.StarsUp];
        var down = document.Stars?.Down ?? [.. defaults.StarsDown];
        for (var i = 0; i < up.Count; i++)
        {
            if (up[i] is < 1 or > 5)
            {
                errors.Add($"labelPolicy.stars.up[{i}]", "must be a star value from 1 to 5");
            }
        }

        for (var i = 0; i < down.Count; i++)
        {
            if (down[i] is < 1 or > 5)
            {
                errors.Add($"labelPolicy.stars.down[{i}]", "must be a star value from 1 to 5");
            }
            else if (up.Contains(down[i]))
            {
                errors.Add($"labelPolicy.stars.down[{i}]", $"{down[i]} stars cannot be both up and down");
            }
        }

        var actions = new List<PositiveAction>();
        var actionNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (document.PositiveActions?.Count ?? 0); i++)
        {
            var action = document.PositiveActions![i];
            var path = $"labelPolicy.positiveActions[{i}]";
            if (action?.Name is null || !FeedbackEvents.ActionNames.IsValid(action.Name))
            {
                errors.Add($"{path}.name", FeedbackEvents.ActionNames.Rule);
            }
            else if (!actionNames.Add(action.Name))
            {
                errors.Add($"{path}.name", $"'{action.Name}' appears more than once");
            }

            if (!Duration.TryParse(action?.Window, out var window) || window <= TimeSpan.Zero)
            {
                errors.Add($"{path}.window", "must be a positive duration such as '30m'");
            }

            if (action?.Name is not null)
            {
                actions.Add(new PositiveAction(action.Name, window));
            }
        }

        if (actions.Count > 0 && taskType is TaskType.Multiclass or TaskType.Regression)
        {
            errors.Add("labelPolicy.positiveActions", "positive actions label binary models only");
        }

        var negativeAfterWindow = document.NegativeAfterWindow ?? false;
        if (negativeAfterWindow && actions.Count == 0)
        {
            errors.Add("labelPolicy.negativeAfterWindow", "needs at least one positive action whose window can close");
        }

        var minConfidence = document.MinCrowdConfidence ?? defaults.MinCrowdConfidence;
        if (!double.IsFinite(minConfidence) || minConfidence < 0 || minConfidence > 1)
        {
            errors.Add("labelPolicy.minCrowdConfidence", "must be between 0 and 1");
        }

        var orphanWindow = defaults.OrphanWindow;
        if (document.OrphanWindow is not null && (!Duration.TryParse(document.OrphanWindow, out orphanWindow) || orphanWindow <= TimeSpan.Zero))
        {
            errors.Add("labelPolicy.orphanWindow", "must be a positive duration such as '7d'");
        }

        return new LabelPolicy(up.Distinct().Order().ToArray(), down.Distinct().Order().ToArray(), actions, negativeAfterWindow, minConfidence, orphanWindow);
    }

    private static string FormatRole(FeatureRole role) => role switch
    {
        FeatureRole.SliceOnly => "slice-only",
        FeatureRole.Id => "id",
        _ => "feature",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex FeatureName();
}
