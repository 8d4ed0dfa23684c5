using System.Data.Common;
using System.Text.Json;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Feedback.Pipeline.Data;

/// <summary>Writes a snapshot's membership (tracking ID, split, label, evidence) in bulk: the lineage index that
/// answers "which versions used this prediction's feedback" without opening snapshot blobs.</summary>
public static class SnapshotIndex
{
    private static readonly string[] ParameterNames = ["$s", "$t", "$m", "$p", "$l", "$e"];

    public static async Task WriteAsync(FeedbackDbContext context, RunArtifact snapshot, IReadOnlyList<SnapshotRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(rows);
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            if (connection is NpgsqlConnection npgsql)
            {
                await CopyAsync(npgsql, snapshot, rows, cancellationToken);
            }
            else
            {
                await InsertAsync(connection, snapshot, rows, cancellationToken);
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, RunArtifact snapshot, IReadOnlyList<SnapshotRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY snapshot_examples (snapshot_id, tracking_id, model_id, split, label, evidence) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(snapshot.Id, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.TrackingId, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(snapshot.ModelId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.Split, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(row.Label, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(JsonSerializer.Serialize(row.Evidence), NpgsqlDbType.Text, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task InsertAsync(DbConnection connection, RunArtifact snapshot, IReadOnlyList<SnapshotRow> rows, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO snapshot_examples (snapshot_id, tracking_id, model_id, split, label, evidence) VALUES ($s, $t, $m, $p, $l, $e)";
        var parameters = ParameterNames.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            parameters[0].Value = snapshot.Id;
            parameters[1].Value = row.TrackingId;
            parameters[2].Value = snapshot.ModelId;
            parameters[3].Value = row.Split;
            parameters[4].Value = row.Label;
            parameters[5].Value = JsonSerializer.Serialize(row.Evidence);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
