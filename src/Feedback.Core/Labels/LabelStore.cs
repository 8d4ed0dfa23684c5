using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Feedback.Core.Labels;

/// <summary>The join's write path and its per-model mutual exclusion, one implementation per provider.</summary>
public interface ILabelStore
{
    /// <summary>Holds the model's join lock until disposed: a second caller (this node or another) waits.</summary>
    Task<IAsyncDisposable> LockAsync(long modelId, CancellationToken cancellationToken);

    /// <summary>Writes one chunk atomically: inserts or replaces <paramref name="upserts"/> (by tracking ID), deletes <paramref name="removals"/>.</summary>
    Task WriteAsync(long modelId, IReadOnlyList<LabeledExample> upserts, IReadOnlyList<string> removals, CancellationToken cancellationToken);
}

/// <summary>PostgreSQL: a session advisory lock per model, and one <c>unnest … ON CONFLICT DO UPDATE</c> per chunk.</summary>
internal sealed class PostgresLabelStore(ConfiguredDatabase database) : ILabelStore
{
    // "Lbl" in the high bits keeps the join's advisory keys apart from any other user of advisory locks.
    private const long LockNamespace = 0x4C626C_00000000;

    private const string UpsertSql = """
        INSERT INTO labeled_examples (model_id, tracking_id, prediction_id, label, label_source, confidence, weight, evidence,
                                      conflicts, conflict_count, predicted_label, model_version, served_at, first_labeled_at,
                                      labeled_at, updated_at)
        SELECT $1, t.* FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::double precision[], $7::double precision[],
                                   $8::text[], $9::text[], $10::integer[], $11::text[], $12::integer[], $13::timestamptz[],
                                   $14::timestamptz[], $15::timestamptz[], $16::timestamptz[]) AS t
        ON CONFLICT (tracking_id) DO UPDATE SET
            model_id = excluded.model_id, prediction_id = excluded.prediction_id, label = excluded.label,
            label_source = excluded.label_source, confidence = excluded.confidence, weight = excluded.weight,
            evidence = excluded.evidence, conflicts = excluded.conflicts, conflict_count = excluded.conflict_count,
            predicted_label = excluded.predicted_label, model_version = excluded.model_version, served_at = excluded.served_at,
            first_labeled_at = excluded.first_labeled_at, labeled_at = excluded.labeled_at, updated_at = excluded.updated_at
        """;

    private readonly NpgsqlDataSource _dataSource = database.DataSource
        ?? throw new InvalidOperationException("The PostgreSQL label store needs a PostgreSQL database.");

    public async Task<IAsyncDisposable> LockAsync(long modelId, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockNamespace + modelId });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new AdvisoryLock(connection, LockNamespace + modelId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task WriteAsync(long modelId, IReadOnlyList<LabeledExample> upserts, IReadOnlyList<string> removals, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && removals.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (upserts.Count > 0)
        {
            await using var upsert = new NpgsqlCommand(UpsertSql, connection, transaction);
            upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = modelId });
            upsert.Parameters.Add(Array(upserts, e => e.TrackingId));
            upsert.Parameters.Add(Array(upserts, e => e.PredictionId));
            upsert.Parameters.Add(Array(upserts, e => e.Label));
            upsert.Parameters.Add(Array(upserts, e => e.LabelSource));
            upsert.Parameters.Add(Array(upserts, e => e.Confidence));
            upsert.Parameters.Add(Array(upserts, e => e.Weight));
            upsert.Parameters.Add(Array(upserts, e => e.Evidence));
            upsert.Parameters.Add(Array(upserts, e => e.Conflicts));
            upsert.Parameters.Add(Array(upserts, e => e.ConflictCount));
            upsert.Parameters.Add(Array(upserts, e => e.PredictedLabel));
            upsert.Parameters.Add(Array(upserts, e => e.ModelVersion));
            upsert.Parameters.Add(Array(upserts, e => e.ServedAt));
            upsert.Parameters.Add(Array(upserts, e => e.FirstLabeledAt));
            upsert.Parameters.Add(Array(upserts, e => e.LabeledAt));
            upsert.Parameters.Add(Array(upserts, e => e.UpdatedAt));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (removals.Count > 0)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM labeled_examples WHERE model_id = $1 AND tracking_id = ANY($2)", connection, transaction);
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = modelId });
            delete.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. removals] });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlParameter<T[]> Array<T>(IReadOnlyList<LabeledExample> rows, Func<LabeledExample, T> selector)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = selector(rows[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values };
    }

    /// <summary>Unlocks explicitly: pooled connections are not reset on return, so a session lock would outlive the run.</summary>
    private sealed class AdvisoryLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}

