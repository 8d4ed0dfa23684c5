using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Feedback.Bench.Ingestion;

/// <summary>SQLite's fastest path: one prepared <c>INSERT</c> re-executed per row inside one transaction per batch,
/// over the product's own connection string (so the same journal mode and synchronous setting).</summary>
/// <remarks>SQLite has one writer per file. Concurrent writers are queued on an in-process semaphore, as the product's
/// write gate does: left to SQLITE_BUSY, Microsoft.Data.Sqlite retries with sleeps and the baseline would be slower
/// than it can be.</remarks>
internal sealed class SqliteInsertBaseline(string connectionString) : RawBaseline
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public override string Method => "prepared INSERT, one transaction per batch, writers queued in-process";

    public override async Task InsertAsync(StoredTable table, IReadOnlyList<object?[]> rows)
    {
        await _writer.WaitAsync();
        try
        {
            await using var connection = await OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {table.Name} ({table.ColumnList}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < table.Columns.Count; i++)
            {
                insert.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" });
            }

            insert.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    insert.Parameters[i].Value = ToSqlite(row[i]);
                }

                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
        finally
        {
            _writer.Release();
        }
    }

    public override async Task<string> DescribeAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version(), (SELECT journal_mode FROM pragma_journal_mode), (SELECT synchronous FROM pragma_synchronous)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var synchronous = reader.GetInt64(2) switch { 0 => "OFF", 1 => "NORMAL", 2 => "FULL", _ => "EXTRA" };
        return $"SQLite {reader.GetString(0)}: journal_mode={reader.GetString(1)}, synchronous={synchronous}, file {new SqliteConnectionStringBuilder(connectionString).DataSource}";
    }

    public override async Task<long> CountAsync(StoredTable table)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table.Name}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Timestamps as the product stores them on SQLite: INTEGER microseconds since the Unix epoch.</summary>
    private static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset timestamp => UnixMicrosecondsConverter.ToMicroseconds(timestamp),
        _ => value,
    };

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
