using Feedback.Core.Predictions;
using Npgsql;
using NpgsqlTypes;

namespace Feedback.Core.Serving;

/// <summary>Writes a group-commit batch to PostgreSQL with one binary <c>COPY</c>: one statement, no per-row parsing,
/// atomic on its own.</summary>
/// <remarks>COPY has no <c>ON CONFLICT</c>: a batch with a tracking ID already stored fails whole, and
/// <see cref="PredictionCommitter"/> then commits each request alone through the idempotent insert.</remarks>
internal static class PredictionCopy
{
    private const string CopySql = """
        COPY predictions (tracking_id, model_id, model_version, version_tag, inputs, output_label, output_scores,
                          subject, exploration, origin, served_at, received_at, expires_at, content_hash)
        FROM STDIN (FORMAT BINARY)
        """;

    public static async Task WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<Prediction> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.TrackingId, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.ModelId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(importer, row.ModelVersion, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, row.VersionTag, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Inputs, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(importer, row.OutputLabel, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(importer, row.OutputScores, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(importer, row.Subject, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Exploration, NpgsqlDbType.Boolean, cancellationToken);
            await importer.WriteAsync((int)row.Origin, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(row.ServedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.ReceivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.ExpiresAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.ContentHash, NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, int? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } number ? importer.WriteAsync(number, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
