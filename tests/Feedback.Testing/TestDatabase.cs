using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Feedback.Testing;

/// <summary>A throwaway database of its own for one fixture: created empty, dropped on dispose.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    private ConfiguredDatabase? _configured;

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The database as the product resolves it (provider, connection string, PostgreSQL pool); disposed with this.</summary>
    public ConfiguredDatabase Configured => _configured ??= new ConfiguredDatabase(Options, Directory.GetCurrentDirectory());

    /// <summary>A context configured exactly as the product configures it, for arranging and asserting on stored rows.</summary>
    public FeedbackDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<FeedbackDbContext>();
        StorageServiceCollectionExtensions.Configure(options, Configured);
        return new FeedbackDbContext(options.Options);
    }

    public abstract string ConnectionString { get; }

    public DatabaseOptions Options => new() { Provider = Provider, ConnectionString = ConnectionString, MigrateOnStartup = true };

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => await PostgresTestDatabase.CreateAsync(),
        _ => new SqliteTestDatabase(),
    };

    public async ValueTask DisposeAsync()
    {
        if (_configured is not null)
        {
            await _configured.DisposeAsync();
        }

        await DropAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes the database.</summary>
    protected abstract ValueTask DropAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-test-").FullName;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ConnectionString => ConfiguredDatabase.DefaultSqliteConnectionString(_directory);

    protected override ValueTask DropAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    /// <summary>Connection string to a PostgreSQL server (no database); set by <c>scripts/test.sh</c>.</summary>
    public const string ServerVariable = "FEEDBACK_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string ConnectionString { get; }

    public static string Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"PostgreSQL tests need {ServerVariable} (a connection string to a server). Run ./scripts/test.sh, which starts a throwaway cluster and sets it.");

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Server;
        var name = $"feedback_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(server, name);
    }

    protected override async ValueTask DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
