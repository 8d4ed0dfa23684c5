using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.Errors;
using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Core.Models;

/// <summary>The pipeline, evaluation, trigger and approval sections of a definition.</summary>
public static partial class ModelDefinitionValidator
{
    public const int MaxGoldenEvalSet = 100_000;

    private static readonly string[] LinearHyperParameters = ["l2", "C", "maxIterations", "tolerance"];

    private static readonly string[] TreeHyperParameters =
        ["rounds", "learningRate", "maxLeaves", "maxDepth", "minExamplesPerLeaf", "maxBins", "rowSubsample", "featureSubsample", "seed"];

    internal static TaskKind TaskKindOf(TaskType task) => task switch
    {
        TaskType.Binary => TaskKind.BinaryClassification,
        TaskType.Multiclass => TaskKind.MulticlassClassification,
        _ => TaskKind.Regression,
    };

    public static string FormatTrainer(TrainerKind trainer) => trainer switch
    {
        TrainerKind.LogisticRegression => "logistic-regression",
        TrainerKind.GradientBoostedTrees => "gradient-boosted-trees",
        _ => Ml.Training.MlNet.MlNetAlgorithms.Family,
    };

    private static PipelineSettings ValidatePipeline(PipelineDocument? document, TaskType? taskType, Ml.Schema.FeatureSchema? features, FieldErrors errors)
    {
        var defaults = PipelineSettings.DefaultFor(taskType ?? TaskType.Binary);
        if (document is null)
        {
            return defaults;
        }

        var (trainer, mlNet) = ValidateTrainer(document.Trainer, taskType, defaults.Trainer, errors);
        var hyper = document.HyperParameters ?? [];
        if (trainer == TrainerKind.MlNet && hyper.Count > 0)
        {
            errors.Add("pipeline.hyperParameters", "ML.NET trainers take their settings in pipeline.trainer.options");
        }

        var allowed = trainer == TrainerKind.GradientBoostedTrees ? TreeHyperParameters : LinearHyperParameters;
        foreach (var (name, value) in trainer == TrainerKind.MlNet ? [] : hyper)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"pipeline.hyperParameters.{name}", $"is not a hyper-parameter of this trainer; known: {string.Join(", ", allowed)}");
            }
            else if (!double.IsFinite(value) || value < 0)
            {
                errors.Add($"pipeline.hyperParameters.{name}", "must be a finite, non-negative number");
            }
            else if (trainer == TrainerKind.LogisticRegression && name is "C" or "tolerance" && value <= 0)
            {
                errors.Add($"pipeline.hyperParameters.{name}", "must be greater than 0");
            }
            else if (trainer == TrainerKind.LogisticRegression && name == "maxIterations" && (value < 1 || value > 100_000 || Math.Floor(value) != value))
            {
                errors.Add($"pipeline.hyperParameters.{name}", "must be a whole number from 1 to 100000");
            }
        }

        if (trainer == TrainerKind.LogisticRegression && hyper.ContainsKey("l2") && hyper.ContainsKey("C"))
        {
            errors.Add("pipeline.hyperParameters", "give either l2 (penalty on the mean loss) or C (scikit-learn's inverse strength on the summed loss), not both: l2 = 1 / (C · n)");
        }

        var evalShare = document.EvalShare ?? defaults.EvalShare;
        if (!(evalShare is > 0 and < 1))
        {
            errors.Add("pipeline.evalShare", "must be greater than 0 and less than 1");
        }

        TimeSpan? window = null;
        if (document.Window is not null)
        {
            if (Duration.TryParse(document.Window, out var parsed) && parsed > TimeSpan.Zero)
            {
                window = parsed;
            }
            else
            {
                errors.Add("pipeline.window", "must be a positive duration such as '30d'");
            }
        }

        var golden = document.GoldenEvalSet ?? [];
        if (golden.Count > MaxGoldenEvalSet)
        {
            errors.Add("pipeline.goldenEvalSet", $"at most {MaxGoldenEvalSet} tracking IDs");
        }

        for (var i = 0; i < Math.Min(golden.Count, MaxGoldenEvalSet); i++)
        {
            if (string.IsNullOrWhiteSpace(golden[i]) || golden[i].Length > 128)
            {
                errors.Add($"pipeline.goldenEvalSet[{i}]", "must be a tracking ID of 1-128 characters");
            }
        }

        var minExamples = document.MinExamples ?? defaults.MinExamples;
        if (minExamples is < 1 or > 100_000_000)
        {
            errors.Add("pipeline.minExamples", "must be between 1 and 100000000");
        }

        var maxAttempts = document.MaxAttempts ?? defaults.MaxAttempts;
        if (maxAttempts is < 1 or > 20)
        {
            errors.Add("pipeline.maxAttempts", "must be between 1 and 20");
        }

        var backoff = ParseDuration(document.RetryBackoff, defaults.RetryBackoff, "pipeline.retryBackoff", "10s", errors);
        var servingWindow = ParseDuration(document.ServingWindow, defaults.ServingWindow, "pipeline.servingWindow", "1d", errors);

        var drift = document.DriftThresholds ?? [];
        foreach (var (name, value) in drift)
        {
            if (features is not null && features.IndexOf(name) < 0)
            {
                errors.Add($"pipeline.driftThresholds.{name}", "is not a feature of this model");
            }
            else if (!(value is > 0 and <= 1))
            {
                errors.Add($"pipeline.driftThresholds.{name}", "must be greater than 0 and at most 1");
            }
        }

        if (document.ExportDirectory is { } export && (string.IsNullOrWhiteSpace(export) || export.Length > 1024))
        {
            errors.Add("pipeline.exportDirectory", "must be a directory path of at most 1024 characters");
        }

        return new PipelineSettings(
            trainer ?? defaults.Trainer,
            new Dictionary<string, double>(hyper, StringComparer.Ordinal),
            evalShare,
            window,
            golden,
            minExamples,
            maxAttempts,
            backoff,
            new Dictionary<string, double>(drift, StringComparer.Ordinal),
            servingWindow,
            document.ExportDirectory)
        {
            MlNet = mlNet,
        };
    }

    private static EvaluationSettings? ValidateEvaluation(JsonElement? element, TaskType? taskType, FieldErrors errors)
    {
        if (taskType is null)
        {
            return null;
        }

        var task = TaskKindOf(taskType.Value);
        if (element is not { ValueKind: not JsonValueKind.Null } json)
        {
            return EvaluationSettings.DefaultFor(task);
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add("evaluation", "must be an object");
            return null;
        }

        var node = JsonNode.Parse(json.GetRawText())!.AsObject();
        var taskName = JsonNamingPolicy.CamelCase.ConvertName(task.ToString());
        if (node["task"] is { } given && given.ToString() != taskName)
        {
            errors.Add("evaluation.task", $"must be '{taskName}' for a {taskType.Value.ToString().ToLowerInvariant()} model, or left out");
            return null;
        }

        // "thresholds: none" is ours, not the Evaluator's: kept in the stored JSON, removed before the config is read.
        var optOut = false;
        if (node["thresholds"] is { } thresholds)
        {
            if (thresholds.GetValueKind() != JsonValueKind.String || thresholds.GetValue<string>() != NoRegressionThreshold.OptOut)
            {
                errors.Add("evaluation.thresholds", $"must be '{NoRegressionThreshold.OptOut}' (bless every candidate) or left out (then, without metricThresholds, a candidate must not be worse than production on {NoRegressionThreshold.PrimaryMetric(task)})");
                return null;
            }

            if (node["metricThresholds"] is JsonArray { Count: > 0 })
            {
                errors.Add("evaluation.thresholds", $"'{NoRegressionThreshold.OptOut}' contradicts the metricThresholds given: remove one of them");
                return null;
            }

            optOut = true;
        }

        node["task"] = taskName;
        var text = node.ToJsonString();
        var config = (JsonObject)node.DeepClone();
        config.Remove("thresholds");
        try
        {
            var parsed = EvaluationJson.ReadConfig(config.ToJsonString());
            return new EvaluationSettings(optOut ? parsed : NoRegressionThreshold.Apply(parsed), text);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            var message = exception is JsonException { Path: { } path } ? $"{exception.Message} (at {path})" : exception.Message;
            errors.Add(exception is ArgumentException { ParamName: { } param } ? $"evaluation.{param}" : "evaluation", message);
            return null;
        }
    }

    private static TriggerSettings ValidateTriggers(TriggersDocument? document, FieldErrors errors)
    {
        if (document is null)
        {
            return TriggerSettings.None;
        }

        if (document.Schedule is { } cron)
        {
            try
            {
                _ = CronSchedule.Parse(cron);
            }
            catch (FormatException exception)
            {
                errors.Add("triggers.schedule", $"'{cron}' is not a cron expression (minute hour day-of-month month day-of-week, e.g. '0 3 * * *', optionally with seconds first): {exception.Message}");
            }
        }

        if (document.NewLabels is < 1)
        {
            errors.Add("triggers.newLabels", "must be at least 1");
        }

        if (document.MinLiveAccuracy is { } accuracy && !(accuracy is > 0 and <= 1))
        {
            errors.Add("triggers.minLiveAccuracy", "must be greater than 0 and at most 1");
        }

        var minLive = document.MinLiveExamples ?? TriggerSettings.None.MinLiveExamples;
        if (minLive < 1)
        {
            errors.Add("triggers.minLiveExamples", "must be at least 1");
        }

        return new TriggerSettings(document.Schedule, document.NewLabels, document.DriftAlarm ?? false, document.MinLiveAccuracy, minLive);
    }

    private static ApprovalSettings ValidateApproval(ApprovalDocument? document, FieldErrors errors)
    {
        if (document is null)
        {
            return ApprovalSettings.Automatic;
        }

        var mode = document.Policy switch
        {
            null or "automatic" => ApprovalMode.Automatic,
            "manual" => ApprovalMode.Manual,
            _ => (ApprovalMode?)null,
        };
        if (mode is null)
        {
            errors.Add("approval.policy", $"'{document.Policy}' is not a policy: use automatic or manual");
        }

        var timeout = ParseDuration(document.Timeout, ApprovalSettings.Automatic.Timeout, "approval.timeout", "1h", errors);
        return new ApprovalSettings(mode ?? ApprovalMode.Automatic, timeout);
    }

    private static TimeSpan ParseDuration(string? text, TimeSpan fallback, string field, string example, FieldErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (Duration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add(field, $"must be a positive duration such as '{example}'");
        return fallback;
    }

    private static PipelineDocument ToPipelineDocument(PipelineSettings pipeline) => new()
    {
        Trainer = TrainerElement(pipeline),
        HyperParameters = pipeline.HyperParameters.Count == 0 ? null : new Dictionary<string, double>(pipeline.HyperParameters),
        EvalShare = pipeline.EvalShare,
        Window = pipeline.Window is { } window ? Duration.Format(window) : null,
        GoldenEvalSet = pipeline.GoldenEvalSet.Count == 0 ? null : [.. pipeline.GoldenEvalSet],
        MinExamples = pipeline.MinExamples,
        MaxAttempts = pipeline.MaxAttempts,
        RetryBackoff = Duration.Format(pipeline.RetryBackoff),
        DriftThresholds = pipeline.DriftThresholds.Count == 0 ? null : new Dictionary<string, double>(pipeline.DriftThresholds),
        ServingWindow = Duration.Format(pipeline.ServingWindow),
        ExportDirectory = pipeline.ExportDirectory,
    };

    private static TriggersDocument? ToTriggersDocument(TriggerSettings triggers) => triggers == TriggerSettings.None ? null : new()
    {
        Schedule = triggers.Schedule,
        NewLabels = triggers.NewLabels,
        DriftAlarm = triggers.DriftAlarm ? true : null,
        MinLiveAccuracy = triggers.MinLiveAccuracy,
        MinLiveExamples = triggers.MinLiveExamples,
    };

    private static ApprovalDocument ToApprovalDocument(ApprovalSettings approval) => new()
    {
        Policy = approval.Mode == ApprovalMode.Manual ? "manual" : "automatic",
        Timeout = Duration.Format(approval.Timeout),
    };
}