/// <summary>SQLite: an in-process lock per model (one process owns the file), and each chunk as one transaction of
/// prepared statements behind the process's write gate, so ingestion waits at most one chunk.</summary>
internal sealed class SqliteLabelStore(ConfiguredDatabase database, SqliteWriteGate gate) : ILabelStore, IDisposable
{
    private const string UpsertSql = """
        INSERT INTO labeled_examples (model_id, tracking_id, prediction_id, label, label_source, confidence, weight, evidence,
                                      conflicts, conflict_count, predicted_label, model_version, served_at, first_labeled_at,
                                      labeled_at, updated_at)
        VALUES ($model_id, $tracking_id, $prediction_id, $label, $label_source, $confidence, $weight, $evidence,
                $conflicts, $conflict_count, $predicted_label, $model_version, $served_at, $first_labeled_at, $labeled_at, $updated_at)
        ON CONFLICT (tracking_id) DO UPDATE SET
            model_id = excluded.model_id, prediction_id = excluded.prediction_id, label = excluded.label,
            label_source = excluded.label_source, confidence = excluded.confidence, weight = excluded.weight,
            evidence = excluded.evidence, conflicts = excluded.conflicts, conflict_count = excluded.conflict_count,
            predicted_label = excluded.predicted_label, model_version = excluded.model_version, served_at = excluded.served_at,
            first_labeled_at = excluded.first_labeled_at, labeled_at = excluded.labeled_at, updated_at = excluded.updated_at
        """;

    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<IAsyncDisposable> LockAsync(long modelId, CancellationToken cancellationToken)
    {
        // One lock for all models: SQLite has one writer anyway, and runs per model are short.
        await _lock.WaitAsync(cancellationToken);
        return new Releaser(_lock);
    }

    public async Task WriteAsync(long modelId, IReadOnlyList<LabeledExample> upserts, IReadOnlyList<string> removals, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && removals.Count == 0)
        {
            return;
        }

        using var _ = await gate.EnterAsync(cancellationToken);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (upserts.Count > 0)
        {
            await using var upsert = Command(connection, transaction, UpsertSql,
                "$model_id", "$tracking_id", "$prediction_id", "$label", "$label_source", "$confidence", "$weight", "$evidence",
                "$conflicts", "$conflict_count", "$predicted_label", "$model_version", "$served_at", "$first_labeled_at", "$labeled_at", "$updated_at");
            var p = upsert.Parameters;
            foreach (var e in upserts)
            {
                p[0].Value = modelId;
                p[1].Value = e.TrackingId;
                p[2].Value = e.PredictionId;
                p[3].Value = e.Label;
                p[4].Value = e.LabelSource;
                p[5].Value = e.Confidence;
                p[6].Value = e.Weight;
                p[7].Value = e.Evidence;
                p[8].Value = e.Conflicts;
                p[9].Value = e.ConflictCount;
                p[10].Value = (object?)e.PredictedLabel ?? DBNull.Value;
                p[11].Value = (object?)e.ModelVersion ?? DBNull.Value;
                p[12].Value = UnixMicrosecondsConverter.ToMicroseconds(e.ServedAt);
                p[13].Value = UnixMicrosecondsConverter.ToMicroseconds(e.FirstLabeledAt);
                p[14].Value = UnixMicrosecondsConverter.ToMicroseconds(e.LabeledAt);
                p[15].Value = UnixMicrosecondsConverter.ToMicroseconds(e.UpdatedAt);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (removals.Count > 0)
        {
            await using var delete = Command(connection, transaction,
                "DELETE FROM labeled_examples WHERE model_id = $model_id AND tracking_id = $tracking_id", "$model_id", "$tracking_id");
            foreach (var trackingId in removals)
            {
                delete.Parameters[0].Value = modelId;
                delete.Parameters[1].Value = trackingId;
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public void Dispose() => _lock.Dispose();

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
