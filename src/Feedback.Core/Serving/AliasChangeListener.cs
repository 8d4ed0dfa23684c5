using System.Data.Common;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Feedback.Core.Serving;

/// <summary>Keeps this node's <see cref="AliasCache"/> in step with alias moves made anywhere: it reads the alias
/// history's newest id every half <see cref="ServingOptions.AliasStaleness"/> and, on PostgreSQL, also listens on
/// <see cref="ModelAliasChanges.Channel"/> over a dedicated connection so that a move empties the cache at once.</summary>
/// <remarks>It starts checking once the application has started (after the startup migrations). Any failure (the
/// database is unreachable, the connection drops) empties the cache and is retried after the same interval; until a
/// check succeeds again, serving reads aliases from the database.</remarks>
public sealed partial class AliasChangeListener(
    ConfiguredDatabase database,
    AliasCache cache,
    IOptions<ServingOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<AliasChangeListener> logger) : BackgroundService
{
    private const string StampSql = "SELECT COALESCE(MAX(id), 0) FROM model_alias_history";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var interval = options.Value.AliasStaleness / 2;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await (database.Provider == DatabaseProvider.PostgreSql
                    ? ListenAsync(interval, stoppingToken)
                    : PollAsync(interval, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException)
            {
                cache.Invalidate();
                Log.CheckFailed(logger, exception);
                await Task.Delay(interval, timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>SQLite: one connection, one cheap indexed read per interval.</summary>
    private async Task PollAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        while (true)
        {
            await CheckAsync(connection, stoppingToken);
            await Task.Delay(interval, timeProvider, stoppingToken);
        }
    }

    /// <summary>PostgreSQL: LISTEN on a connection of its own; the periodic check runs on the same connection, which
    /// also keeps it alive and surfaces a broken one.</summary>
    private async Task ListenAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        var dataSource = database.DataSource ?? throw new InvalidOperationException("PostgreSQL has no data source.");
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += OnNotification;
        try
        {
            await using (var listen = new NpgsqlCommand($"LISTEN {ModelAliasChanges.Channel}", connection))
            {
                await listen.ExecuteNonQueryAsync(stoppingToken);
            }

            while (true)
            {
                // After LISTEN: a move that commits from here on notifies; one before is in the stamp.
                await CheckAsync(connection, stoppingToken);
                var due = timeProvider.GetTimestamp();
                TimeSpan left;
                while ((left = interval - timeProvider.GetElapsedTime(due)) > TimeSpan.Zero)
                {
                    await connection.WaitAsync(left, stoppingToken);
                }
            }
        }
        finally
        {
            connection.Notification -= OnNotification;
            if (connection.State == System.Data.ConnectionState.Open)
            {
                // The connection goes back to the pool: it must not keep listening there.
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private void OnNotification(object? sender, NpgsqlNotificationEventArgs e)
    {
        cache.Invalidate();
        Log.Notified(logger, e.Payload);
    }

    private async Task CheckAsync(DbConnection connection, CancellationToken stoppingToken)
    {
        var startedAt = timeProvider.GetTimestamp();
        await using var command = connection.CreateCommand();
        command.CommandText = StampSql;
        var stamp = Convert.ToInt64(await command.ExecuteScalarAsync(stoppingToken), System.Globalization.CultureInfo.InvariantCulture);
        cache.Confirm(stamp, startedAt);
    }

    private static partial class Log
    {
        [LoggerMessage(510, LogLevel.Debug, "Alias move notified for model {ModelId}: this node's alias cache is emptied")]
        public static partial void Notified(ILogger logger, string modelId);

        [LoggerMessage(511, LogLevel.Warning, "Alias change check failed; serving reads aliases from the database until a check succeeds again")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
