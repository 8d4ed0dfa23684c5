using Feedback.Core.Storage;
using Feedback.Testing;

namespace Feedback.Bench.Ingestion;

/// <summary>The fastest way to put rows into the product's tables without the product: the yardstick for HTTP ingestion.</summary>
/// <remarks>It writes the same rows (same columns, same kind of values, unique keys) to the same database with the
/// same batch size and as many concurrent writers as there are HTTP clients, but skips HTTP, JSON, validation and the
/// idempotency check (a plain insert that would fail on a duplicate key).</remarks>
internal abstract class RawBaseline : IAsyncDisposable
{
    /// <summary>How this baseline writes, for the report.</summary>
    public abstract string Method { get; }

    public static RawBaseline Create(TestDatabase database) => database.Provider == DatabaseProvider.PostgreSql
        ? new PostgresCopyBaseline(database.ConnectionString)
        : new SqliteInsertBaseline(database.ConnectionString);

    /// <summary>Inserts <paramref name="rows"/> (values in <see cref="StoredTable.Columns"/> order) as one batch, committed.</summary>
    public abstract Task InsertAsync(StoredTable table, IReadOnlyList<object?[]> rows);

    /// <summary>The server's durability settings: the numbers mean little without them.</summary>
    public abstract Task<string> DescribeAsync();

    public abstract Task<long> CountAsync(StoredTable table);

    public abstract ValueTask DisposeAsync();
}
