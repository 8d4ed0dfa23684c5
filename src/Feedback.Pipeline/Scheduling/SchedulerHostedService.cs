using Feedback.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Feedback.Pipeline.Scheduling;

/// <summary>Creates the scheduler once the database is migrated and, on nodes that execute jobs, starts it; shuts it
/// down without waiting for running jobs.</summary>
/// <remarks>
/// Used instead of Quartz's own hosted service because that one builds the scheduler (and checks the schema) inside
/// <c>StartAsync</c>, which would race <c>DatabaseMigrator</c> or fail outright on a node that leaves migrating to
/// another node or to the CLI. Here creation waits for <c>ApplicationStarted</c> (every other hosted service, the
/// migrator's caller included, has started) and then for the schema to be current.
/// Shutdown does not wait for jobs: a pipeline step can train for an hour. Running jobs are cancelled, and a job that
/// requests recovery and stops by throwing <see cref="OperationCanceledException"/> is handed back to the store, to run
/// again on another node or at the next start, exactly as after a crash.
/// </remarks>
internal sealed partial class SchedulerHostedService(
    FeedbackScheduler handle,
    ISchedulerFactory factory,
    DatabaseMigrator migrator,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SchedulerHostedService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan SchemaPollInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;
    private IScheduler? _scheduler;
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WaitForApplicationStartedAsync(cancellationToken).ConfigureAwait(false);
            while (!await migrator.IsCurrentAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.WaitingForMigrations(logger);
                await Task.Delay(SchemaPollInterval, time, cancellationToken).ConfigureAwait(false);
            }

            // Not cancellable: a scheduler created while the host stops must still be assigned, so StopAsync shuts
            // it down; otherwise its threads outlive the host and its data source.
            var scheduler = await factory.GetScheduler(CancellationToken.None).ConfigureAwait(false);
            _scheduler = scheduler;
            cancellationToken.ThrowIfCancellationRequested();
            var options = handle.Options;
            if (options.ExecutesJobs)
            {
                await scheduler.Start(cancellationToken).ConfigureAwait(false);
            }

            Log.Started(logger, scheduler.SchedulerName, scheduler.SchedulerInstanceId, options.Role, options.ExecutesJobs);
            handle.Ready(scheduler);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            handle.Failed(new OperationCanceledException("The host stopped before the scheduler started."));
        }
        catch (Exception exception)
        {
            Log.StartFailed(logger, exception);
            handle.Failed(exception);
        }
    }

    private async Task WaitForApplicationStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host stops once, but a test factory may stop a host that already stopped itself (and disposed us).
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _starting.ConfigureAwait(false);
        if (_scheduler is { Status: not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown) } scheduler)
        {
            // Stop firing first, then shut down within a bound: a shutdown stuck behind a job must not hold the host.
            await scheduler.Standby(cancellationToken).ConfigureAwait(false);
            var shutdown = scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None).AsTask();
            await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromSeconds(10), time, cancellationToken)).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Information, "Scheduler {SchedulerName} ({InstanceId}) is up as role {Role}; executes jobs: {ExecutesJobs}")]
        public static partial void Started(ILogger logger, string schedulerName, string instanceId, SchedulerRole role, bool executesJobs);

        [LoggerMessage(2001, LogLevel.Warning, "The scheduler waits for the database migrations (Database:MigrateOnStartup is off or another node is migrating)")]
        public static partial void WaitingForMigrations(ILogger logger);

        [LoggerMessage(2002, LogLevel.Error, "The scheduler could not start")]
        public static partial void StartFailed(ILogger logger, Exception exception);
    }
}
