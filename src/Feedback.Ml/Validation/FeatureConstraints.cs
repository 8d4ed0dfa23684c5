using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>What a curated <see cref="DataSchema"/> expects of one feature (or the label).</summary>
public sealed record FeatureConstraints
{
    /// <summary>The feature name.</summary>
    public required string Name { get; init; }

    /// <summary>The expected value type.</summary>
    public required FeatureType Type { get; init; }

    /// <summary>Whether the column must appear in the data. Defaults to true.</summary>
    public bool Required { get; init; } = true;

    /// <summary>Minimum fraction of rows, 0 to 1, that must carry a valid value. Defaults to 0.</summary>
    public double MinPresence { get; init; }

    /// <summary>The allowed values of a categorical feature, or null for an open set.</summary>
    public IReadOnlyList<string>? Domain { get; init; }

    /// <summary>The allowed range of a numeric feature, or null for no bound.</summary>
    public NumericRange? Range { get; init; }

    /// <summary>Drift threshold against the previous snapshot; null means drift is not checked (as in TFDV).</summary>
    public DistanceThreshold? DriftThreshold { get; init; }

    /// <summary>Skew threshold between training and serving data; null means skew is not checked.</summary>
    public DistanceThreshold? SkewThreshold { get; init; }
}

/// <summary>A closed interval of allowed numbers.</summary>
/// <param name="Min">Smallest allowed value.</param>
/// <param name="Max">Largest allowed value.</param>
public sealed record NumericRange(double Min, double Max);

/// <summary>Which distance a drift or skew check uses.</summary>
public enum DistanceMeasure
{
    /// <summary>L-infinity: the largest absolute difference between the two value (or bin) frequencies, in [0, 1].</summary>
    LInfinity,

    /// <summary>Jensen–Shannon divergence in base 2, in [0, 1].</summary>
    JensenShannon,

    /// <summary>Population stability index: Σ (current − baseline) · ln(current / baseline), with empty bins
    /// floored at <see cref="DriftOptions.PsiEpsilon"/>; 0.1 and 0.25 are the customary "watch" and "act" levels.</summary>
    PopulationStability,
}

/// <summary>A per-feature distance limit: the check fails when the distance is strictly greater than
/// <see cref="Value"/>.</summary>
/// <param name="Measure">The distance to compute.</param>
/// <param name="Value">The largest acceptable distance, non-negative.</param>
public sealed record DistanceThreshold(DistanceMeasure Measure, double Value);
