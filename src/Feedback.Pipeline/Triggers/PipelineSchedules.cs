using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Feedback.Pipeline.Triggers;

/// <summary>Keeps the scheduler's recurring work in line with configuration: the recovery sweep, the join-and-
/// trigger loop, and one cron trigger per model that has a schedule (re-synchronised each loop, so an edited
/// definition takes effect without a restart).</summary>
internal sealed partial class PipelineSchedules(FeedbackScheduler handle, IServiceScopeFactory scopes, IOptions<PipelineOptions> options, ILogger<PipelineSchedules> logger) : BackgroundService
{
    public const string CronGroup = "pipeline-cron";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!handle.Options.Enabled)
        {
            return;
        }

        IScheduler scheduler;
        try
        {
            scheduler = await handle.GetSchedulerAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
        {
            return;
        }

        try
        {
            // Recovery runs at once (a restarted node resumes orphaned runs); triggers first fire one interval later.
            await Recurring<RunRecoveryJob>(scheduler, RunRecoveryJob.Key, options.Value.RecoveryInterval, TimeSpan.Zero, stoppingToken);
            await Recurring<EvaluateTriggersJob>(scheduler, EvaluateTriggersJob.Key, options.Value.TriggerInterval, options.Value.TriggerInterval, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.TriggerInterval);
            do
            {
                try
                {
                    await SynchroniseCronAsync(scheduler, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    // One bad definition or a database hiccup must not stop the host; the next tick tries again.
                    LogSyncFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (Exception exception) when (stoppingToken.IsCancellationRequested && exception is OperationCanceledException or SchedulerException)
        {
            // The host is stopping.
        }
        catch (Exception exception) when (exception is SchedulerException or System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // Never take the host down for this: runs still execute, and the next start registers the schedules again.
            LogSyncFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Synchronising the models' cron triggers failed; retrying on the next tick")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);

    private static async Task Recurring<TJob>(IScheduler scheduler, JobKey key, TimeSpan interval, TimeSpan delay, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity(key.Name, key.Group).ForJob(key).StartAt(DateTimeOffset.UtcNow + delay)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    private async Task SynchroniseCronAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in await db.Models.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (ModelDefinitionReader.FromStored(model.Definition).Triggers.Schedule is { } cron)
            {
                wanted[model.Name] = cron;
            }
        }

        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(CronGroup), cancellationToken))
        {
            var existing = await scheduler.GetTrigger(key, cancellationToken) as ICronTrigger;
            if (!wanted.TryGetValue(key.Name, out var cron) || existing?.CronExpressionString != cron)
            {
                await scheduler.UnscheduleJob(key, cancellationToken);
            }
            else
            {
                wanted.Remove(key.Name);
            }
        }

        foreach (var (model, cron) in wanted)
        {
            var job = JobBuilder.Create<ScheduledRunJob>().WithIdentity(model, CronGroup).UsingJobData(ScheduledRunJob.ModelKey, model).Build();
            var trigger = TriggerBuilder.Create().WithIdentity(model, CronGroup).WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
            await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }
}
