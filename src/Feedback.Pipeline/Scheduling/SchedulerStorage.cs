using Feedback.Core.Storage;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;

namespace Feedback.Pipeline.Scheduling;

/// <summary>Where Hangfire keeps its jobs, chosen by the <c>Database</c> section.</summary>
/// <remarks>
/// PostgreSQL: the schema <c>hangfire</c> of the product's database, created by Hangfire itself on first use and shared
/// by every node; its own connection pool, apart from the product's (which skips the session reset on return). The
/// invisibility timeout slides while a job runs, so a job of a node that died is fetched again by another node after
/// <see cref="SchedulerOptions.InvisibilityTimeout"/>, however long a healthy training takes.
/// SQLite: a file of its own next to the database (<c>feedback.jobs.db</c> beside <c>feedback.db</c>), because SQLite has
/// one writer at a time and job polling must not contend with ingestion. One process only: see
/// <see cref="SqliteSchedulerLock"/>.
/// </remarks>
internal static class SchedulerStorage
{
    /// <summary>The PostgreSQL schema of Hangfire's tables.</summary>
    public const string PostgreSqlSchema = "hangfire";

    public static JobStorage Create(ConfiguredDatabase database, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            var storageOptions = new PostgreSqlStorageOptions
            {
                SchemaName = PostgreSqlSchema,
                PrepareSchemaIfNecessary = true,
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = options.InvisibilityTimeout,
                QueuePollInterval = options.QueuePollInterval,
                // Locks of a node that died are taken over after this; the locked jobs (sweeps) take milliseconds.
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, storageOptions), storageOptions);
        }

        return new SQLiteStorage(SqliteJobsFile(database), new SQLiteStorageOptions
        {
            QueuePollInterval = options.QueuePollInterval,
        });
    }

    /// <summary>The SQLite file of Hangfire's tables: <c>X.jobs.db</c> next to the database file <c>X.db</c>.</summary>
    public static string SqliteJobsFile(ConfiguredDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var file = Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
        return Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + ".jobs.db");
    }
}

/// <summary>Hangfire's SQLite storage is not safe for two processes on one file (both fetch the same job). The process
/// that runs the job server on a SQLite database holds an exclusive lock on <c>X.jobs.db.lock</c> for its lifetime, and
/// a second one refuses to start with a message saying what to do instead.</summary>
internal sealed class SqliteSchedulerLock : IDisposable
{
    private readonly FileStream _lock;

    private SqliteSchedulerLock(FileStream @lock) => _lock = @lock;

    public static SqliteSchedulerLock Acquire(string jobsFile)
    {
        var path = jobsFile + ".lock";
        try
        {
            return new SqliteSchedulerLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"Another process already runs the job server on this SQLite database ({jobsFile} is locked through {path}). "
                + "SQLite job storage is safe for one process only: run a single process with Scheduler:Role=all, start this one with "
                + "Scheduler:Role=web (it then enqueues without executing) or Scheduler:Enabled=false, or move to PostgreSQL for several workers.",
                exception);
        }
    }

    public void Dispose() => _lock.Dispose();
}
