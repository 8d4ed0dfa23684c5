namespace Feedback.Core.Serving;

/// <summary>Online serving settings. Bound from the <c>Serving</c> configuration section.</summary>
public sealed class ServingOptions
{
    public const string SectionName = "Serving";

    /// <summary>Serialised size of the model bundles a node keeps loaded, in bytes, before it unloads the least
    /// recently used ones. The bundle being loaded is always kept. Defaults to 512 MiB.</summary>
    public long BundleCacheBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long after an alias move commits a node may still serve the old target: a request that starts
    /// later is served by the new one, on every node. The node that made the move switches at once. Each node checks
    /// the database every half of this (PostgreSQL also pushes moves at once with <c>NOTIFY</c>). Defaults to 1 second;
    /// between 20 ms and 10 minutes.</summary>
    public TimeSpan AliasStaleness { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests that may wait for the group commit of their predictions; one more is refused with 503 and
    /// <c>Retry-After</c>, storing nothing. Defaults to 2,000; between 1 and 1,000,000.</summary>
    public int CommitQueueCapacity { get; set; } = 2000;

    /// <summary>Predictions per group-commit transaction; a single request larger than this is still committed whole.
    /// Defaults to 5,000; between 1 and 100,000.</summary>
    public int MaxRowsPerCommit { get; set; } = 5000;

    /// <summary>Group-commit batches that may be committing at once on PostgreSQL (SQLite always uses one). Defaults
    /// to 4; between 1 and 64.</summary>
    public int CommitWriters { get; set; } = 4;

    /// <summary>How long the group-commit writer waits for more requests before it commits a batch that is not full.
    /// Defaults to zero: a batch is what arrived while the previous commit ran, so a lone request waits for nothing
    /// but its own commit. At most 100 ms.</summary>
    public TimeSpan CommitWindow { get; set; } = TimeSpan.Zero;

    /// <summary>The <c>Retry-After</c> a refused request is given. Defaults to 1 second; between 1 second and 1 hour.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
