namespace Feedback.Ml.Validation;

/// <summary>Compares two statistics artifacts feature by feature: drift (previous snapshot against current) or
/// skew (training against serving). Only features with a threshold are checked, as in TFDV.</summary>
/// <remarks>
/// <para>Every measure works on shared bins (see <see cref="NumericBinning"/>): categorical and boolean values,
/// text tokens, or numeric intervals whose shares come from the stored quantile sketches (exact for small data,
/// within the sketch's rank error otherwise). Shares are over valid values; missing values are the presence
/// check's concern, not the distribution's.</para>
/// <para>Categorical shares come from the stored top values; mass outside them is pooled in one
/// <c>(other values)</c> bin, so with truncated lists the distance is a lower bound of the full one.</para>
/// <para>Usual choices: L-infinity for categorical (TFDV; e.g. threshold 0.01), Jensen–Shannon (base 2, 0 to 1)
/// or PSI for numeric.</para>
/// </remarks>
public sealed class DriftDetector
{
    private readonly DriftOptions _options;

    /// <summary>Creates a detector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DriftDetector(DriftOptions? options = null)
    {
        _options = options ?? new DriftOptions();
        _options.Validate();
    }

    /// <summary>Drift between two snapshots, with the schema's drift thresholds.</summary>
    public DriftReport CompareDrift(DataSchema schema, DatasetStatistics previous, DatasetStatistics current)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Compare(previous, current, schema.DriftThresholds(), ComparisonKind.Drift);
    }

    /// <summary>Skew between training and serving statistics, with the schema's skew thresholds.</summary>
    public DriftReport CompareSkew(DataSchema schema, DatasetStatistics training, DatasetStatistics serving)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Compare(training, serving, schema.SkewThresholds(), ComparisonKind.Skew);
    }

    /// <summary>Compares two artifacts with explicit per-feature thresholds (features or the label, by name).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is negative, not finite, or of an unknown measure.</exception>
    public DriftReport Compare(DatasetStatistics baseline, DatasetStatistics current, IReadOnlyDictionary<string, DistanceThreshold> thresholds, ComparisonKind kind = ComparisonKind.Drift)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(thresholds);
        var features = new List<FeatureDistance>();
        var skipped = new List<SkippedComparison>();
        foreach (var (name, threshold) in thresholds.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            DriftOptions.CheckThreshold(name, threshold);
            var before = Find(baseline, name);
            var after = Find(current, name);
            if (before is null || after is null)
            {
                skipped.Add(new SkippedComparison(name, before is null ? "absent from the baseline statistics" : "absent from the current statistics"));
                continue;
            }

            var bins = SharedBins.Create(before, after, _options, out var reason);
            if (bins is null)
            {
                skipped.Add(new SkippedComparison(name, reason ?? "no values to compare"));
                continue;
            }

            features.Add(Measure(name, threshold, bins));
        }

        return new DriftReport { Kind = kind, BaselineSplit = baseline.Split, CurrentSplit = current.Split, Features = features, Skipped = skipped };
    }

    private FeatureDistance Measure(string name, DistanceThreshold threshold, SharedBins bins)
    {
        // The bin that moved most is reported whatever the measure: it is what a person looks at first.
        var lInfinity = DistributionDistance.LInfinity(bins.Baseline, bins.Current, out var moved);
        var distance = threshold.Measure switch
        {
            DistanceMeasure.LInfinity => lInfinity,
            DistanceMeasure.JensenShannon => DistributionDistance.JensenShannon(bins.Baseline, bins.Current),
            _ => DistributionDistance.PopulationStability(bins.Baseline, bins.Current, _options.PsiEpsilon),
        };
        return new FeatureDistance
        {
            Feature = name,
            Measure = threshold.Measure,
            Distance = distance,
            Threshold = threshold.Value,
            Exceeded = distance > threshold.Value,
            MostMoved = moved >= 0 ? bins.Labels[moved] : string.Empty,
            BaselineShare = moved >= 0 ? bins.Baseline[moved] : 0,
            CurrentShare = moved >= 0 ? bins.Current[moved] : 0,
        };
    }

    private static FeatureStatistics? Find(DatasetStatistics statistics, string name) =>
        statistics.Find(name) ?? (statistics.Label is { } label && string.Equals(label.Name, name, StringComparison.Ordinal) ? label : null);
}
