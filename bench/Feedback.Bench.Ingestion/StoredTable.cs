using Feedback.Core.Predictions;
using NpgsqlTypes;

namespace Feedback.Bench.Ingestion;

internal sealed record StoredColumn(string Name, NpgsqlDbType PostgresType);

/// <summary>A table the raw baseline writes, with the columns the product fills (those it always leaves NULL are left
/// out: a NULL costs the same either way). Values are given per row in column order.</summary>
internal sealed record StoredTable(string Name, IReadOnlyList<StoredColumn> Columns)
{
    public static readonly StoredTable FeedbackEvents = new("feedback_events",
    [
        new("source", NpgsqlDbType.Varchar),
        new("event_id", NpgsqlDbType.Varchar),
        new("tracking_id", NpgsqlDbType.Varchar),
        new("kind", NpgsqlDbType.Integer),
        new("value_number", NpgsqlDbType.Double),
        new("value_text", NpgsqlDbType.Varchar),
        new("label", NpgsqlDbType.Varchar),
        new("action", NpgsqlDbType.Varchar),
        new("comment", NpgsqlDbType.Varchar),
        new("occurred_at", NpgsqlDbType.TimestampTz),
        new("received_at", NpgsqlDbType.TimestampTz),
        new("content_hash", NpgsqlDbType.Bytea),
    ]);

    public static readonly StoredTable Predictions = new("predictions",
    [
        new("tracking_id", NpgsqlDbType.Varchar),
        new("model_id", NpgsqlDbType.Bigint),
        new("version_tag", NpgsqlDbType.Varchar),
        new("inputs", NpgsqlDbType.Jsonb),
        new("output_label", NpgsqlDbType.Varchar),
        new("output_scores", NpgsqlDbType.Jsonb),
        new("subject", NpgsqlDbType.Varchar),
        new("exploration", NpgsqlDbType.Boolean),
        new("origin", NpgsqlDbType.Integer),
        new("served_at", NpgsqlDbType.TimestampTz),
        new("received_at", NpgsqlDbType.TimestampTz),
        new("expires_at", NpgsqlDbType.TimestampTz),
        new("content_hash", NpgsqlDbType.Bytea),
    ]);

    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

    /// <summary>The row the server would store for <paramref name="sample"/>, in <see cref="FeedbackEvents"/> order.</summary>
    public static object?[] FeedbackRow(FeedbackSample sample, string source, DateTimeOffset receivedAt) =>
    [
        source, sample.EventId, sample.TrackingId, (int)sample.Kind, sample.ValueNumber, sample.ValueText, sample.Label, sample.Action,
        sample.Comment, sample.OccurredAt, receivedAt, ContentHash(),
    ];

    /// <summary>The row the server would store for <paramref name="sample"/>, in <see cref="Predictions"/> order.</summary>
    public static object?[] PredictionRow(PredictionSample sample, long modelId, DateTimeOffset receivedAt) =>
    [
        sample.TrackingId, modelId, sample.Version, RequestBodies.StoredInputs(sample), sample.Label, RequestBodies.StoredScores(sample),
        sample.Subject, false, (int)PredictionOrigin.Logged, sample.ServedAt, receivedAt, sample.ServedAt + TimeSpan.FromDays(90), ContentHash(),
    ];

    /// <summary>The server stores a 16-byte SHA-256 prefix; its value is irrelevant to the insert, its size is not.</summary>
    private static byte[] ContentHash() => Guid.NewGuid().ToByteArray();
}
