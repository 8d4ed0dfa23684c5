using Feedback.Core.Runs;

namespace Feedback.Core.Notifications;

/// <summary>One event for one channel: a row of the transactional outbox, written in the same transaction as the
/// event that causes it and delivered by a job with retries until it is delivered or dead-lettered.</summary>
public sealed class NotificationMessage
{
    public long Id { get; set; }

    /// <summary>The stable id receivers de-duplicate on (<c>msg_…</c>, the <c>webhook-id</c> header): the same on every attempt.</summary>
    public required string MessageId { get; set; }

    public long ChannelId { get; set; }

    public long ModelId { get; set; }

    /// <summary>The event type, e.g. <c>approval.requested</c> (<see cref="NotificationEvents"/>).</summary>
    public required string EventType { get; set; }

    /// <summary>The event's JSON body exactly as it is sent on every attempt.</summary>
    public required string Payload { get; set; }

    public NotificationStatus Status { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due; while an attempt is under way, when another node may take it over.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>Where a message stands.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<NotificationStatus>))]
public enum NotificationStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; kept for inspection and never sent again.</summary>
    DeadLettered,
}

/// <summary>One delivery attempt of a message: what the receiver answered and how long it took.</summary>
public sealed class NotificationAttempt
{
    public long Id { get; set; }

    public long NotificationId { get; set; }

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The HTTP status code, or null when no answer came (refused connection, timeout).</summary>
    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public double LatencyMilliseconds { get; set; }
}

/// <summary>The event types a channel can receive.</summary>
public static class NotificationEvents
{
    public const string ApprovalRequested = "approval.requested";

    public const string ApprovalDecided = "approval.decided";

    public const string ApprovalExpired = "approval.expired";

    /// <summary>A test message sent on request to check a channel.</summary>
    public const string Test = "test";

    /// <summary>Every type a channel may subscribe to.</summary>
    public static IReadOnlyList<string> All { get; } = [ApprovalRequested, ApprovalDecided, ApprovalExpired, Test];
}
