using System.Text.Json.Serialization;
using Feedback.Core.Runs;

namespace Feedback.Pipeline.Events;

/// <summary>Something that happened to a pipeline run. The contract is stable: <see cref="Type"/> names the event
/// kind, <see cref="ContractVersion"/> changes only when a field changes meaning, and fields are only ever added.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStatusChanged), RunStatusChanged.TypeName)]
[JsonDerivedType(typeof(StepStatusChanged), StepStatusChanged.TypeName)]
[JsonDerivedType(typeof(TrainingProgressed), TrainingProgressed.TypeName)]
[JsonDerivedType(typeof(ApprovalChanged), ApprovalChanged.TypeName)]
public abstract record PipelineEvent(long RunId, string Model, DateTimeOffset At)
{
    /// <summary>Version of the event contract.</summary>
    public int ContractVersion { get; init; } = 1;

    /// <summary>The event kind, e.g. <c>run.status</c>.</summary>
    [JsonIgnore]
    public abstract string Type { get; }
}

/// <summary>A run moved to another status (queued, running, retrying, waiting for approval, succeeded, failed, cancelled).</summary>
public sealed record RunStatusChanged(long RunId, string Model, DateTimeOffset At, int Number, RunStatus Status, RunOutcome? Outcome, string? Error)
    : PipelineEvent(RunId, Model, At)
{
    public const string TypeName = "run.status";

    public override string Type => TypeName;
}

/// <summary>A step moved to another status; <see cref="Attempt"/> counts from 1.</summary>
public sealed record StepStatusChanged(long RunId, string Model, DateTimeOffset At, string Step, StepStatus Status, int Attempt, string? Error)
    : PipelineEvent(RunId, Model, At)
{
    public const string TypeName = "step.status";

    public override string Type => TypeName;
}

/// <summary>A training iteration finished (one per L-BFGS iteration or boosting round).</summary>
public sealed record TrainingProgressed(long RunId, string Model, DateTimeOffset At, int Iteration, double TrainingLoss, double? ValidationLoss)
    : PipelineEvent(RunId, Model, At)
{
    public const string TypeName = "training.progress";

    public override string Type => TypeName;
}

/// <summary>An approval request was opened (<see cref="ApprovalStatus.Pending"/>) or decided (approved, rejected, expired)
/// on this node; pages of approvers show it without reload.</summary>
public sealed record ApprovalChanged(long RunId, string Model, DateTimeOffset At, long ApprovalId, ApprovalStatus Status, string? DecidedBy)
    : PipelineEvent(RunId, Model, At)
{
    public const string TypeName = "approval.status";

    public override string Type => TypeName;
}
