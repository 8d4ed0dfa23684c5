using Feedback.Core.Runs;

namespace Feedback.Core.Notifications;

/// <summary>Where a model's events go: a URL of a given kind, with its secret stored only in protected form.</summary>
public sealed class NotificationChannel
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public required string Name { get; set; }

    public NotificationChannelKind Kind { get; set; }

    /// <summary>The receiver's URL (http or https).</summary>
    public required string Url { get; set; }

    /// <summary>The signing secret, protected with ASP.NET Core Data Protection (keys in the database); never returned.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The event types this channel receives, comma-separated; <c>*</c> for all.</summary>
    public required string Events { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }
}

/// <summary>How a channel's receiver expects messages.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<NotificationChannelKind>))]
public enum NotificationChannelKind
{
    /// <summary>JSON events signed per the Standard Webhooks convention.</summary>
    Webhook,

    /// <summary>Block Kit messages to a Slack incoming-webhook URL (Mattermost accepts the same shape).</summary>
    Slack,
}
