using Quartz;

namespace Feedback.Pipeline.Runs;

/// <summary>The Quartz job that executes (or resumes) one run. Thin: the work is <see cref="RunExecutor"/>'s.
/// Not concurrent per run, so a retry trigger and a recovery trigger can never execute the same run twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class RunPipelineJob(RunExecutor executor) : IJob
{
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await executor.ExecuteAsync(context.MergedJobDataMap.GetLong(RunIdKey), context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}
