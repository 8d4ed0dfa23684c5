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
}
