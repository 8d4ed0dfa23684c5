namespace Feedback.Ml.Validation;

/// <summary>What two statistics artifacts are: two snapshots over time, or training against serving data.</summary>
public enum ComparisonKind
{
    /// <summary>The previous snapshot against the current one.</summary>
    Drift,

    /// <summary>Training data against serving traffic.</summary>
    Skew,
}

/// <summary>The comparison of one feature's distributions.</summary>
public sealed record FeatureDistance
{
    /// <summary>The feature (or label).</summary>
    public required string Feature { get; init; }

    /// <summary>The distance computed.</summary>
    public required DistanceMeasure Measure { get; init; }

    /// <summary>The distance.</summary>
    public required double Distance { get; init; }

    /// <summary>The threshold it was compared with.</summary>
    public required double Threshold { get; init; }

    /// <summary>Whether <see cref="Distance"/> is strictly above <see cref="Threshold"/>.</summary>
    public required bool Exceeded { get; init; }

    /// <summary>The value or bin whose share moved most (for example <c>DE</c> or <c>(3.5, 7]</c>).</summary>
    public required string MostMoved { get; init; }

    /// <summary>The baseline's share of <see cref="MostMoved"/>.</summary>
    public required double BaselineShare { get; init; }

    /// <summary>The current share of <see cref="MostMoved"/>.</summary>
    public required double CurrentShare { get; init; }
}

/// <summary>A feature that has a threshold but could not be compared.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record SkippedComparison(string Feature, string Reason);

/// <summary>The drift or skew artifact: one entry per feature with a threshold. Features without a threshold
/// are not checked (as in TFDV).</summary>
public sealed record DriftReport
{
    /// <summary>Drift or skew.</summary>
    public required ComparisonKind Kind { get; init; }

    /// <summary>The baseline's split name.</summary>
    public required string BaselineSplit { get; init; }

    /// <summary>The current split name.</summary>
    public required string CurrentSplit { get; init; }

    /// <summary>The checked features, in threshold order (ordinal by name).</summary>
    public required IReadOnlyList<FeatureDistance> Features { get; init; }

    /// <summary>Features with a threshold that could not be compared (absent, no values, different types).</summary>
    public IReadOnlyList<SkippedComparison> Skipped { get; init; } = [];

    /// <summary>Whether any checked feature exceeded its threshold.</summary>
    public bool AnyExceeded => Features.Any(f => f.Exceeded);
}
