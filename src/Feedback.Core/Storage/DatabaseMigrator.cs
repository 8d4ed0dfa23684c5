using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Core.Storage;

/// <summary>Applies migrations and reports whether the schema is current (for <c>/readyz</c>).</summary>
public sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ConfiguredDatabase database, ILogger<DatabaseMigrator> logger)
{
    private volatile bool _current;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers run beside the single writer; it is a property of the file, so set it once here.
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            Log.Applying(logger, pending.Count, database.Provider, string.Join(", ", pending));
            await context.Database.MigrateAsync(cancellationToken);
        }

        _current = true;
    }

    /// <summary>True when every migration is applied. Cached once true: the schema does not go back.</summary>
    public async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        if (_current)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        _current = !(await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
        return _current;
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Applying {Count} migration(s) on {Provider}: {Migrations}")]
        public static partial void Applying(ILogger logger, int count, DatabaseProvider provider, string migrations);
    }
}
