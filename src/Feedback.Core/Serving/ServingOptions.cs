namespace Feedback.Core.Serving;

/// <summary>Online serving settings. Bound from the <c>Serving</c> configuration section.</summary>
public sealed class ServingOptions
{
    public const string SectionName = "Serving";

    /// <summary>Serialised size of the model bundles a node keeps loaded, in bytes, before it unloads the least
    /// recently used ones. The bundle being loaded is always kept. Defaults to 512 MiB.</summary>
    public long BundleCacheBytes { get; set; } = 512L * 1024 * 1024;
}
