using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Statistics of one feature (or the label) in one split. Exactly one of <see cref="Numeric"/>,
/// <see cref="Categorical"/>, <see cref="Text"/> and <see cref="Boolean"/> is set, by <see cref="Type"/>, once at
/// least one valid value was seen.</summary>
/// <remarks><see cref="Count"/> + <see cref="Missing"/> + <see cref="Invalid"/> equals the split's row count.</remarks>
public sealed record FeatureStatistics
{
    /// <summary>The feature name.</summary>
    public required string Name { get; init; }

    /// <summary>The type the values were read as (the type in the schema the statistics were computed with).</summary>
    public required FeatureType Type { get; init; }

    /// <summary>Whether the column appeared in the data at all (a value or an explicit null in some row).</summary>
    public required bool Observed { get; init; }

    /// <summary>Rows with a valid value.</summary>
    public required long Count { get; init; }

    /// <summary>Rows where the value was null or the column was absent.</summary>
    public required long Missing { get; init; }

    /// <summary>Rows whose value could not be read as <see cref="Type"/> (for example "abc" or NaN for a numeric
    /// feature); they count neither as present nor as missing.</summary>
    public required long Invalid { get; init; }

    /// <summary>Up to three invalid values, as text, for messages.</summary>
    public IReadOnlyList<string> InvalidExamples { get; init; } = [];

    /// <summary>Numeric statistics.</summary>
    public NumericStatistics? Numeric { get; init; }

    /// <summary>Categorical statistics.</summary>
    public CategoricalStatistics? Categorical { get; init; }

    /// <summary>Text statistics.</summary>
    public TextStatistics? Text { get; init; }

    /// <summary>Boolean statistics.</summary>
    public BooleanStatistics? Boolean { get; init; }

    /// <summary>Rows seen for this feature: valid, missing and invalid.</summary>
    public long RowCount => Count + Missing + Invalid;
}

/// <summary>Statistics of a numeric feature's valid values.</summary>
public sealed record NumericStatistics
{
    /// <summary>Arithmetic mean.</summary>
    public required double Mean { get; init; }

    /// <summary>Population standard deviation.</summary>
    public required double StandardDeviation { get; init; }

    /// <summary>Smallest value (exact).</summary>
    public required double Min { get; init; }

    /// <summary>Largest value (exact).</summary>
    public required double Max { get; init; }

    /// <summary>Sum of the values.</summary>
    public required double Sum { get; init; }

    /// <summary>Number of values equal to zero (exact).</summary>
    public required long Zeros { get; init; }

    /// <summary>Quantiles at evenly spaced fractions (deciles by default), from the sketch; the first and last
    /// points are the exact min and max.</summary>
    public required IReadOnlyList<QuantilePoint> Quantiles { get; init; }

    /// <summary>Equal-width buckets over [<see cref="Min"/>, <see cref="Max"/>]; counts come from the sketch and
    /// sum to the value count (exact while the sketch is exact). Each bucket is [low, high) except the last.</summary>
    public required IReadOnlyList<HistogramBucket> Histogram { get; init; }

    /// <summary>Normalised rank error bound of <see cref="Quantiles"/>, <see cref="Histogram"/> and
    /// <see cref="Sketch"/> (0 when exact).</summary>
    public required double RankErrorBound { get; init; }

    /// <summary>The distribution summary used for drift and range checks.</summary>
    public required QuantileSummary Sketch { get; init; }
}

/// <summary>A quantile: the value at a cumulative fraction.</summary>
/// <param name="Fraction">Cumulative fraction in [0, 1].</param>
/// <param name="Value">The value.</param>
public sealed record QuantilePoint(double Fraction, double Value);

/// <summary>One histogram bucket.</summary>
/// <param name="Low">Inclusive lower edge.</param>
/// <param name="High">Exclusive upper edge (inclusive for the last bucket).</param>
/// <param name="Count">Values in the bucket.</param>
public sealed record HistogramBucket(double Low, double High, long Count);

/// <summary>Statistics of a categorical feature's valid values.</summary>
public sealed record CategoricalStatistics
{
    /// <summary>Number of distinct values (exact when <see cref="IsExact"/>, else a HyperLogLog estimate).</summary>
    public required long UniqueCount { get; init; }

    /// <summary>Whether counts and <see cref="UniqueCount"/> are exact.</summary>
    public required bool IsExact { get; init; }

    /// <summary>Largest amount by which a count in <see cref="TopValues"/> can be below the true count.</summary>
    public required long MaxUndercount { get; init; }

    /// <summary>The most frequent values, highest count first (ties by ordinal value).</summary>
    public required IReadOnlyList<ValueCount> TopValues { get; init; }
}

/// <summary>Statistics of a text feature's valid values.</summary>
public sealed record TextStatistics
{
    /// <summary>Mean length in characters.</summary>
    public required double MeanLength { get; init; }

    /// <summary>Shortest length in characters.</summary>
    public required int MinLength { get; init; }

    /// <summary>Longest length in characters.</summary>
    public required int MaxLength { get; init; }

    /// <summary>Total number of tokens.</summary>
    public required long TokenCount { get; init; }

    /// <summary>Distinct tokens (exact when <see cref="IsExact"/>, else an estimate).</summary>
    public required long UniqueTokenCount { get; init; }

    /// <summary>Whether token counts are exact.</summary>
    public required bool IsExact { get; init; }

    /// <summary>The most frequent tokens (lower-cased runs of letters and digits), highest count first.</summary>
    public required IReadOnlyList<ValueCount> TopTokens { get; init; }
}

/// <summary>Statistics of a boolean feature's valid values.</summary>
/// <param name="TrueCount">Values that were true.</param>
/// <param name="FalseCount">Values that were false.</param>
public sealed record BooleanStatistics(long TrueCount, long FalseCount);
