using System.Collections.Concurrent;
using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Feedback.Pipeline.Runs;

/// <summary>At most one executor per run at a time, across every node: a job fetched again after its node died, a
/// recovery sweep and a chained step job can all reach the same run, and only the lease holder executes it.</summary>
/// <remarks>PostgreSQL: a session advisory lock on a connection held while the run executes, released by the server
/// when the holder's connection dies (a killed process holds nothing). SQLite: one process runs the job server (see
/// <c>SqliteSchedulerLock</c>), but another process can still execute a run itself (the CLI's <c>run --wait</c> beside a
/// running server), so the lease is an exclusive lock on a file next to the database, <c>X.db.run-{id}.lock</c>, which the
/// operating system releases when the holder dies; an in-process set keeps two executors of one process apart first.</remarks>
public sealed class RunLease(ConfiguredDatabase database, TimeProvider time)
{
    // The first key of the two-key advisory lock: this product's run leases ("FBRN"), apart from anyone else's locks.
    private const int PostgresLockSpace = 0x4642524E;
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<(string Database, long RunId), byte> SqliteHeld = new();

    /// <summary>Takes the run's lease, waiting up to <paramref name="wait"/> for a holder that is finishing; null
    /// when another executor keeps it.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(long runId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            IAsyncDisposable? lease = database.Provider == DatabaseProvider.PostgreSql
                ? await TryPostgresAsync(runId, cancellationToken).ConfigureAwait(false)
                : TrySqlite(runId);
            if (lease is not null || time.GetUtcNow() >= deadline)
            {
                return lease;
            }

            await Task.Delay(RetryEvery, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private SqliteLease? TrySqlite(long runId)
    {
        var key = (database.ConnectionString, runId);
        if (!SqliteHeld.TryAdd(key, 0))
        {
            return null;
        }

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // An in-memory database lives in one process: the set is the whole lease.
            return new SqliteLease(key, null);
        }

        try
        {
            var path = Path.GetFullPath(file) + $".run-{runId}.lock";
            return new SqliteLease(key, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException)
        {
            // Another process executes the run.
            SqliteHeld.TryRemove(key, out _);
            return null;
        }
    }

    private async Task<PostgresLease?> TryPostgresAsync(long runId, CancellationToken cancellationToken)
    {
        var connection = await database.DataSource!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, @run)", connection);
            command.Parameters.AddWithValue("space", PostgresLockSpace ^ (int)(runId >> 32));
            command.Parameters.AddWithValue("run", unchecked((int)runId));
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new PostgresLease(connection, command.Parameters[0].Value!, command.Parameters[1].Value!);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class SqliteLease((string, long) key, FileStream? file) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }

            SqliteHeld.TryRemove(key, out _);
        }
    }

    private sealed class PostgresLease(NpgsqlConnection connection, object space, object run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Explicitly: the product's pool skips the session reset, so a returned connection would keep the lock.
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@space, @run)", connection);
                command.Parameters.AddWithValue("space", space);
                command.Parameters.AddWithValue("run", run);
                await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                // A broken connection: the server released the lock with the session.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
