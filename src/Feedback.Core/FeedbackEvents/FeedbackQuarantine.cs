using Feedback.Core.Access;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Core.FeedbackEvents;

/// <summary>One subject's held events.</summary>
public sealed record QuarantinedSubject(string Subject, int Events, DateTimeOffset FirstReceivedAt, DateTimeOffset LastReceivedAt, IReadOnlyList<string> Models);

/// <summary>What a release or discard did.</summary>
public sealed record QuarantineDecision(string Subject, string Action, int Events);

/// <summary>Burst quarantine (SPEC §3.4): events from a subject above its burst rate are stored but held out of the
/// join until an admin releases them (they join like new events) or discards them.</summary>
public sealed partial class FeedbackQuarantine(IServiceScopeFactory scopes, IOptions<AbuseOptions> options, ILogger<FeedbackQuarantine> logger)
{
    /// <summary>Marks as held the events of a batch that take their subject over the burst limit.</summary>
    public async Task HoldBurstsAsync(IReadOnlyList<FeedbackEvent> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var subjects = rows.Where(r => r.Subject is not null).Select(r => r.Subject!).Distinct(StringComparer.Ordinal).ToList();
        if (subjects.Count == 0)
        {
            return;
        }

        var limits = options.Value;
        var since = now - limits.SubjectBurstWindow;
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var recent = await context.FeedbackEvents
            .Where(f => f.Subject != null && EF.Parameter(subjects).Contains(f.Subject) && f.ReceivedAt >= since)
            .GroupBy(f => f.Subject!)
            .Select(g => new { Subject = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Subject, g => g.Count, StringComparer.Ordinal, cancellationToken);
        foreach (var row in rows)
        {
            if (row.Subject is not { } subject)
            {
                continue;
            }

            var count = recent.GetValueOrDefault(subject) + 1;
            recent[subject] = count;
            if (count > limits.SubjectBurstLimit)
            {
                row.HeldAt = now;
            }
        }

        var held = rows.Count(r => r.HeldAt is not null);
        if (held > 0)
        {
            Log.Held(logger, held, limits.SubjectBurstLimit, limits.SubjectBurstWindow);
        }
    }

    /// <summary>Subjects with held events, the caller's models only.</summary>
    public async Task<IReadOnlyList<QuarantinedSubject>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var held = await (
            from f in context.FeedbackEvents
            where f.HeldAt != null && f.Subject != null
            join p in context.Predictions on f.TrackingId equals p.TrackingId into linked
            from p in linked.DefaultIfEmpty()
            join m in context.Models on p.ModelId equals m.Id into named
            from m in named.DefaultIfEmpty()
            select new { Subject = f.Subject!, f.ReceivedAt, Model = m == null ? null : m.Name, f.ModelScope }).ToListAsync(cancellationToken);
        return [.. held
            .Where(h => caller.IsUnrestricted || (h.Model is not null && caller.CanAccess(h.Model)))
            .GroupBy(h => h.Subject, StringComparer.Ordinal)
            .Select(g => new QuarantinedSubject(
                g.Key, g.Count(), g.Min(h => h.ReceivedAt), g.Max(h => h.ReceivedAt),
                [.. g.Select(h => h.Model).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .OrderByDescending(s => s.Events)];
    }

    /// <summary>Releases a subject's held events: they are stored again as new events (same source and event ID),
    /// so the incremental join picks them up.</summary>
    public async Task<QuarantineDecision> ReleaseAsync(string subject, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var held = await context.FeedbackEvents.AsNoTracking().Where(f => f.Subject == subject && f.HeldAt != null).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        await context.FeedbackEvents.Where(f => f.Subject == subject && f.HeldAt != null).ExecuteDeleteAsync(cancellationToken);
        foreach (var row in held)
        {
            row.Id = 0;
            row.HeldAt = null;
        }

        context.FeedbackEvents.AddRange(held);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new QuarantineDecision(subject, "released", held.Count);
    }

    /// <summary>Deletes a subject's held events.</summary>
    public async Task<QuarantineDecision> DiscardAsync(string subject, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var deleted = await context.FeedbackEvents.Where(f => f.Subject == subject && f.HeldAt != null).ExecuteDeleteAsync(cancellationToken);
        return new QuarantineDecision(subject, "discarded", deleted);
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Warning, "Held {Count} feedback events in quarantine: their subjects exceeded {Limit} events per {Window}")]
        public static partial void Held(ILogger logger, int count, int limit, TimeSpan window);
    }
}
