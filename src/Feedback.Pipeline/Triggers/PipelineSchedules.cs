using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Feedback.Pipeline.Triggers;

/// <summary>Keeps the scheduler's recurring work in line with configuration: the recovery sweep, the join-and-
/// trigger loop, and one cron trigger per model that has a schedule (re-synchronised each loop, so an edited
/// definition takes effect without a restart).</summary>
internal sealed class PipelineSchedules(FeedbackScheduler handle, IServiceScopeFactory scopes, IOptions<PipelineOptions> options) : BackgroundService
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

        await Recurring<RunRecoveryJob>(scheduler, RunRecoveryJob.Key, options.Value.RecoveryInterval, stoppingToken);
        await Recurring<EvaluateTriggersJob>(scheduler, EvaluateTriggersJob.Key, options.Value.TriggerInterval, stoppingToken);
        using var timer = new PeriodicTimer(options.Value.TriggerInterval);
        do
        {
            await SynchroniseCronAsync(scheduler, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static async Task Recurring<TJob>(IScheduler scheduler, JobKey key, TimeSpan interval, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(key).StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity(key.Name, key.Group).ForJob(key).StartNow()
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
