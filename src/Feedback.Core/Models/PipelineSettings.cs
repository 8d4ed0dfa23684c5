using Feedback.Ml.Evaluation;

namespace Feedback.Core.Models;

/// <summary>Which trainer a model's pipeline uses (SPEC §5.6).</summary>
public enum TrainerKind
{
    LogisticRegression,
    GradientBoostedTrees,

    /// <summary>An ML.NET algorithm; <see cref="PipelineSettings.MlNet"/> says which and with what options.</summary>
    MlNet,
}

/// <summary>How a model is retrained (SPEC §5): data window and split, trainer, retries, export.</summary>
/// <param name="Trainer">The trainer; logistic regression for classifiers and boosted trees for regression by default.</param>
/// <param name="HyperParameters">Trainer hyper-parameters by name (validated per trainer).</param>
/// <param name="EvalShare">Share of tracking IDs hashed into the eval split (default 0.2).</param>
/// <param name="Window">Only examples served within this window before the run, or null for all.</param>
/// <param name="GoldenEvalSet">Tracking IDs that are always in the eval split (a fixed golden set).</param>
/// <param name="MinExamples">Below this many labeled examples a run fails at ExampleGen instead of training on noise.</param>
/// <param name="MaxAttempts">Attempts per step before the run fails (1 = no retry).</param>
/// <param name="RetryBackoff">Delay before the first retry; it doubles on each further attempt.</param>
/// <param name="DriftThresholds">Per-feature distance thresholds for drift and skew checks (L∞ for categorical and
/// boolean features, Jensen–Shannon for numeric and text).</param>
/// <param name="ServingWindow">Recent serving traffic compared with the training data for skew and drift alarms.</param>
/// <param name="ExportDirectory">When set, the Pusher also writes <c>models/{name}/{version}/</c> under it.</param>
public sealed record PipelineSettings(
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> HyperParameters,
    double EvalShare,
    TimeSpan? Window,
    IReadOnlyList<string> GoldenEvalSet,
    int MinExamples,
    int MaxAttempts,
    TimeSpan RetryBackoff,
    IReadOnlyDictionary<string, double> DriftThresholds,
    TimeSpan ServingWindow,
    string? ExportDirectory)
{
    public static PipelineSettings DefaultFor(TaskType task) => new(
        task == TaskType.Regression ? TrainerKind.GradientBoostedTrees : TrainerKind.LogisticRegression,
        new Dictionary<string, double>(),
        0.2,
        null,
        [],
        20,
        3,
        TimeSpan.FromSeconds(10),
        new Dictionary<string, double>(),
        TimeSpan.FromDays(1),
        null);

    /// <summary>Recent-data limits, decay and the recent eval slice.</summary>
    public RecencySettings Recency { get; init; } = RecencySettings.None;

    /// <summary>When a run trains from scratch instead of continuing production, and how a tree parent is kept.</summary>
    public WarmStartPolicy WarmStart { get; init; } = WarmStartPolicy.Default;

    /// <summary>The ML.NET algorithm and options when <see cref="Trainer"/> is <see cref="TrainerKind.MlNet"/>, else null.</summary>
    public Ml.Training.MlNet.MlNetTrainerSpec? MlNet { get; init; }
}

/// <summary>What starts a run besides a manual request (SPEC §5.9). Every condition is off unless set.</summary>
/// <param name="Schedule">A cron expression (5 fields, or 6 with seconds first; see <see cref="CronSchedule"/>), e.g. <c>0 3 * * *</c>.</param>
/// <param name="NewLabels">Run when this many examples were newly labeled since the last run started.</param>
/// <param name="DriftAlarm">Run when recent serving traffic drifts from the training data beyond the pipeline's thresholds.</param>
/// <param name="MinLiveAccuracy">Run when the production version's accuracy on labeled feedback drops below this.</param>
/// <param name="MinLiveExamples">Labeled predictions needed before live accuracy is trusted.</param>
public sealed record TriggerSettings(string? Schedule, int? NewLabels, bool DriftAlarm, double? MinLiveAccuracy, int MinLiveExamples)
{
    public static readonly TriggerSettings None = new(null, null, false, null, 100);

    /// <summary>Cadence, cooldown and the new-label floor for drift runs.</summary>
    public TriggerGates Gates { get; init; } = TriggerGates.None;

    public bool HasAutomaticConditions => NewLabels is not null || DriftAlarm || MinLiveAccuracy is not null;
}

public enum ApprovalMode
{
    Automatic,
    Manual,
}

/// <summary>Who signs a blessed model off before it is pushed (SPEC §5.8, §6).</summary>
public sealed record ApprovalSettings(ApprovalMode Mode, TimeSpan Timeout)
{
    public static readonly ApprovalSettings Automatic = new(ApprovalMode.Automatic, TimeSpan.FromHours(1));
}

/// <summary>The evaluation config of a model, with the JSON it came from (kept for the canonical definition).</summary>
public sealed record EvaluationSettings(EvaluationConfig Config, string? Json)
{
    /// <summary>The settings of a definition without an <c>evaluation</c> section: every metric of the task and the
    /// <see cref="NoRegressionThreshold"/>.</summary>
    public static EvaluationSettings DefaultFor(Feedback.Ml.Training.TaskKind task) => new(NoRegressionThreshold.Apply(new EvaluationConfig(task)), null);
}
