using Feedback.Core.FeedbackEvents;
using Feedback.Core.Predictions;
using Npgsql;

namespace Feedback.Core.Storage.Ingestion;

/// <summary>PostgreSQL write path: each batch is one <c>INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING
/// RETURNING</c>, so a batch of any size costs one round trip and one parameter per column.</summary>
/// <remarks>A one-row batch runs without an explicit transaction: its single INSERT is atomic, and if its key exists
/// nothing was written, so a conflict needs no rollback. That saves the COMMIT round trip on the single-event path.</remarks>
internal sealed class PostgresIngestionStore(ConfiguredDatabase database) : IIngestionStore
{
    private const string InsertPredictionsSql = """
        INSERT INTO predictions (tracking_id, model_id, model_version, version_tag, inputs, output_label, output_scores,
                                 subject, exploration, origin, served_at, received_at, expires_at, content_hash)
        SELECT t.tracking_id, t.model_id, t.model_version, t.version_tag, t.inputs::jsonb, t.output_label, t.output_scores::jsonb,
               t.subject, t.exploration, t.origin, t.served_at, t.received_at, t.expires_at, t.content_hash
        FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::boolean[], $10::integer[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::bytea[])
             AS t(tracking_id, model_id, model_version, version_tag, inputs, output_label, output_scores,
                  subject, exploration, origin, served_at, received_at, expires_at, content_hash)
        ON CONFLICT (tracking_id) DO NOTHING
        RETURNING tracking_id
        """;

    private const string ExistingPredictionsSql =
        "SELECT tracking_id, model_id, content_hash FROM predictions WHERE tracking_id = ANY($1)";

    private const string InsertFeedbackSql = """
        INSERT INTO feedback_events (source, event_id, tracking_id, kind, value_number, value_text, label, action, category,
                                     severity, subject, comment, occurred_at, received_at, content_hash, model_scope, held_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::double precision[], $6::text[], $7::text[],
                             $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::bytea[],
                             $16::text[], $17::timestamptz[])
        ON CONFLICT (source, event_id) DO NOTHING
        RETURNING source, event_id
        """;

    private const string ExistingFeedbackSql = """
        SELECT f.source, f.event_id, f.content_hash
        FROM feedback_events f
        JOIN unnest($1::text[], $2::text[]) AS k(source, event_id) ON f.source = k.source AND f.event_id = k.event_id
        """;

    private readonly NpgsqlDataSource _dataSource = database.DataSource
        ?? throw new InvalidOperationException("The PostgreSQL ingestion store needs a PostgreSQL database.");

    public async Task<BatchOutcome> InsertPredictionsAsync(IReadOnlyList<Prediction> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcome = new RowOutcome[rows.Count];
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = rows.Count == 1 ? null : await connection.BeginTransactionAsync(cancellationToken);

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var insert = new NpgsqlCommand(InsertPredictionsSql, connection, transaction))
        {
            insert.Parameters.Add(Array(rows, r => r.TrackingId));
            insert.Parameters.Add(Array(rows, r => r.ModelId));
            insert.Parameters.Add(Array(rows, r => r.ModelVersion));
            insert.Parameters.Add(Array(rows, r => r.VersionTag));
            insert.Parameters.Add(Array(rows, r => r.Inputs));
            insert.Parameters.Add(Array(rows, r => r.OutputLabel));
            insert.Parameters.Add(Array(rows, r => r.OutputScores));
            insert.Parameters.Add(Array(rows, r => r.Subject));
            insert.Parameters.Add(Array(rows, r => r.Exploration));
            insert.Parameters.Add(Array(rows, r => (int)r.Origin));
            insert.Parameters.Add(Array(rows, r => r.ServedAt));
            insert.Parameters.Add(Array(rows, r => r.ReceivedAt));
            insert.Parameters.Add(Array(rows, r => r.ExpiresAt));
            insert.Parameters.Add(Array(rows, r => r.ContentHash));
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        if (inserted.Count < rows.Count)
        {
            var existing = new Dictionary<string, (long ModelId, byte[] Hash)>(StringComparer.Ordinal);
            await using var select = new NpgsqlCommand(ExistingPredictionsSql, connection, transaction);
            select.Parameters.Add(new NpgsqlParameter { Value = rows.Where(r => !inserted.Contains(r.TrackingId)).Select(r => r.TrackingId).ToArray() });
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    existing[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader.GetValue(2));
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                if (!inserted.Contains(rows[i].TrackingId))
                {
                    outcome[i] = existing.TryGetValue(rows[i].TrackingId, out var stored)
                        && stored.ModelId == rows[i].ModelId && stored.Hash.AsSpan().SequenceEqual(rows[i].ContentHash)
                            ? RowOutcome.Duplicate
                            : RowOutcome.Conflict;
                }
            }
        }

