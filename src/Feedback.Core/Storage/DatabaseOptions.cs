namespace Feedback.Core.Storage;

/// <summary>Where the data lives. Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default, embedded, no set-up) or <c>PostgreSql</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string. Optional for SQLite: defaults to <c>{DataDirectory}/feedback.db</c>.
    /// Required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file and other local state, relative to the content root. Defaults to <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations when the process starts. Defaults to true (EF Core takes a migration lock,
    /// so several nodes starting together is safe). Turn off to migrate with the CLI instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
