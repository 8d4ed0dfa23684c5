using Feedback.Core.Storage;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Pipeline.Scheduling;

/// <summary>Starts this node's Hangfire job server once the database is migrated (on nodes that execute jobs) and
/// stops it without waiting long for running jobs.</summary>
/// <remarks>
/// Used instead of Hangfire's own hosted server because that one starts executing at host start, racing
/// <c>DatabaseMigrator</c>: a job would meet tables that do not exist yet. Here the server waits for
/// <c>ApplicationStarted</c> and then for the schema to be current. On SQLite the single-process lock is taken in
/// <see cref="StartAsync"/>, so a second process fails to start with the reason instead of running jobs twice.
/// Shutdown gives jobs <see cref="SchedulerOptions.ShutdownTimeout"/> to notice their cancelled token: a pipeline step
/// records the interruption and its run is resumed by any node, exactly as after a crash.
/// </remarks>
internal sealed partial class SchedulerHostedService(
    FeedbackScheduler handle,
    ConfiguredDatabase database,
    DatabaseMigrator migrator,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SchedulerHostedService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan SchemaPollInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;
    private BackgroundJobServer? _server;
    private SqliteSchedulerLock? _sqliteLock;
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = handle.Options;
        if (!options.Enabled)
        {
            return Task.CompletedTask;
        }

        if (options.ExecutesJobs && database.Provider == DatabaseProvider.Sqlite)
        {
            _sqliteLock = SqliteSchedulerLock.Acquire(SchedulerStorage.SqliteJobsFile(database));
        }

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

            var options = handle.Options;
            var storage = handle.Storage;
            if (options.ExecutesJobs)
            {
                var name = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
                _server = new BackgroundJobServer(
                    new BackgroundJobServerOptions
                    {
                        ServerName = name,
                        WorkerCount = options.WorkerCount,
                        Queues = [.. options.EffectiveQueues],
                        SchedulePollingInterval = options.SchedulePollInterval,
                        ShutdownTimeout = options.ShutdownTimeout,
                        StopTimeout = options.ShutdownTimeout,
                        Activator = new AspNetCoreJobActivator(scopes),
                    },
                    storage);
                handle.ServerRunning = true;
                Log.Started(logger, name, options.Role, string.Join(",", options.EffectiveQueues), options.WorkerCount);
            }

            handle.Ready();
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
        if (_server is { } server)
        {
            handle.ServerRunning = false;
            server.SendStop();
            try
            {
                // Bounded: a job deaf to its token must not hold the host; its run is resumed elsewhere.
                await server.WaitForShutdownAsync(cancellationToken).WaitAsync(handle.Options.ShutdownTimeout + TimeSpan.FromSeconds(5), time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.ShutdownTimedOut(logger);
            }

            server.Dispose();
        }

        _sqliteLock?.Dispose();
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _stopped, 1);
        _stopping.Dispose();
        _sqliteLock?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Information, "Job server {ServerName} is up as role {Role} on queues {Queues} with {WorkerCount} workers")]
        public static partial void Started(ILogger logger, string serverName, SchedulerRole role, string queues, int workerCount);

        [LoggerMessage(2001, LogLevel.Warning, "The job server waits for the database migrations (Database:MigrateOnStartup is off or another node is migrating)")]
        public static partial void WaitingForMigrations(ILogger logger);

        [LoggerMessage(2002, LogLevel.Error, "The job server could not start")]
        public static partial void StartFailed(ILogger logger, Exception exception);

        [LoggerMessage(2003, LogLevel.Warning, "The job server did not stop within its shutdown timeout; running jobs are abandoned and resumed elsewhere")]
        public static partial void ShutdownTimedOut(ILogger logger);
    }
}
