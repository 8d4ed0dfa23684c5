using Feedback.Core.FeedbackEvents;
using Feedback.Core.Predictions;
using Microsoft.Data.Sqlite;

namespace Feedback.Core.Storage.Ingestion;

/// <summary>SQLite write path: one prepared statement re-executed per row inside one transaction, behind the
/// process's write gate.</summary>
internal sealed class SqliteIngestionStore(ConfiguredDatabase database, SqliteWriteGate gate) : IIngestionStore
{
    private const string InsertPredictionSql = """
        INSERT INTO predictions (tracking_id, model_id, model_version, version_tag, inputs, output_label, output_scores,
                                 subject, exploration, origin, served_at, received_at, expires_at, content_hash)
        VALUES ($tracking_id, $model_id, $model_version, $version_tag, $inputs, $output_label, $output_scores,
                $subject, $exploration, $origin, $served_at, $received_at, $expires_at, $content_hash)
        ON CONFLICT (tracking_id) DO NOTHING
        """;

    private const string InsertFeedbackSql = """
        INSERT INTO feedback_events (source, event_id, tracking_id, kind, value_number, value_text, label, action, category,
                                     severity, subject, comment, occurred_at, received_at, content_hash, model_scope, held_at)
        VALUES ($source, $event_id, $tracking_id, $kind, $value_number, $value_text, $label, $action, $category,
                $severity, $subject, $comment, $occurred_at, $received_at, $content_hash, $model_scope, $held_at)
        ON CONFLICT (source, event_id) DO NOTHING
        """;

    public async Task<BatchOutcome> InsertPredictionsAsync(IReadOnlyList<Prediction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcome = new RowOutcome[rows.Count];
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        await using var insert = Command(connection, transaction, InsertPredictionSql,
            "$tracking_id", "$model_id", "$model_version", "$version_tag", "$inputs", "$output_label", "$output_scores",
            "$subject", "$exploration", "$origin", "$served_at", "$received_at", "$expires_at", "$content_hash");
        await using var select = Command(connection, transaction,
            "SELECT model_id, content_hash FROM predictions WHERE tracking_id = $tracking_id", "$tracking_id");
        var p = insert.Parameters;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            p[0].Value = row.TrackingId;
            p[1].Value = row.ModelId;
            p[2].Value = (object?)row.ModelVersion ?? DBNull.Value;
            p[3].Value = (object?)row.VersionTag ?? DBNull.Value;
            p[4].Value = row.Inputs;
            p[5].Value = (object?)row.OutputLabel ?? DBNull.Value;
            p[6].Value = (object?)row.OutputScores ?? DBNull.Value;
            p[7].Value = (object?)row.Subject ?? DBNull.Value;
            p[8].Value = row.Exploration;
            p[9].Value = (int)row.Origin;
            p[10].Value = UnixMicrosecondsConverter.ToMicroseconds(row.ServedAt);
            p[11].Value = UnixMicrosecondsConverter.ToMicroseconds(row.ReceivedAt);
            p[12].Value = UnixMicrosecondsConverter.ToMicroseconds(row.ExpiresAt);
            p[13].Value = row.ContentHash;
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                continue;
            }

            select.Parameters[0].Value = row.TrackingId;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            outcome[i] = await reader.ReadAsync(cancellationToken)
                && reader.GetInt64(0) == row.ModelId
                && ((byte[])reader.GetValue(1)).AsSpan().SequenceEqual(row.ContentHash)
                    ? RowOutcome.Duplicate
                    : RowOutcome.Conflict;
        }

        return await FinishAsync(transaction, outcome, cancellationToken);
    }

    public async Task<BatchOutcome> InsertFeedbackAsync(IReadOnlyList<FeedbackEvent> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcome = new RowOutcome[rows.Count];
        using var _ = await gate.EnterAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        await using var insert = Command(connection, transaction, InsertFeedbackSql,
            "$source", "$event_id", "$tracking_id", "$kind", "$value_number", "$value_text", "$label", "$action", "$category",
            "$severity", "$subject", "$comment", "$occurred_at", "$received_at", "$content_hash", "$model_scope", "$held_at");
        await using var select = Command(connection, transaction,
            "SELECT content_hash FROM feedback_events WHERE source = $source AND event_id = $event_id", "$source", "$event_id");
        var p = insert.Parameters;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            p[0].Value = row.Source;
            p[1].Value = row.EventId;
            p[2].Value = row.TrackingId;
            p[3].Value = (int)row.Kind;
            p[4].Value = (object?)row.ValueNumber ?? DBNull.Value;
            p[5].Value = (object?)row.ValueText ?? DBNull.Value;
            p[6].Value = (object?)row.Label ?? DBNull.Value;
            p[7].Value = (object?)row.Action ?? DBNull.Value;
            p[8].Value = (object?)row.Category ?? DBNull.Value;
            p[9].Value = (object?)row.Severity ?? DBNull.Value;
            p[10].Value = (object?)row.Subject ?? DBNull.Value;
            p[11].Value = (object?)row.Comment ?? DBNull.Value;
            p[12].Value = UnixMicrosecondsConverter.ToMicroseconds(row.OccurredAt);
            p[13].Value = UnixMicrosecondsConverter.ToMicroseconds(row.ReceivedAt);
            p[14].Value = row.ContentHash;
            p[15].Value = (object?)row.ModelScope ?? DBNull.Value;
            p[16].Value = row.HeldAt is { } held ? UnixMicrosecondsConverter.ToMicroseconds(held) : DBNull.Value;
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                continue;
            }

            select.Parameters[0].Value = row.Source;
            select.Parameters[1].Value = row.EventId;
            var stored = await select.ExecuteScalarAsync(cancellationToken) as byte[];
            outcome[i] = stored is not null && stored.AsSpan().SequenceEqual(row.ContentHash) ? RowOutcome.Duplicate : RowOutcome.Conflict;
        }

        return await FinishAsync(transaction, outcome, cancellationToken);
    }

    public async Task<Dictionary<string, long>> FindPredictionModelsAsync(IReadOnlyCollection<string> trackingIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingIds);
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (trackingIds.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT model_id FROM predictions WHERE tracking_id = $tracking_id", "$tracking_id");
        foreach (var id in trackingIds)
        {
            select.Parameters[0].Value = id;
            if (await select.ExecuteScalarAsync(cancellationToken) is long modelId)
            {
                found[id] = modelId;
            }
        }

        return found;
    }

    private static async Task<BatchOutcome> FinishAsync(SqliteTransaction transaction, RowOutcome[] outcome, CancellationToken cancellationToken)
    {
        var result = new BatchOutcome(outcome);
        if (result.Committed)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        return result;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameters)
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
}
