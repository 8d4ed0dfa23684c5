using System.Diagnostics;
using System.Globalization;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Ml.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Feedback.Bench.Join;

/// <summary>Writes a binary model's predictions and a realistic mix of feedback with binary COPY, and runs the
/// baseline join.</summary>
internal sealed class SyntheticData(NpgsqlDataSource dataSource, int seed)
{
    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _epoch = DateTimeOffset.UtcNow.AddDays(-10);
    private long _events;

    public async Task<long> CreateModelAsync()
    {
        var policy = LabelPolicy.Default with { PositiveActions = [new PositiveAction("click", TimeSpan.FromMinutes(30))] };
        var definition = new ModelDefinition("bench-join", null, TaskType.Binary, ["no", "yes"],
            new FeatureSchema([new FeatureSpec("text", FeatureType.Text)]), policy, ModelDefinition.DefaultRetention, 0);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO models (name, task_type, current_revision, definition, created_at, updated_at)
            VALUES ('bench-join', 0, 1, $1, now(), now()) RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ModelDefinitionReader.ToCanonicalJson(definition) });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task CopyPredictionsAsync(long modelId, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY predictions (tracking_id, model_id, inputs, output_label, output_scores, exploration, origin, served_at, received_at, expires_at, content_hash)
            FROM STDIN (FORMAT BINARY)
            """);
        var hash = new byte[16];
        for (var i = 0; i < count; i++)
        {
            var served = ServedAt(i, count);
            var yes = _random.NextDouble();
            await writer.StartRowAsync();
            await writer.WriteAsync(TrackingId(i), NpgsqlDbType.Text);
            await writer.WriteAsync(modelId, NpgsqlDbType.Bigint);
            await writer.WriteAsync($"{{\"text\":\"ticket {i}\"}}", NpgsqlDbType.Jsonb);
            await writer.WriteAsync(yes >= 0.5 ? "yes" : "no", NpgsqlDbType.Text);
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{{\"yes\":{yes:F4},\"no\":{1 - yes:F4}}}"), NpgsqlDbType.Jsonb);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(served, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(served, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(served.AddDays(90), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(hash, NpgsqlDbType.Bytea);
        }

        await writer.CompleteAsync();
    }

    /// <summary>Feedback for random predictions (1 % for tracking IDs never logged): 35 % thumbs, 15 % stars, 15 %
    /// corrections, 10 % outcomes, 20 % clicks, 5 % harm reports.</summary>
    public async Task CopyFeedbackAsync(int count, int predictions, TimeSpan receivedAgo)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY feedback_events (source, event_id, tracking_id, kind, value_number, value_text, label, action, category, severity,
                                  occurred_at, received_at, content_hash)
            FROM STDIN (FORMAT BINARY)
            """);
        var hash = new byte[16];
        var received = DateTimeOffset.UtcNow - receivedAgo;
        for (var i = 0; i < count; i++)
        {
            var target = _random.Next(predictions);
            var trackingId = _random.NextDouble() < 0.01 ? $"orphan-{_events}" : TrackingId(target);
            var occurred = ServedAt(target, predictions).AddMinutes(_random.Next(60));
            var roll = _random.NextDouble();
            var (kind, number, text, label, action) = roll switch
            {
                < 0.35 => (FeedbackKind.Rating, (double?)null, _random.NextDouble() < 0.7 ? "up" : "down", (string?)null, (string?)null),
                < 0.50 => (FeedbackKind.Rating, _random.Next(1, 6), null, null, null),
                < 0.65 => (FeedbackKind.Correction, null, null, _random.NextDouble() < 0.5 ? "yes" : "no", null),
                < 0.75 => (FeedbackKind.Outcome, null, null, _random.NextDouble() < 0.5 ? "yes" : "no", null),
                < 0.95 => (FeedbackKind.Action, null, null, null, "click"),
                _ => (FeedbackKind.Harm, null, null, null, null),
            };
            await writer.StartRowAsync();
            await writer.WriteAsync("bench", NpgsqlDbType.Text);
            await writer.WriteAsync($"e{_events++}", NpgsqlDbType.Text);
            await writer.WriteAsync(trackingId, NpgsqlDbType.Text);
            await writer.WriteAsync((int)kind, NpgsqlDbType.Integer);
            await WriteNullableAsync(writer, number, NpgsqlDbType.Double);
            await WriteNullableAsync(writer, text, NpgsqlDbType.Text);
            await WriteNullableAsync(writer, label, NpgsqlDbType.Text);
            await WriteNullableAsync(writer, action, NpgsqlDbType.Text);
            await WriteNullableAsync(writer, kind == FeedbackKind.Harm ? "abuse" : null, NpgsqlDbType.Text);
            await WriteNullableAsync(writer, kind == FeedbackKind.Harm ? "low" : null, NpgsqlDbType.Text);
            await writer.WriteAsync(occurred, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(received, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(hash, NpgsqlDbType.Bytea);
        }

        await writer.CompleteAsync();
    }

    public async Task AnalyzeAsync()
    {
        foreach (var table in new[] { "predictions", "feedback_events" })
        {
            await using var command = dataSource.CreateCommand($"VACUUM ANALYZE {table}");
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The baseline: the same join as one set-based statement, with the label rules as a CASE and the
    /// priority as DISTINCT ON, into a scratch table with the same unique key.</summary>
    public async Task<(long Rows, double Seconds)> PlainSqlJoinAsync(long modelId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE scratch_labels (tracking_id text PRIMARY KEY, prediction_id bigint NOT NULL, label text NOT NULL, source integer NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO scratch_labels (tracking_id, prediction_id, label, source)
            SELECT DISTINCT ON (tracking_id) tracking_id, prediction_id, label, priority
            FROM (
                SELECT p.tracking_id, p.id AS prediction_id, f.occurred_at, f.id AS event_id,
                       CASE f.kind WHEN 3 THEN 1 WHEN 1 THEN 2 WHEN 0 THEN 4 ELSE 5 END AS priority,
                       CASE
                           WHEN f.kind IN (1, 3) AND f.label IN ('no', 'yes') THEN f.label
                           WHEN f.kind = 0 AND (f.value_text = 'up' OR f.value_number IN (4, 5)) THEN p.output_label
                           WHEN f.kind = 0 AND (f.value_text = 'down' OR f.value_number IN (1, 2))
                               THEN CASE p.output_label WHEN 'yes' THEN 'no' ELSE 'yes' END
                           WHEN f.kind = 2 AND f.action = 'click' AND f.occurred_at <= p.served_at + interval '30 minutes' THEN 'yes'
                       END AS label
                FROM predictions p
                JOIN feedback_events f ON f.tracking_id = p.tracking_id
                WHERE p.model_id = $1 AND f.kind <> 4
            ) candidates
            WHERE label IS NOT NULL
            ORDER BY tracking_id, priority, occurred_at DESC, event_id DESC
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = modelId });
        insert.CommandTimeout = 0;
        var inserted = await insert.ExecuteNonQueryAsync();
        return (inserted, watch.Elapsed.TotalSeconds);
    }

    private static string TrackingId(int i) => $"t-{i:D9}";

    private DateTimeOffset ServedAt(int i, int count) => _epoch.AddSeconds(i * (8.0 * 86_400 / count));

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, type);
}
