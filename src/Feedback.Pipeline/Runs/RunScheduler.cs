using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Approvals;
using Feedback.Pipeline.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Pipeline.Runs;

/// <summary>Puts pipeline work on Hangfire: the job for a run's next step, now or at a retry time, and the expiry of
/// an approval request. The step's job goes to its queue (the Trainer to <c>training</c>) and is named after the step,
/// the run and the model, so the dashboard shows "Trainer of run #42 of churn".</summary>
/// <remarks>On a node whose scheduler is disabled (<c>Scheduler:Enabled=false</c>) both methods do nothing: the run
/// or approval is already in the database, where the recovery sweep of a node that executes jobs picks up a queued run
/// once it looks stale, a lost retry, and an overdue approval. A process that executes runs itself (the CLI, the
/// pipeline benchmark) calls <see cref="RunExecutor.ExecuteAsync(long, string?, CancellationToken)"/> directly.</remarks>
public sealed class RunScheduler(FeedbackScheduler scheduler, FeedbackDbContext db, TimeProvider clock)
{
    /// <summary>Enqueues the job of the run's first unfinished step (at <paramref name="at"/>, or now); returns its
    /// Hangfire job id, or null when there is nothing to execute or no scheduler here.</summary>
    public async Task<string?> ScheduleRunAsync(long runId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (!scheduler.Options.Enabled)
        {
            return null;
        }

        var run = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.Id == runId)
            .Join(db.Models, r => r.ModelId, m => m.Id, (r, m) => new { r.Number, Model = m.Name })
            .SingleOrDefaultAsync(cancellationToken);
        var step = await db.RunSteps.AsNoTracking()
            .Where(s => s.RunId == runId && s.Status != StepStatus.Succeeded && s.Status != StepStatus.Cached && s.Status != StepStatus.Skipped)
            .OrderBy(s => s.Ordinal)
            .Select(s => s.Name)
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null || step is null)
        {
            return null;
        }

        var queue = step == PipelineStepNames.Trainer ? JobQueues.Training : JobQueues.Default;
        return at is { } time && time > clock.GetUtcNow()
            ? scheduler.Jobs.Schedule<RunStepJob>(queue, job => job.ExecuteAsync(runId, run.Model, run.Number, step, CancellationToken.None), WholeSecondAfter(time))
            : scheduler.Jobs.Enqueue<RunStepJob>(queue, job => job.ExecuteAsync(runId, run.Model, run.Number, step, CancellationToken.None));
    }

    // Hangfire keeps a delayed job's due time in whole seconds and enqueues it once that second has begun: rounded
    // down, a retry would start up to a second before its back-off is over.
    private static DateTimeOffset WholeSecondAfter(DateTimeOffset time) =>
        new(time.UtcTicks + (TimeSpan.TicksPerSecond - (time.UtcTicks % TimeSpan.TicksPerSecond)) % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    public Task ScheduleApprovalExpiryAsync(long approvalId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (scheduler.Options.Enabled)
        {
            scheduler.Jobs.Schedule<ExpireApprovalJob>(JobQueues.Notifications, job => job.ExecuteAsync(approvalId, CancellationToken.None), at);
        }

        return Task.CompletedTask;
    }
}
