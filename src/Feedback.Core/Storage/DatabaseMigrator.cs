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

        // MigrateAsync takes EF's migration lock and applies only what is missing. Asking for pending migrations first
        // would query a history table that a fresh database does not have yet, and EF logs that as a failed command.
        await context.Database.MigrateAsync(cancellationToken);
        Log.Current(logger, database.Provider, context.Database.GetMigrations().LastOrDefault() ?? "(none)");
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
        [LoggerMessage(100, LogLevel.Information, "Database schema on {Provider} is current (latest migration {Migration})")]
        public static partial void Current(ILogger logger, DatabaseProvider provider, string migration);
    }
}
