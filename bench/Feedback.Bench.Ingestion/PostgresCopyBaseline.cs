using Npgsql;
using NpgsqlTypes;

namespace Feedback.Bench.Ingestion;

/// <summary>PostgreSQL's fastest bulk path: one binary <c>COPY … FROM STDIN</c> per batch, its own transaction.</summary>
internal sealed class PostgresCopyBaseline(string connectionString) : RawBaseline
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Method => "binary COPY (Npgsql BeginBinaryImport), one COPY per batch";

    public override async Task InsertAsync(StoredTable table, IReadOnlyList<object?[]> rows)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            for (var i = 0; i < row.Length; i++)
            {
                await WriteAsync(importer, row[i], table.Columns[i].PostgresType);
            }
        }

        await importer.CompleteAsync();
    }

    public override async Task<string> DescribeAsync()
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), " +
            "current_setting('full_page_writes'), current_setting('shared_buffers'), current_setting('wal_level')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"PostgreSQL {reader.GetString(0)}: fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, " +
               $"full_page_writes={reader.GetString(3)}, shared_buffers={reader.GetString(4)}, wal_level={reader.GetString(5)}";
    }

    public override async Task<long> CountAsync(StoredTable table)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM {table.Name}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Writes through the typed overloads: given an <see cref="object"/>, Npgsql would resolve the converter
    /// for every value, a cost the fastest COPY does not pay.</summary>
    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type) => value switch
    {
        null => importer.WriteNullAsync(),
        string text => importer.WriteAsync(text, type),
        long number => importer.WriteAsync(number, type),
        int number => importer.WriteAsync(number, type),
        double number => importer.WriteAsync(number, type),
        bool flag => importer.WriteAsync(flag, type),
        DateTimeOffset timestamp => importer.WriteAsync(timestamp, type),
        byte[] bytes => importer.WriteAsync(bytes, type),
        _ => throw new ArgumentException($"No COPY writer for {value.GetType().Name}.", nameof(value)),
    };
}
