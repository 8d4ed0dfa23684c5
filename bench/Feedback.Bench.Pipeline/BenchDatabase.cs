using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Feedback.Bench.Pipeline;

/// <summary>A throwaway database: a new PostgreSQL database on the server named by <c>FEEDBACK_TEST_POSTGRES</c>, or a
/// SQLite file in a temporary directory. Deleted on dispose.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _server;
    private readonly string? _name;
    private readonly string? _directory;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? server, string? name, string? directory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _server = server;
        _name = name;
        _directory = directory;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(bool sqlite)
    {
        if (sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("feedback-bench-pipeline-").FullName;
            return new BenchDatabase(DatabaseProvider.Sqlite, ConfiguredDatabase.DefaultSqliteConnectionString(directory), null, null, directory);
        }

        var server = Environment.GetEnvironmentVariable("FEEDBACK_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set FEEDBACK_TEST_POSTGRES to a PostgreSQL server connection string (scripts/bench-pipeline.sh does), or pass --sqlite.");
        var name = $"feedback_bench_pipeline_{Guid.NewGuid():N}"[..44];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new BenchDatabase(DatabaseProvider.PostgreSql, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), server, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
