namespace Feedback.Core.Models;

/// <summary>The wire form of a model definition (JSON body or YAML file), before validation.</summary>
/// <remarks>Everything is nullable so that a missing field is reported by name instead of failing deserialisation.</remarks>
public sealed class ModelDefinitionDocument
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary><c>binary</c>, <c>multiclass</c> or <c>regression</c>.</summary>
    public string? TaskType { get; set; }

    /// <summary>Classes of a classifier. Binary: exactly two, negative first, positive second.</summary>
    public List<string>? LabelClasses { get; set; }

    public List<FeatureDocument>? Features { get; set; }

    public LabelPolicyDocument? LabelPolicy { get; set; }

    /// <summary>How long predictions without feedback are kept, e.g. <c>90d</c>. Defaults to 90 days.</summary>
    public string? Retention { get; set; }

    /// <summary>Share of served predictions flagged as exploration, 0 to 0.5. Defaults to 0.</summary>
    public double? ExplorationShare { get; set; }

    /// <summary>How the model is retrained (SPEC §5).</summary>
    public PipelineDocument? Pipeline { get; set; }

    /// <summary>The Evaluator's config (metrics, slices, thresholds), in the shape of <c>Feedback.Ml.Evaluation.EvaluationConfig</c>.</summary>
    public System.Text.Json.JsonElement? Evaluation { get; set; }

    /// <summary>What starts a run besides a manual request (SPEC §5.9).</summary>
    public TriggersDocument? Triggers { get; set; }

    /// <summary>Who signs a blessed model off before it is pushed (SPEC §6).</summary>
    public ApprovalDocument? Approval { get; set; }

    /// <summary>What <c>:predict</c> answers before the first production version: <c>{ "label": "no" }</c> or <c>{ "value": 0 }</c>.</summary>
    public FallbackDocument? Fallback { get; set; }

    /// <summary>How imported files are read: missing-value tokens and columns to skip.</summary>
    public ImportDocument? Import { get; set; }
}

public sealed class ImportDocument
{
    /// <summary>Cell texts read as missing values besides the empty cell; whole cell, ignoring case. Defaults to
    /// <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NaN</c>; <c>[]</c> makes only the empty cell missing.</summary>
    public List<string?>? MissingValues { get; set; }

    /// <summary>Columns that are not features and are skipped instead of failing the import.</summary>
    public List<string?>? IgnoreColumns { get; set; }

    /// <summary>Skip every column that is neither a feature nor a known column. Defaults to false (such a column fails the import).</summary>
    public bool? IgnoreExtraColumns { get; set; }
}

public sealed class FallbackDocument
{
    public string? Label { get; set; }

    public double? Value { get; set; }
}

public sealed class WarmStartDocument
{
    /// <summary>Triggers whose runs train from scratch: <c>drift</c>, <c>liveAccuracy</c>, <c>newLabels</c>, <c>schedule</c>, <c>manual</c>.</summary>
    public List<string>? ColdStartOn { get; set; }

    /// <summary>Boosted trees: keep at most the parent's newest this many rounds.</summary>
    public int? MaxParentRounds { get; set; }

    /// <summary>Boosted trees: factor (0 to 1] on the kept parent trees' leaf values.</summary>
    public double? ParentShrinkage { get; set; }
}

public sealed class PipelineDocument
{
    /// <summary><c>logistic-regression</c>, <c>gradient-boosted-trees</c>, or an ML.NET trainer
    /// <c>{ "family": "mlnet", "algorithm": "lightgbm", "options": { … } }</c>.</summary>
    public System.Text.Json.JsonElement? Trainer { get; set; }

    public Dictionary<string, double>? HyperParameters { get; set; }

    public double? EvalShare { get; set; }

    /// <summary>Sliding window of served time, e.g. <c>30d</c>; all examples when absent.</summary>
    public string? Window { get; set; }

    public List<string>? GoldenEvalSet { get; set; }

    public int? MinExamples { get; set; }

    public int? MaxAttempts { get; set; }

    public string? RetryBackoff { get; set; }

    public Dictionary<string, double>? DriftThresholds { get; set; }

    public string? ServingWindow { get; set; }

    public string? ExportDirectory { get; set; }

    /// <summary>Train on at most the newest this many labeled examples.</summary>
    public int? RecentExamples { get; set; }

    /// <summary>Exponential time-decay of example weights, e.g. <c>12h</c>.</summary>
    public string? HalfLife { get; set; }

    /// <summary>Share of the newest examples held out as the recent eval slice (0 to 0.5).</summary>
    public double? RecentEvalShare { get; set; }

    /// <summary><c>hash</c> (default) or <c>recent</c>: which eval rows decide the blessing.</summary>
    public string? BlessOn { get; set; }

    public WarmStartDocument? WarmStart { get; set; }
}

public sealed class TriggersDocument
{
    /// <summary>Cron expression (see <see cref="CronSchedule"/>), e.g. <c>0 3 * * *</c>.</summary>
    public string? Schedule { get; set; }

    public int? NewLabels { get; set; }

    public bool? DriftAlarm { get; set; }

    public double? MinLiveAccuracy { get; set; }

    public int? MinLiveExamples { get; set; }

    /// <summary>Evaluate this model's conditions at most this often, e.g. <c>10m</c>.</summary>
    public string? Cadence { get; set; }

    /// <summary>No automatic run within this time after the last run started, e.g. <c>1h</c>.</summary>
    public string? Cooldown { get; set; }

    /// <summary>A drift or live-accuracy run also needs this many newly labeled examples.</summary>
    public int? MinNewLabelsForDrift { get; set; }
}

public sealed class ApprovalDocument
{
    /// <summary><c>automatic</c> (default) or <c>manual</c>.</summary>
    public string? Policy { get; set; }

    /// <summary>How long a manual request waits before it expires as rejected. Defaults to 1h.</summary>
    public string? Timeout { get; set; }
}

public sealed class FeatureDocument
{
    public string? Name { get; set; }

    /// <summary><c>numeric</c>, <c>categorical</c>, <c>text</c> or <c>boolean</c>.</summary>
    public string? Type { get; set; }

    /// <summary>Defaults to true.</summary>
    public bool? Required { get; set; }

    /// <summary><c>feature</c> (default), <c>slice-only</c> or <c>id</c>.</summary>
    public string? Role { get; set; }

    /// <summary>Longest accepted string, for text and categorical features.</summary>
    public int? MaxLength { get; set; }
}

public sealed class LabelPolicyDocument
{
    /// <summary>Star values (1–5) that count as thumbs up and thumbs down; the rest are ignored.</summary>
    public StarMappingDocument? Stars { get; set; }

    public List<PositiveActionDocument>? PositiveActions { get; set; }

    /// <summary>Binary only: label negative when no positive action came within the window. Defaults to false.</summary>
    public bool? NegativeAfterWindow { get; set; }

    /// <summary>Minimum aggregated crowd confidence (0–1) for a crowd label to count. Defaults to 0.7.</summary>
    public double? MinCrowdConfidence { get; set; }

    /// <summary>How long feedback may wait for its prediction before it is reported as an orphan. Defaults to 7 days.</summary>
    public string? OrphanWindow { get; set; }
}

public sealed class StarMappingDocument
{
    public List<int>? Up { get; set; }

    public List<int>? Down { get; set; }
}

public sealed class PositiveActionDocument
{
    public string? Name { get; set; }

    /// <summary>Attribution window after the prediction, e.g. <c>30m</c>.</summary>
    public string? Window { get; set; }
}
