namespace Feedback.Core.Runs;

/// <summary>Body of <c>POST /models/{name}/runs</c> (manual trigger); every field optional.</summary>
public sealed class RunRequest
{
    /// <summary>Train from zero even when a warm start is possible.</summary>
    public bool? ColdStart { get; set; }

    /// <summary>Why the run is requested, stored on the run.</summary>
    public string? Reason { get; set; }
}

/// <summary>Body of <c>POST /approvals/{id}:approve</c> and <c>:reject</c>; optional.</summary>
public sealed class ApprovalDecisionRequest
{
    public string? Comment { get; set; }
}
