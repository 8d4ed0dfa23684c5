using Feedback.Core.Errors;
using Feedback.Core.Notifications;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Events;
using Feedback.Pipeline.Notifications;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Approvals;

/// <summary>Decides approval requests, from any channel (API, UI, chat) or by expiry; each decision is audited on
/// the request (who, when, channel, comment), published on the event bus (open approver pages) and resumes the waiting
/// run, which reads the decision. The decision and its notifications commit in one transaction (the outbox).</summary>
public sealed class ApprovalDecisions(FeedbackDbContext db, RunScheduler scheduler, NotificationOutbox outbox, PipelineEventBus events, TimeProvider time)
{
    public async Task<ApprovalRequest> DecideAsync(long approvalId, bool approve, string decidedBy, string channel, string? comment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        if (comment is { Length: > 4000 })
        {
            throw new InvalidInputException("comment", "must be at most 4000 characters");
        }

        var request = await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(a => a.Id == approvalId, cancellationToken)
            ?? throw new NotFoundException($"approval request {approvalId} does not exist");
        var now = time.GetUtcNow();
        if (request.Status == ApprovalStatus.Pending && request.ExpiresAt <= now)
        {
            await ExpireAsync(approvalId, cancellationToken);
            throw new ConflictException("approval", $"approval request {approvalId} expired at {request.ExpiresAt:O}");
        }

        var status = approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        if (!await TransitionAsync(approvalId, status, decidedBy, channel, comment, now, NotificationEvents.ApprovalDecided, cancellationToken))
        {
            var current = await db.ApprovalRequests.AsNoTracking().SingleAsync(a => a.Id == approvalId, cancellationToken);
            throw new ConflictException("approval", $"approval request {approvalId} is already {current.Status.ToString().ToLowerInvariant()}"
                + (current.DecidedBy is null ? string.Empty : $" (by {current.DecidedBy} at {current.DecidedAt:O})"));
        }

        var decided = await db.ApprovalRequests.AsNoTracking().SingleAsync(a => a.Id == approvalId, cancellationToken);
        await PublishAsync(decided, cancellationToken);
        await ResumeRunAsync(request.RunId, cancellationToken);
        return decided;
    }

    /// <summary>Expires a request whose timeout has passed (a rejection by time); false when it was already decided.</summary>
    public async Task<bool> ExpireAsync(long approvalId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var request = await db.ApprovalRequests.AsNoTracking().SingleOrDefaultAsync(a => a.Id == approvalId, cancellationToken);
        if (request is null || request.Status != ApprovalStatus.Pending || request.ExpiresAt > now)
        {
            return false;
        }

        if (!await TransitionAsync(approvalId, ApprovalStatus.Expired, "timeout", "timeout", $"no decision within the timeout (expired at {request.ExpiresAt:O})", now, NotificationEvents.ApprovalExpired, cancellationToken))
        {
            return false;
        }

        await PublishAsync(await db.ApprovalRequests.AsNoTracking().SingleAsync(a => a.Id == approvalId, cancellationToken), cancellationToken);
        await ResumeRunAsync(request.RunId, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStatus? status, CancellationToken cancellationToken) =>
        await db.ApprovalRequests.AsNoTracking()
            .Where(a => status == null || a.Status == status)
            .OrderByDescending(a => a.Id)
            .Take(500)
            .ToListAsync(cancellationToken);

    // A conditional update, so two approvers deciding at once on different nodes cannot both win; the winner's
    // notifications are written in the same transaction.
    private async Task<bool> TransitionAsync(long approvalId, ApprovalStatus status, string decidedBy, string channel, string? comment, DateTimeOffset now, string eventType, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.ApprovalRequests
            .Where(a => a.Id == approvalId && a.Status == ApprovalStatus.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.DecidedBy, decidedBy)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.Channel, channel)
                .SetProperty(a => a.Comment, comment), cancellationToken) == 1;
        if (!updated)
        {
            return false;
        }

        var request = await db.ApprovalRequests.AsNoTracking().SingleAsync(a => a.Id == approvalId, cancellationToken);
        var notified = await ApprovalEvents.AddAsync(db, outbox, request, eventType, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (notified > 0)
        {
            outbox.Kick();
        }

        return true;
    }

    private async Task PublishAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().Where(m => m.Id == request.ModelId).Select(m => m.Name).SingleAsync(cancellationToken);
        events.Publish(new ApprovalChanged(request.RunId, model, time.GetUtcNow(), request.Id, request.Status, request.DecidedBy));
    }

    private async Task ResumeRunAsync(long runId, CancellationToken cancellationToken)
    {
        var queued = await db.PipelineRuns
            .Where(r => r.Id == runId && r.Status == RunStatus.WaitingForApproval)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RunStatus.Queued).SetProperty(r => r.UpdatedAt, time.GetUtcNow()), cancellationToken);
        if (queued > 0)
        {
            await scheduler.ScheduleRunAsync(runId, null, cancellationToken);
        }
    }
}
