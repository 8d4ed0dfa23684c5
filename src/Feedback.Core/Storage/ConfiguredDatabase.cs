using Microsoft.Data.Sqlite;
using Npgsql;

namespace Feedback.Core.Storage;

/// <summary>The resolved database: provider, connection string and, for PostgreSQL, the shared connection pool.</summary>
public sealed class ConfiguredDatabase : IAsyncDisposable
{
    public const string SqliteMigrationsAssembly = "Feedback.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Feedback.Migrations.PostgreSql";

    public ConfiguredDatabase(DatabaseOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        Provider = options.Provider;
        if (Provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is PostgreSql.");
            }

            ConnectionString = options.ConnectionString;
            var builder = new NpgsqlDataSourceBuilder(ConnectionString);
            // The ingestion statements are few and hot: prepare them once per physical connection, and skip the
            // DISCARD ALL on every pool return (we never leave session state behind). Explicit settings win.
            var settings = builder.ConnectionStringBuilder;
            if (!ConnectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                settings.MaxAutoPrepare = 32;
            }

            if (!ConnectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
            {
                settings.NoResetOnClose = true;
            }

            DataSource = builder.Build();
        }
        else
        {
            ConnectionString = options.ConnectionString ?? DefaultSqliteConnectionString(Path.Combine(contentRoot, options.DataDirectory));
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The PostgreSQL pool; null on SQLite.</summary>
    public NpgsqlDataSource? DataSource { get; }

    public string MigrationsAssembly => Provider == DatabaseProvider.PostgreSql ? PostgreSqlMigrationsAssembly : SqliteMigrationsAssembly;

    public static string DefaultSqliteConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "feedback.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

    public ValueTask DisposeAsync() => DataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
