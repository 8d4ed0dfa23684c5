namespace Feedback.Core.Runs;

/// <summary>A request for a human to approve pushing a blessed candidate (SPEC §6), independent of the channel that
/// carries it (API, chat, UI) and audited with who decided, when, through which channel and why.</summary>
public sealed class ApprovalRequest
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public long ModelId { get; set; }

    public ApprovalStatus Status { get; set; }

    /// <summary>JSON for the message: headline metrics and deltas against production, thresholds passed and failed.</summary>
    public required string Summary { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    /// <summary><c>api</c>, <c>ui</c>, <c>slack</c>, <c>policy</c> (automatic), or <c>timeout</c>.</summary>
    public string? Channel { get; set; }

    public string? Comment { get; set; }
}

[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,

    /// <summary>The run was cancelled while the request was pending.</summary>
    Withdrawn,
}
