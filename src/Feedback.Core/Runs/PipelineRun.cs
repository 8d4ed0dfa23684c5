namespace Feedback.Core.Runs;

/// <summary>One execution of the pipeline (SPEC §5) for one model, with its explicit state and history.</summary>
public sealed class PipelineRun
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    /// <summary>1, 2, 3… per model.</summary>
    public int Number { get; set; }

    public RunStatus Status { get; set; }

    /// <summary>How a finished run ended: pushed, or why not.</summary>
    public RunOutcome? Outcome { get; set; }

    public RunTrigger Trigger { get; set; }

    /// <summary>Why the run started, in words (the trigger's measurement, or the requester's note).</summary>
    public required string Reason { get; set; }

    /// <summary>Train from zero even when the serving version would allow a warm start.</summary>
    public bool ColdStart { get; set; }

    public string? RequestedBy { get; set; }

    /// <summary>The definition revision the run uses (fixed at creation, so an edit mid-run changes nothing).</summary>
    public int DefinitionRevision { get; set; }

    /// <summary>The step executing or next to execute.</summary>
    public string? CurrentStep { get; set; }

    public string? Error { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>The model's id while the run is active, null once it has finished: a unique index on it allows one
    /// active run per model on both databases without partial indexes.</summary>
    public long? ActiveModelId { get; set; }

    /// <summary>The production version when the run started (the warm-start parent and evaluation baseline).</summary>
    public int? BaselineVersion { get; set; }

    /// <summary>The version the run registered and pushed.</summary>
    public int? ProducedVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running or RunStatus.Retrying or RunStatus.WaitingForApproval;
}

[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<RunStatus>))]
public enum RunStatus
{
    Queued,
    Running,

    /// <summary>A step failed and waits for its next attempt.</summary>
    Retrying,
    WaitingForApproval,
    Succeeded,
    Failed,
    Cancelled,
}

[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<RunOutcome>))]
public enum RunOutcome
{
    Pushed,
    NotBlessed,
    Rejected,
    ApprovalExpired,

    /// <summary>The snapshot, definition and baseline equal those of an earlier finished run: no version is created.</summary>
    NothingNew,
}

[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<RunTrigger>))]
public enum RunTrigger
{
    Manual,
    Schedule,
    NewLabels,
    Drift,
    LiveAccuracy,
}
