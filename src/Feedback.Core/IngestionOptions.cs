namespace Feedback.Core;

/// <summary>Limits on ingestion requests. Bound from the <c>Ingestion</c> configuration section.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Most predictions or feedback events in one request. Defaults to 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Largest accepted request body, in bytes. Defaults to 4 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How far in the future a client-supplied <c>servedAt</c>/<c>occurredAt</c> may be (clock skew).
    /// Defaults to 5 minutes.</summary>
    public TimeSpan ClockSkewTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
