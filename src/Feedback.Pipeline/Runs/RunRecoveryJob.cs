using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Approvals;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Runs;

/// <summary>The safety net of execution (a recurring job): enqueues runs whose process died (stale heartbeat),
/// retries whose job was lost, and expires overdue approvals. One execution at a time across the nodes.</summary>
[AutomaticRetry(Attempts = 0, LogEvents = false, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[DisableConcurrentExecution(timeoutInSeconds: 1)]
public sealed partial class RunRecoveryJob(FeedbackDbContext db, RunScheduler scheduler, ApprovalDecisions approvals, IOptions<PipelineOptions> options, TimeProvider time, ILogger<RunRecoveryJob> logger)
{
    /// <summary>The recurring job's id.</summary>
    public const string RecurringId = "pipeline:run-recovery";

    [JobDisplayName("Recovery sweep: resume orphaned runs, expire overdue approvals")]
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stale = now - options.Value.StaleAfter;
        var orphans = await db.PipelineRuns
            .Where(r => (r.Status == RunStatus.Running || r.Status == RunStatus.Queued) && r.UpdatedAt < stale)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        var lostRetries = await db.RunSteps
            .Where(s => s.Status == StepStatus.Retrying && s.RetryAt < stale)
            .Join(db.PipelineRuns.Where(r => r.Status == RunStatus.Retrying), s => s.RunId, r => r.Id, (s, r) => r.Id)
            .ToListAsync(cancellationToken);
        foreach (var runId in orphans.Concat(lostRetries).Distinct())
        {
            // Touch first so the next sweep does not enqueue it again while it starts.
            await db.PipelineRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u.SetProperty(r => r.UpdatedAt, now), cancellationToken);
            await scheduler.ScheduleRunAsync(runId, null, cancellationToken);
            LogRecovered(logger, runId);
        }

        foreach (var approvalId in await db.ApprovalRequests.Where(a => a.Status == ApprovalStatus.Pending && a.ExpiresAt <= now).Select(a => a.Id).ToListAsync(cancellationToken))
        {
            await approvals.ExpireAsync(approvalId, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} had no live process; enqueued to resume")]
    private static partial void LogRecovered(ILogger logger, long runId);
}
