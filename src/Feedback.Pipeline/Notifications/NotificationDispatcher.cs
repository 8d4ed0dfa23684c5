using System.Diagnostics;
using Feedback.Core.Notifications;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Notifications;

/// <summary>Delivers due outbox messages: one attempt each, recorded with status code, error and latency; a failure
/// waits an exponential back-off, and the last failure dead-letters the message.</summary>
/// <remarks>A message is claimed with a conditional update before it is sent, so two nodes never send it at once. A
/// node that dies after the claim leaves the message pending; once the claim times out another node sends it again
/// with the same <c>webhook-id</c>: at most one duplicate, which receivers drop by id.</remarks>
public sealed partial class NotificationDispatcher(
    FeedbackDbContext db, IHttpClientFactory clients, ChannelSecrets secrets, TimeProvider time, IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger)
{
    /// <summary>The named <see cref="HttpClient"/> deliveries use.</summary>
    public const string HttpClientName = "notifications";

    private readonly NotificationOptions _options = options.Value;

    /// <summary>Attempts every due message once; returns how many were delivered.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.NotificationMessages.AsNoTracking()
            .Where(m => m.Status == NotificationStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var id in due)
        {
            if (await AttemptAsync(id, cancellationToken) == NotificationStatus.Delivered)
            {
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Makes one attempt at a message if it is due and nobody else holds it; returns its status afterwards,
    /// or null when it was not attempted.</summary>
    public async Task<NotificationStatus?> AttemptAsync(long notificationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await db.NotificationMessages
            .Where(m => m.Id == notificationId && m.Status == NotificationStatus.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now + _options.ClaimTimeout).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var message = await db.NotificationMessages.AsTracking().SingleAsync(m => m.Id == notificationId, cancellationToken);
        var channel = await db.NotificationChannels.AsNoTracking().SingleAsync(c => c.Id == message.ChannelId, cancellationToken);
        var attempt = new NotificationAttempt { NotificationId = message.Id, Attempt = message.Attempts, StartedAt = now };
        var started = time.GetTimestamp();
        try
        {
            using var request = channel.Kind == NotificationChannelKind.Slack
                ? SlackMessage.Request(channel, message, _options.PublicBaseUrl)
                : WebhookSender.Request(channel, message, secrets.Unprotect(channel.ProtectedSecret), now);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            attempt.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                attempt.Error = $"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Security.Cryptography.CryptographicException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The exception's message names the failure without the channel's URL or secret.
            attempt.Error = exception is OperationCanceledException
                ? $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"
                : Truncate($"{exception.GetType().Name}: {exception.Message}");
        }

        attempt.LatencyMilliseconds = time.GetElapsedTime(started).TotalMilliseconds;
        var finished = time.GetUtcNow();
        db.NotificationAttempts.Add(attempt);
        if (attempt.Error is null)
        {
            message.Status = NotificationStatus.Delivered;
            message.DeliveredAt = finished;
            message.LastError = null;
            LogDelivered(logger, message.MessageId, channel.Id, message.Attempts, attempt.LatencyMilliseconds);
        }
        else if (message.Attempts >= _options.MaxAttempts)
        {
            message.Status = NotificationStatus.DeadLettered;
            message.LastError = attempt.Error;
            LogDeadLettered(logger, message.MessageId, channel.Id, message.Attempts, attempt.Error);
        }
        else
        {
            message.LastError = attempt.Error;
            message.NextAttemptAt = finished + Backoff(message.Attempts);
            LogRetrying(logger, message.MessageId, channel.Id, message.Attempts, attempt.Error, message.NextAttemptAt);
        }

        // Not the request's token: the attempt happened and must be recorded even if the job is being stopped.
        await db.SaveChangesAsync(CancellationToken.None);
        return message.Status;
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failure: the first delay, doubled per further failure, capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var doubled = _options.FirstRetryDelay.Ticks * Math.Pow(2, Math.Max(0, attempts - 1));
        return doubled >= _options.MaxRetryDelay.Ticks ? _options.MaxRetryDelay : TimeSpan.FromTicks((long)doubled);
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {MessageId} delivered to channel {ChannelId} on attempt {Attempt} in {LatencyMilliseconds} ms")]
    private static partial void LogDelivered(ILogger logger, string messageId, long channelId, int attempt, double latencyMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {MessageId} to channel {ChannelId} failed on attempt {Attempt} ({Error}); next attempt at {NextAttemptAt}")]
    private static partial void LogRetrying(ILogger logger, string messageId, long channelId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {MessageId} to channel {ChannelId} dead-lettered after {Attempt} attempts ({Error})")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, long channelId, int attempt, string error);
}