        var result = new BatchOutcome(outcome);
        if (result.Committed && transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    public async Task<BatchOutcome> InsertFeedbackAsync(IReadOnlyList<FeedbackEvent> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcome = new RowOutcome[rows.Count];
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = rows.Count == 1 ? null : await connection.BeginTransactionAsync(cancellationToken);

        var inserted = new HashSet<(string, string)>();
        await using (var insert = new NpgsqlCommand(InsertFeedbackSql, connection, transaction))
        {
            insert.Parameters.Add(Array(rows, r => r.Source));
            insert.Parameters.Add(Array(rows, r => r.EventId));
            insert.Parameters.Add(Array(rows, r => r.TrackingId));
            insert.Parameters.Add(Array(rows, r => (int)r.Kind));
            insert.Parameters.Add(Array(rows, r => r.ValueNumber));
            insert.Parameters.Add(Array(rows, r => r.ValueText));
            insert.Parameters.Add(Array(rows, r => r.Label));
            insert.Parameters.Add(Array(rows, r => r.Action));
            insert.Parameters.Add(Array(rows, r => r.Category));
            insert.Parameters.Add(Array(rows, r => r.Severity));
            insert.Parameters.Add(Array(rows, r => r.Subject));
            insert.Parameters.Add(Array(rows, r => r.Comment));
            insert.Parameters.Add(Array(rows, r => r.OccurredAt));
            insert.Parameters.Add(Array(rows, r => r.ReceivedAt));
            insert.Parameters.Add(Array(rows, r => r.ContentHash));
            insert.Parameters.Add(Array(rows, r => r.ModelScope));
            insert.Parameters.Add(Array(rows, r => r.HeldAt));
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (inserted.Count < rows.Count)
        {
            var missing = rows.Where(r => !inserted.Contains((r.Source, r.EventId))).ToList();
            var existing = new Dictionary<(string, string), byte[]>();
            await using var select = new NpgsqlCommand(ExistingFeedbackSql, connection, transaction);
            select.Parameters.Add(new NpgsqlParameter { Value = missing.Select(r => r.Source).ToArray() });
            select.Parameters.Add(new NpgsqlParameter { Value = missing.Select(r => r.EventId).ToArray() });
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    existing[(reader.GetString(0), reader.GetString(1))] = (byte[])reader.GetValue(2);
                }
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var key = (rows[i].Source, rows[i].EventId);
                if (!inserted.Contains(key))
                {
                    outcome[i] = existing.TryGetValue(key, out var hash) && hash.AsSpan().SequenceEqual(rows[i].ContentHash)
                        ? RowOutcome.Duplicate
                        : RowOutcome.Conflict;
                }
            }
        }

        var result = new BatchOutcome(outcome);
        if (result.Committed && transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    public async Task<Dictionary<string, long>> FindPredictionModelsAsync(IReadOnlyCollection<string> trackingIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackingIds);
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        if (trackingIds.Count == 0)
        {
            return found;
        }

        await using var command = _dataSource.CreateCommand("SELECT tracking_id, model_id FROM predictions WHERE tracking_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = trackingIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = reader.GetInt64(1);
        }

        return found;
    }

    private static NpgsqlParameter<T[]> Array<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> selector)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = selector(rows[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values };
    }
}
