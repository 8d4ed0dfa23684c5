namespace Feedback.Pipeline.Notifications;

/// <summary>Delivery settings of the notification outbox (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Attempts before a message is dead-lettered. Defaults to 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each further failure doubles it. Defaults to 10 seconds.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts. Defaults to 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take before it counts as failed. Defaults to 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node holds a message it is sending; a node that dies mid-send releases it after this,
    /// and another node sends it again with the same id. Defaults to 2 minutes; must exceed <see cref="RequestTimeout"/>.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the drain job looks for due messages (besides the drain enqueued after each event).
    /// Defaults to 15 seconds.</summary>
    public TimeSpan DrainInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Messages one drain sends at most. Defaults to 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The product's public address, for links in messages (e.g. <c>https://feedback.example.com/</c>); none when unset.</summary>
    public Uri? PublicBaseUrl { get; set; }
}
