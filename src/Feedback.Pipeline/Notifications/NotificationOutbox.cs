using System.Text.Json;
using Feedback.Core.Notifications;
using Feedback.Core.Storage;
using Feedback.Pipeline.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Notifications;

/// <summary>Writes events into the transactional outbox: the caller adds them to its own unit of work and commits them
/// with the change that causes them, so an event is never lost to a crash and never sent for a change rolled back.</summary>
public sealed class NotificationOutbox(FeedbackDbContext db, TimeProvider time, FeedbackScheduler scheduler)
{
    /// <summary>Adds one message per enabled channel of the model that takes <paramref name="eventType"/> to the
    /// context, unsaved: the caller's <c>SaveChanges</c> (inside its transaction) commits them.</summary>
    /// <returns>The messages added.</returns>
    public async Task<IReadOnlyList<NotificationMessage>> AddAsync(long modelId, string eventType, object data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var channels = await db.NotificationChannels.AsNoTracking()
            .Where(c => c.ModelId == modelId && c.Enabled)
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);
        var added = new List<NotificationMessage>();
        foreach (var channel in channels.Where(c => Takes(c, eventType)))
        {
            added.Add(Add(channel, eventType, data));
        }

        return added;
    }

    /// <summary>Adds one message for one channel, unsaved, whatever events the channel takes (test messages).</summary>
    public NotificationMessage Add(NotificationChannel channel, string eventType, object data)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var now = time.GetUtcNow();
        var messageId = $"msg_{Guid.NewGuid():N}";
        var message = new NotificationMessage
        {
            MessageId = messageId,
            ChannelId = channel.Id,
            ModelId = channel.ModelId,
            EventType = eventType,
            // The Standard Webhooks envelope; the body is fixed here so that every attempt sends the same bytes.
            Payload = JsonSerializer.Serialize(new { id = messageId, type = eventType, timestamp = now, data }, JsonSerializerOptions.Web),
            Status = NotificationStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.NotificationMessages.Add(message);
        return message;
    }

    /// <summary>Asks a job server to drain the outbox now (after the commit); without a scheduler on this node the
    /// recurring drain of a worker picks the messages up.</summary>
    public void Kick()
    {
        if (scheduler.Options.Enabled)
        {
            scheduler.Jobs.Enqueue<DeliverNotificationsJob>(JobQueues.Notifications, job => job.ExecuteAsync(CancellationToken.None));
        }
    }

    internal static bool Takes(NotificationChannel channel, string eventType) =>
        channel.Events == "*" || channel.Events.Split(',').Contains(eventType, StringComparer.Ordinal);
}
