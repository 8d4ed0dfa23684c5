namespace Feedback.Ml.Validation;

/// <summary>The statistics artifact of one split: per-feature statistics plus the label's (its distribution).</summary>
public sealed record DatasetStatistics
{
    /// <summary>The split name (for example <c>train</c>, <c>eval</c> or <c>serving</c>).</summary>
    public required string Split { get; init; }

    /// <summary>Number of rows.</summary>
    public required long RowCount { get; init; }

    /// <summary>Statistics per feature, in schema order.</summary>
    public required IReadOnlyList<FeatureStatistics> Features { get; init; }

    /// <summary>Statistics of the label column, when one was given.</summary>
    public FeatureStatistics? Label { get; init; }

    /// <summary>Finds a feature's statistics by name (ordinal), or null.</summary>
    public FeatureStatistics? Find(string name) => Features.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
