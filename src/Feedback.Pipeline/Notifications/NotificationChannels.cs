using System.Text.RegularExpressions;
using Feedback.Core.Errors;
using Feedback.Core.Notifications;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Notifications;

/// <summary>A model's notification channels and their deliveries, for the API and the CLI: create (the secret is shown
/// once), list (never the secret), delete, send a test message, and read deliveries with their attempts.</summary>
public sealed partial class NotificationChannels(FeedbackDbContext db, ChannelSecrets secrets, NotificationOutbox outbox, NotificationDispatcher dispatcher, TimeProvider time)
{
    /// <summary>Creates a channel; the returned secret is not stored in the clear and cannot be read again.</summary>
    public async Task<CreatedChannel> CreateAsync(string model, ChannelRequest request, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Name is not { } name || !ChannelName().IsMatch(name))
        {
            errors.Add("name", "is required: 1 to 100 letters, digits, '-' or '_'");
        }

        if (request.Kind is not { } kindText || !Enum.TryParse<NotificationChannelKind>(kindText, ignoreCase: true, out _) || int.TryParse(kindText, out _))
        {
            errors.Add("kind", "must be webhook or slack");
        }

        if (request.Url is not { Length: <= 2000 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("url", "must be an absolute http or https URL of at most 2000 characters");
        }

        var events = request.Events is null or { Count: 0 } ? ["*"] : request.Events;
        if (events.Any(e => e != "*" && !NotificationEvents.All.Contains(e)))
        {
            errors.Add("events", $"must be '*' or among {string.Join(", ", NotificationEvents.All)}");
        }

        errors.ThrowIfAny();
        var modelId = await ModelIdAsync(model, cancellationToken);
        if (await db.NotificationChannels.AnyAsync(c => c.ModelId == modelId && c.Name == request.Name, cancellationToken))
        {
            throw new ConflictException("name", $"model {model} already has a channel named {request.Name}");
        }

        var secret = ChannelSecrets.Create();
        var channel = new NotificationChannel
        {
            ModelId = modelId,
            Name = request.Name!,
            Kind = Enum.Parse<NotificationChannelKind>(request.Kind!, ignoreCase: true),
            Url = request.Url!,
            ProtectedSecret = secrets.Protect(secret),
            Events = events.Contains("*") ? "*" : string.Join(',', events.Distinct(StringComparer.Ordinal)),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedChannel(ChannelView.Of(channel), secret);
    }

    public async Task<IReadOnlyList<ChannelView>> ListAsync(string model, CancellationToken cancellationToken)
    {
        var modelId = await ModelIdAsync(model, cancellationToken);
        var channels = await db.NotificationChannels.AsNoTracking().Where(c => c.ModelId == modelId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return [.. channels.Select(ChannelView.Of)];
    }

    /// <summary>Deletes a channel with its deliveries.</summary>
    public async Task DeleteAsync(string model, long channelId, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(model, channelId, cancellationToken);
        db.NotificationChannels.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sends a test message through the outbox now and returns its delivery with the first attempt.</summary>
    public async Task<DeliveryView> SendTestAsync(string model, long channelId, string requestedBy, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(model, channelId, cancellationToken);
        var message = outbox.Add(channel, NotificationEvents.Test, new { model, channel = channel.Name, requestedBy, text = $"Test message from Feedback for {model}" });
        await db.SaveChangesAsync(cancellationToken);
        // The dispatcher claims the row with an update the tracked copy would hide.
        db.Entry(message).State = EntityState.Detached;
        await dispatcher.AttemptAsync(message.Id, cancellationToken);
        return (await DeliveriesAsync(model, null, message.Id, 1, cancellationToken))[0];
    }

    /// <summary>The model's deliveries, newest first, with every attempt (<paramref name="status"/> filters, e.g. dead letters).</summary>
    public Task<IReadOnlyList<DeliveryView>> ListDeliveriesAsync(string model, NotificationStatus? status, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
        {
            throw new InvalidInputException("limit", "must be between 1 and 500");
        }

        return DeliveriesAsync(model, status, null, limit, cancellationToken);
    }

    private async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(string model, NotificationStatus? status, long? id, int limit, CancellationToken cancellationToken)
    {
        var modelId = await ModelIdAsync(model, cancellationToken);
        var rows = await db.NotificationMessages.AsNoTracking()
            .Where(m => m.ModelId == modelId && (status == null || m.Status == status) && (id == null || m.Id == id))
            .OrderByDescending(m => m.Id)
            .Take(limit)
            .Join(db.NotificationChannels, m => m.ChannelId, c => c.Id, (m, c) => new { Message = m, Channel = c.Name })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Message.Id).ToList();
        var attempts = (await db.NotificationAttempts.AsNoTracking().Where(a => ids.Contains(a.NotificationId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.NotificationId);
        return [.. rows.Select(r => DeliveryView.Of(r.Message, r.Channel, attempts[r.Message.Id].OrderBy(a => a.Attempt)))];
    }

    private async Task<NotificationChannel> ChannelAsync(string model, long channelId, CancellationToken cancellationToken)
    {
        var modelId = await ModelIdAsync(model, cancellationToken);
        return await db.NotificationChannels.SingleOrDefaultAsync(c => c.Id == channelId && c.ModelId == modelId, cancellationToken)
            ?? throw new NotFoundException($"model {model} has no notification channel {channelId}");
    }

    private async Task<long> ModelIdAsync(string model, CancellationToken cancellationToken) =>
        await db.Models.AsNoTracking().Where(m => m.Name == model).Select(m => (long?)m.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"model {model} does not exist");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex ChannelName();
}

/// <summary>A channel as the API shows it: never its secret.</summary>
public sealed record ChannelView(long Id, string Name, NotificationChannelKind Kind, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt, string CreatedBy)
{
    internal static ChannelView Of(NotificationChannel c) => new(c.Id, c.Name, c.Kind, c.Url, c.Events.Split(','), c.Enabled, c.CreatedAt, c.CreatedBy);
}

/// <summary>A new channel with its signing secret, shown this once.</summary>
public sealed record CreatedChannel(ChannelView Channel, string Secret);

/// <summary>One message and its attempts.</summary>
public sealed record DeliveryView(
    long Id, string MessageId, string Channel, string EventType, NotificationStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, IReadOnlyList<AttemptView> AttemptLog)
{
    internal static DeliveryView Of(NotificationMessage m, string channel, IEnumerable<NotificationAttempt> attempts) => new(
        m.Id, m.MessageId, channel, m.EventType, m.Status, m.Attempts, m.CreatedAt, m.Status == NotificationStatus.Pending ? m.NextAttemptAt : null,
        m.DeliveredAt, m.LastError, [.. attempts.Select(a => new AttemptView(a.Attempt, a.StartedAt, a.StatusCode, a.Error, Math.Round(a.LatencyMilliseconds, 1)))]);
}

/// <summary>One attempt: when, what the receiver answered, and how long it took.</summary>
public sealed record AttemptView(int Attempt, DateTimeOffset StartedAt, int? StatusCode, string? Error, double LatencyMilliseconds);
