using Hangfire;

namespace Feedback.Pipeline.Notifications;

/// <summary>Drains the notification outbox: enqueued after each event and recurring as a sweep.</summary>
/// <remarks>Hangfire does not retry it: each message carries its own attempts and back-off, and the next drain takes
/// what is due.</remarks>
[AutomaticRetry(Attempts = 0)]
public sealed class DeliverNotificationsJob(NotificationDispatcher dispatcher)
{
    /// <summary>The recurring sweep's id.</summary>
    public const string RecurringId = "notifications:drain";

    [JobDisplayName("Notifications: deliver due messages")]
    public Task ExecuteAsync(CancellationToken cancellationToken) => dispatcher.DrainAsync(cancellationToken);
}
