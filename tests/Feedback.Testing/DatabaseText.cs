using System.Data.Common;
using System.IO.Compression;
using System.Text;
using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Feedback.Testing;

/// <summary>Searches every value of every table (text, JSON, and gzip or plain blobs) for given strings: proof that
/// something is gone from the whole database, not only from the tables a test thought of.</summary>
public static class DatabaseText
{
    /// <returns>"table: needle" for each table that still holds a needle.</returns>
    public static async Task<IReadOnlyList<string>> FindAsync(TestDatabase database, IReadOnlyList<string> needles)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(needles);
        await using DbConnection connection = database.Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Provider == DatabaseProvider.PostgreSql
                ? "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'"
                : "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (await reader.IsDBNullAsync(i))
                    {
                        continue;
                    }

                    var text = reader.GetValue(i) switch
                    {
                        byte[] bytes => Decode(bytes),
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    };
                    found.AddRange(needles.Where(n => text.Contains(n, StringComparison.Ordinal)).Select(n => $"{table}: {n}"));
                }
            }
        }

        return [.. found.Distinct()];
    }

    private static string Decode(byte[] bytes)
    {
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
