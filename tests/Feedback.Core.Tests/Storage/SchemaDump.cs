using System.Data.Common;
using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Feedback.Core.Tests.Storage;

/// <summary>Reads a database's schema (tables, columns, keys, indexes, foreign keys, SQLite triggers) as sorted,
/// comparable lines.</summary>
internal static class SchemaDump
{
    private static readonly string[] Ignored = ["__EFMigrationsHistory", "__EFMigrationsLock", "sqlite_sequence"];

    public static async Task<string> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        var lines = provider == DatabaseProvider.PostgreSql
            ? await ReadPostgresAsync(connectionString)
            : await ReadSqliteAsync(connectionString);
        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static bool Covers(string table) => !Ignored.Contains(table);

    private static async Task<List<string>> ReadSqliteAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0));
        // SQL triggers, should a migration ever create one: compare their text, whitespace-insensitively.
        lines.AddRange((await QueryAsync(connection, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'",
                r => (Name: r.GetString(0), Table: r.GetString(1), Sql: r.GetString(2))))
            .Where(t => Covers(t.Table))
            .Select(t => $"trigger {t.Table}.{t.Name} {string.Join(' ', t.Sql.Replace("IF NOT EXISTS ", "", StringComparison.OrdinalIgnoreCase).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}"));
        foreach (var table in tables.Where(t => Covers(t)))
        {
            lines.AddRange(await QueryAsync(connection, $"PRAGMA table_info('{table}')",
                r => $"column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} default={(r.IsDBNull(4) ? "" : r.GetString(4))} pk={r.GetInt64(5)}"));
            lines.AddRange(await QueryAsync(connection, $"PRAGMA foreign_key_list('{table}')",
                r => $"fk {table}.{r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}"));
            foreach (var (index, unique) in await QueryAsync(connection, $"PRAGMA index_list('{table}')", r => (r.GetString(1), r.GetInt64(2))))
            {
                var columns = await QueryAsync(connection, $"PRAGMA index_info('{index}')", r => r.GetString(2));
                lines.Add($"index {table}.{index} unique={unique} ({string.Join(", ", columns)})");
            }

            var sql = await QueryAsync(connection, $"SELECT sql FROM sqlite_master WHERE name = '{table}'", r => r.GetString(0));
            lines.Add($"autoincrement {table}={sql[0].Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
        }

        return lines;
    }

    private static async Task<List<string>> ReadPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ignored = string.Join(", ", Ignored.Select(t => $"'{t}'"));
        var lines = new List<string>();
        lines.AddRange(await QueryAsync(connection, $"""
            SELECT table_name::text, column_name::text, data_type::text, COALESCE(character_maximum_length, 0)::int, is_nullable::text, COALESCE(column_default, '')::text, is_identity::text, COALESCE(identity_generation, '')::text
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ({ignored})
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}({r.GetInt32(3)}) nullable={r.GetString(4)} default={r.GetString(5)} identity={r.GetString(6)} {r.GetString(7)}"));
        lines.AddRange(await QueryAsync(connection, $"""
            SELECT t.relname::text, c.conname::text, pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND t.relname NOT IN ({ignored})
            """,
            r => $"constraint {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)}"));
        lines.AddRange(await QueryAsync(connection, $"SELECT tablename::text, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ({ignored})",
            r => $"index {r.GetString(0)} {r.GetString(1)}"));
        return lines;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var results = new List<T>();
        while (await reader.ReadAsync())
        {
            results.Add(read(reader));
        }

        return results;
    }
}
