using Feedback.Pipeline.Approvals;
using Quartz;

namespace Feedback.Pipeline.Runs;

/// <summary>Puts pipeline work on the Quartz.NET scheduler (persistent store, so a schedule survives restarts and
/// is shared by every node): executing a run now or at a retry time, and expiring an approval request. A run's job
/// is not durable: Quartz deletes it after its last trigger, so finished runs leave nothing behind.</summary>
/// <remarks>On a node whose scheduler is disabled (<c>Scheduler:Enabled=false</c>) both methods do nothing: the run
/// or approval is already in the database, where the recovery sweep of a node that executes jobs picks up a queued run
/// once it looks stale, a lost retry, and an overdue approval. A process without a scheduler that executes runs itself
/// (the pipeline benchmark) calls <see cref="RunExecutor.ExecuteAsync"/> directly.</remarks>
public sealed class RunScheduler(Scheduling.FeedbackScheduler schedulers)
{
    public const string Group = "pipeline";

    public static JobKey RunJobKey(long runId) => new($"run-{runId}", Group);

    public async Task ScheduleRunAsync(long runId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (!schedulers.Options.Enabled)
        {
            return;
        }

        var scheduler = await schedulers.GetSchedulerAsync(cancellationToken);
        var key = RunJobKey(runId);
        var job = JobBuilder.Create<RunPipelineJob>()
            .WithIdentity(key)
            .UsingJobData(RunPipelineJob.RunIdKey, runId)
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"run-{runId}-{Guid.NewGuid():N}", Group)
            .ForJob(key)
            .StartAt(at ?? DateTimeOffset.UtcNow)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.AddJob(job, AddJobOptions.ReplacingAndStoringNonDurable, cancellationToken);
        await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task ScheduleApprovalExpiryAsync(long approvalId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!schedulers.Options.Enabled)
        {
            return;
        }

        var scheduler = await schedulers.GetSchedulerAsync(cancellationToken);
        var job = JobBuilder.Create<ExpireApprovalJob>()
            .WithIdentity($"approval-{approvalId}", Group)
            .UsingJobData(ExpireApprovalJob.ApprovalIdKey, approvalId)
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"approval-{approvalId}", Group)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }
}
