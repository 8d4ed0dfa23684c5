using System.Text.Json;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Approvals;

/// <summary>The notification an approval request causes (requested, decided, expired): what a receiver needs to show
/// it and to find it again.</summary>
internal static class ApprovalEvents
{
    /// <summary>Adds the event to the outbox in the caller's unit of work; returns how many messages it made.</summary>
    public static async Task<int> AddAsync(FeedbackDbContext db, NotificationOutbox outbox, ApprovalRequest request, string eventType, CancellationToken cancellationToken)
    {
        var run = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.Id == request.RunId)
            .Join(db.Models, r => r.ModelId, m => m.Id, (r, m) => new { Model = m.Name, r.Number, r.Trigger, r.Reason })
            .SingleAsync(cancellationToken);
        using var summary = JsonDocument.Parse(string.IsNullOrWhiteSpace(request.Summary) ? "{}" : request.Summary);
        var data = new
        {
            approvalId = request.Id,
            model = run.Model,
            runId = request.RunId,
            run = run.Number,
            trigger = run.Trigger.ToString().ToLowerInvariant(),
            reason = run.Reason,
            status = request.Status,
            summary = summary.RootElement.Clone(),
            createdAt = request.CreatedAt,
            expiresAt = request.ExpiresAt,
            decidedBy = request.DecidedBy,
            decidedAt = request.DecidedAt,
            channel = request.Channel,
            comment = request.Comment,
        };
        return (await outbox.AddAsync(request.ModelId, eventType, data, cancellationToken)).Count;
    }
}
