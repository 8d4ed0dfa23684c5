using System.Globalization;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Options of <see cref="SchemaInferrer"/>. Validated when the inferrer is constructed.</summary>
public sealed class SchemaInferenceOptions
{
    /// <summary>A categorical feature gets a closed domain when it has at most this many distinct values (and
    /// they were counted exactly); 0 disables domains. 0 to 10,000. Defaults to 20.</summary>
    public int MaxDomainSize { get; init; } = Defaults.MaxDomainSize;

    /// <summary>Whether numeric features get the observed [min, max] as their range. Defaults to true.</summary>
    public bool InferRanges { get; init; } = Defaults.InferRanges;

    /// <summary>The observed presence is rounded down to this many decimals to give the minimum presence, so the
    /// same data validates and a small dip does not; 0 to 6. Defaults to 2.</summary>
    public int PresenceDecimals { get; init; } = Defaults.PresenceDecimals;

    internal void Validate()
    {
        StatisticsOptions.Require(MaxDomainSize is >= 0 and <= 10_000, nameof(MaxDomainSize), MaxDomainSize, "between 0 and 10000");
        StatisticsOptions.Require(PresenceDecimals is >= 0 and <= 6, nameof(PresenceDecimals), PresenceDecimals, "between 0 and 6");
    }

    internal static class Defaults
    {
        public const int MaxDomainSize = 20;
        public const bool InferRanges = true;
        public const int PresenceDecimals = 2;
    }
}

/// <summary>Infers a first <see cref="DataSchema"/> (version 1) from statistics: each feature's type, whether it is
/// required (it appeared), its minimum presence (the observed fraction, rounded down), a categorical domain when
/// the distinct values are few, and a numeric range [min, max]. Drift and skew thresholds are left unset: they are
/// a curation decision, and unset means unchecked.</summary>
public sealed class SchemaInferrer
{
    private readonly SchemaInferenceOptions _options;

    /// <summary>Creates an inferrer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SchemaInferrer(SchemaInferenceOptions? options = null)
    {
        _options = options ?? new SchemaInferenceOptions();
        _options.Validate();
    }

    /// <summary>Infers the schema.</summary>
    public DataSchema Infer(DatasetStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var note = string.Create(CultureInfo.InvariantCulture, $"Inferred from the '{statistics.Split}' statistics ({statistics.RowCount} rows).");
        return new DataSchema(1, note, [.. statistics.Features.Select(f => Infer(f, statistics.RowCount))], statistics.Label is null ? null : Infer(statistics.Label, statistics.RowCount));
    }

    private FeatureConstraints Infer(FeatureStatistics feature, long rowCount)
    {
        var presence = rowCount == 0 ? 0 : (double)feature.Count / rowCount;
        var scale = Math.Pow(10, _options.PresenceDecimals);
        return new FeatureConstraints
        {
            Name = feature.Name,
            Type = feature.Type,
            Required = feature.Observed,
            MinPresence = Math.Floor(presence * scale) / scale,
            Domain = InferDomain(feature),
            Range = _options.InferRanges && feature.Numeric is { } numeric ? new NumericRange(numeric.Min, numeric.Max) : null,
        };
    }

    private List<string>? InferDomain(FeatureStatistics feature)
    {
        // Only a complete, exact value list can become a closed domain; otherwise legitimate values would be missed.
        if (feature.Type != FeatureType.Categorical || feature.Categorical is not { IsExact: true } categorical
            || categorical.UniqueCount > _options.MaxDomainSize || categorical.UniqueCount > categorical.TopValues.Count)
        {
            return null;
        }

        return [.. categorical.TopValues.Select(v => v.Value).Order(StringComparer.Ordinal)];
    }
}
