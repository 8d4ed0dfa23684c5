using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Pipeline.Notifications;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Triggers;

/// <summary>Keeps Hangfire's recurring jobs in line with configuration: the recovery sweep, the join-and-trigger loop,
/// and one recurring job per model that has a cron schedule (re-synchronised each loop, so an edited definition takes
/// effect without a restart). Runs on nodes that execute jobs.</summary>
internal sealed partial class PipelineSchedules(FeedbackScheduler handle, IServiceScopeFactory scopes, IOptions<PipelineOptions> options, IOptions<NotificationOptions> notifications, ILogger<PipelineSchedules> logger) : BackgroundService
{
    private static readonly RecurringJobOptions Utc = new() { TimeZone = TimeZoneInfo.Utc };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!handle.Options.Enabled || !handle.Options.ExecutesJobs)
        {
            return;
        }

        try
        {
            await handle.WhenReadyAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
        {
            return;
        }

        try
        {
            var recurring = handle.Recurring;
            recurring.AddOrUpdate<RunRecoveryJob>(RunRecoveryJob.RecurringId, JobQueues.Default, job => job.ExecuteAsync(CancellationToken.None), IntervalCron.Every(options.Value.RecoveryInterval), Utc);
            recurring.AddOrUpdate<EvaluateTriggersJob>(EvaluateTriggersJob.RecurringId, JobQueues.Default, job => job.ExecuteAsync(CancellationToken.None), IntervalCron.Every(options.Value.TriggerInterval), Utc);
            recurring.AddOrUpdate<DeliverNotificationsJob>(DeliverNotificationsJob.RecurringId, JobQueues.Notifications, job => job.ExecuteAsync(CancellationToken.None), IntervalCron.Every(notifications.Value.DrainInterval), Utc);
            // Recovery also runs at once: a restarted node resumes orphaned runs without waiting for the cron.
            handle.Jobs.Enqueue<RunRecoveryJob>(JobQueues.Default, job => job.ExecuteAsync(CancellationToken.None));
            using var timer = new PeriodicTimer(options.Value.TriggerInterval);
            do
            {
                try
                {
                    await SynchroniseCronAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    // A database hiccup must not stop the host; the next tick tries again.
                    LogSyncFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // Never take the host down for this: runs still execute, and the next start registers the schedules again.
            LogSyncFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Synchronising the models' cron schedules failed; retrying on the next tick")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cron schedule '{Cron}' of {Model} cannot be used ({Reason}); edit the definition (5 fields, or 6 with seconds first)")]
    private static partial void LogBadCron(ILogger logger, string model, string cron, string reason);

    private async Task SynchroniseCronAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var wanted = new Dictionary<string, (string Model, string Cron)>(StringComparer.Ordinal);
        foreach (var model in await db.Models.AsNoTracking().ToListAsync(cancellationToken))
        {
            if (ModelDefinitionReader.FromStored(model.Definition).Triggers.Schedule is not { } cron)
            {
                continue;
            }

            try
            {
                CronSchedule.Parse(cron);
                wanted[ScheduledRunJob.RecurringPrefix + model.Name] = (model.Name, cron);
            }
            catch (FormatException exception)
            {
                // A definition stored before schedules were checked this way (e.g. with a 7th, year field): skip it.
                LogBadCron(logger, model.Name, cron, exception.Message);
            }
        }

        List<RecurringJobDto> existing;
        using (var connection = handle.Storage.GetConnection())
        {
            existing = connection.GetRecurringJobs().Where(j => j.Id.StartsWith(ScheduledRunJob.RecurringPrefix, StringComparison.Ordinal)).ToList();
        }

        var recurring = handle.Recurring;
        foreach (var job in existing.Where(j => !wanted.ContainsKey(j.Id)))
        {
            recurring.RemoveIfExists(job.Id);
        }

        foreach (var (id, (model, cron)) in wanted)
        {
            if (existing.Any(j => j.Id == id && j.Cron == cron))
            {
                continue;
            }

            recurring.AddOrUpdate<ScheduledRunJob>(id, JobQueues.Default, job => job.ExecuteAsync(model, cron, CancellationToken.None), cron, Utc);
        }
    }
}
