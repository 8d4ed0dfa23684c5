using Feedback.Ml.Schema;

namespace Feedback.Core.Models;

public enum TaskType
{
    Binary,
    Multiclass,
    Regression,
}

/// <summary>A validated, immutable model definition: what the model predicts and from what.</summary>
public sealed record ModelDefinition(
    string Name,
    string? Description,
    TaskType TaskType,
    IReadOnlyList<string> LabelClasses,
    FeatureSchema Features,
    LabelPolicy LabelPolicy,
    TimeSpan Retention,
    double ExplorationShare)
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(90);

    /// <summary>How the model is retrained.</summary>
    public PipelineSettings Pipeline { get; init; } = PipelineSettings.DefaultFor(TaskType);

    /// <summary>The Evaluator's config.</summary>
    public EvaluationSettings Evaluation { get; init; } = EvaluationSettings.DefaultFor(ModelDefinitionValidator.TaskKindOf(TaskType));

    /// <summary>Automatic run triggers.</summary>
    public TriggerSettings Triggers { get; init; } = TriggerSettings.None;

    /// <summary>The approval policy.</summary>
    public ApprovalSettings Approval { get; init; } = ApprovalSettings.Automatic;

    /// <summary>What serving answers before the first production version, or null to answer 409.</summary>
    public ServingFallback? Fallback { get; init; }

    /// <summary>How imported files are read.</summary>
    public ImportSettings Import { get; init; } = ImportSettings.Default;

    public bool IsClassifier => TaskType != TaskType.Regression;

    public bool HasClass(string label) => LabelClasses.Contains(label, StringComparer.Ordinal);
}

/// <summary>How feedback becomes labels for one model (SPEC §3.1).</summary>
public sealed record LabelPolicy(
    IReadOnlyList<int> StarsUp,
    IReadOnlyList<int> StarsDown,
    IReadOnlyList<PositiveAction> PositiveActions,
    bool NegativeAfterWindow,
    double MinCrowdConfidence,
    TimeSpan OrphanWindow)
{
    public static readonly LabelPolicy Default = new([4, 5], [1, 2], [], false, 0.7, TimeSpan.FromDays(7));
}

/// <summary>An implicit action that labels a binary prediction positive when it happens within <see cref="Window"/>.</summary>
public sealed record PositiveAction(string Name, TimeSpan Window);
