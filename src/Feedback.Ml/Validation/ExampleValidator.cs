using System.Globalization;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Checks a split's statistics against a curated <see cref="DataSchema"/> and reports anomalies: missing
/// columns, low presence, type mismatches, values outside a domain or range, and missing labels.</summary>
/// <remarks>Works on statistics alone, so it costs nothing per row. Shares outside a domain are exact while the
/// value counts are exact; beyond that they are lower bounds from the listed top values. Range shares come from
/// the quantile sketch (within its rank error), but whether any value is out of range is exact (min and max).</remarks>
public sealed class ExampleValidator
{
    private readonly AnomalyOptions _options;

    /// <summary>Creates a validator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ExampleValidator(AnomalyOptions? options = null)
    {
        _options = options ?? new AnomalyOptions();
        _options.Validate();
    }

    /// <summary>Validates statistics against a schema and turns every exceeded drift or skew threshold in
    /// <paramref name="comparisons"/> into an anomaly, so one report (and its <see cref="AnomalyReport.HasErrors"/>)
    /// decides whether the run goes on.</summary>
    public AnomalyReport Validate(DataSchema schema, DatasetStatistics statistics, params IReadOnlyList<DriftReport> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(statistics);
        var anomalies = new List<Anomaly>();
        foreach (var constraints in schema.Features)
        {
            CheckFeature(constraints, statistics.Find(constraints.Name), statistics.RowCount, anomalies);
        }

        if (schema.Label is { } label)
        {
            CheckLabel(label, statistics.Label is { } s && s.Name == label.Name ? s : statistics.Find(label.Name), statistics.RowCount, anomalies);
        }

        if (_options.ReportNewColumns)
        {
            foreach (var feature in statistics.Features.Where(f => f.Observed && schema.Find(f.Name) is null))
            {
                anomalies.Add(New(feature.Name, AnomalyKind.NewColumn, AnomalySeverity.Warning, $"{feature.Name}: the column is not in schema version {schema.Version}."));
            }
        }

        foreach (var comparison in comparisons)
        {
            AddExceeded(comparison, anomalies);
        }

        return new AnomalyReport { Split = statistics.Split, SchemaVersion = schema.Version, Anomalies = anomalies };
    }

    private void AddExceeded(DriftReport comparison, List<Anomaly> anomalies)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var (kind, severity, against) = comparison.Kind == ComparisonKind.Drift
            ? (AnomalyKind.Drift, _options.DriftSeverity, $"the '{comparison.BaselineSplit}' snapshot")
            : (AnomalyKind.Skew, _options.SkewSeverity, $"the '{comparison.BaselineSplit}' data");
        foreach (var feature in comparison.Features.Where(f => f.Exceeded))
        {
            var measure = feature.Measure switch
            {
                DistanceMeasure.LInfinity => "L-infinity distance",
                DistanceMeasure.JensenShannon => "Jensen-Shannon divergence",
                _ => "population stability index",
            };
            anomalies.Add(New(feature.Feature, kind, severity,
                $"{feature.Feature}: {measure} {Distance(feature.Distance)} from {against} is above the threshold {Distance(feature.Threshold)} " +
                $"(most moved: '{feature.MostMoved}', {Percent(feature.BaselineShare)} -> {Percent(feature.CurrentShare)}).",
                examples: [feature.MostMoved]));
        }
    }

    private void CheckLabel(FeatureConstraints label, FeatureStatistics? statistics, long rowCount, List<Anomaly> anomalies)
    {
        if (statistics is not { Observed: true })
        {
            anomalies.Add(New(label.Name, AnomalyKind.MissingLabel, AnomalySeverity.Error, $"{label.Name}: the label column is absent from the data."));
            return;
        }

        var unlabelled = rowCount - statistics.Count;
        if (unlabelled > 0)
        {
            var share = (double)unlabelled / rowCount;
            anomalies.Add(New(label.Name, AnomalyKind.MissingLabel, Severity(share, _options.MissingLabelErrorShare),
                $"{label.Name}: {Percent(share)} of rows ({unlabelled}) have no valid label.", share));
        }

        // Presence is covered by the missing-label check above; the value checks still apply.
        CheckFeature(label with { MinPresence = 0 }, statistics, rowCount, anomalies);
    }

    private void CheckFeature(FeatureConstraints constraints, FeatureStatistics? statistics, long rowCount, List<Anomaly> anomalies)
    {
        var name = constraints.Name;
        if (statistics is not { Observed: true })
        {
            if (constraints.Required)
            {
                anomalies.Add(New(name, AnomalyKind.MissingColumn, AnomalySeverity.Error, $"{name}: the required column is absent from the data."));
            }
            else if (constraints.MinPresence > 0 && rowCount > 0)
            {
                anomalies.Add(New(name, AnomalyKind.LowPresence, AnomalySeverity.Error, $"{name}: the column is absent, but the schema expects it in at least {Percent(constraints.MinPresence)} of rows.", 0));
            }

            return;
        }

        if (statistics.Type != constraints.Type)
        {
            anomalies.Add(New(name, AnomalyKind.TypeMismatch, AnomalySeverity.Error, $"{name}: the schema expects {Describe(constraints.Type)} values, but the data was read as {Describe(statistics.Type)}."));
            return;
        }

        if (statistics.Invalid > 0 && rowCount > 0)
        {
            var share = (double)statistics.Invalid / rowCount;
            anomalies.Add(New(name, AnomalyKind.TypeMismatch, Severity(share, _options.InvalidValueErrorShare),
                $"{name}: {Percent(share)} of values{Examples(statistics.InvalidExamples)} are not {Describe(constraints.Type)}.", share, statistics.InvalidExamples));
        }

        var presence = rowCount == 0 ? 1 : (double)statistics.Count / rowCount;
        if (presence < constraints.MinPresence)
        {
            anomalies.Add(New(name, AnomalyKind.LowPresence, AnomalySeverity.Error,
                $"{name}: present in {Percent(presence)} of rows, below the minimum of {Percent(constraints.MinPresence)}.", 1 - presence));
        }

        if (constraints.Domain is { } domain && statistics.Categorical is { } categorical)
        {
            CheckDomain(name, domain, statistics.Count, categorical, anomalies);
        }

        if (constraints.Range is { } range && statistics.Numeric is { } numeric)
        {
            CheckRange(name, range, statistics.Count, numeric, anomalies);
        }
    }

    private void CheckDomain(string name, IReadOnlyList<string> domain, long count, CategoricalStatistics categorical, List<Anomaly> anomalies)
    {
        var allowed = domain.ToHashSet(StringComparer.Ordinal);
        var outside = categorical.TopValues.Where(v => !allowed.Contains(v.Value)).ToList();
        var inside = categorical.TopValues.Where(v => allowed.Contains(v.Value)).ToList();
        // Exact counts with every value listed, or with every domain value listed, give the exact outside count
        // (all that is not inside). Otherwise only the listed outside values are known: a lower bound.
        var exact = categorical.IsExact && (categorical.TopValues.Count >= categorical.UniqueCount || inside.Count == allowed.Count);
        var outsideCount = exact ? count - inside.Sum(v => v.Count) : outside.Sum(v => v.Count);
        if (outsideCount <= 0)
        {
            return;
        }

        var share = (double)outsideCount / count;
        var examples = outside.Take(3).Select(v => v.Value).ToList();
        anomalies.Add(New(name, AnomalyKind.UnexpectedValues, Severity(share, _options.UnexpectedValueErrorShare),
            $"{name}: {Percent(share)} of values{Examples(examples)} are outside the domain.", share, examples));
    }

    private void CheckRange(string name, NumericRange range, long count, NumericStatistics numeric, List<Anomaly> anomalies)
    {
        if (numeric.Min >= range.Min && numeric.Max <= range.Max)
        {
            return;
        }

        var outsideCount = numeric.Sketch.RankBelow(range.Min) + (numeric.Sketch.TotalWeight - numeric.Sketch.RankAtMost(range.Max));
        // Min or max is outside (exact), so at least one value is, even if the sketch dropped it.
        var share = Math.Max(outsideCount, 1) / (double)count;
        var examples = new List<string>();
        if (numeric.Min < range.Min)
        {
            examples.Add(Number(numeric.Min));
        }

        if (numeric.Max > range.Max)
        {
            examples.Add(Number(numeric.Max));
        }

        anomalies.Add(New(name, AnomalyKind.OutOfRange, Severity(share, _options.OutOfRangeErrorShare),
            $"{name}: {Percent(share)} of values are outside [{Number(range.Min)}, {Number(range.Max)}] (observed min {Number(numeric.Min)}, max {Number(numeric.Max)}).", share, examples));
    }

    private static AnomalySeverity Severity(double share, double errorShare) => share > errorShare ? AnomalySeverity.Error : AnomalySeverity.Warning;

    private static Anomaly New(string feature, AnomalyKind kind, AnomalySeverity severity, string description, double? share = null, IReadOnlyList<string>? examples = null) =>
        new() { Feature = feature, Kind = kind, Severity = severity, Description = description, Share = share, Examples = examples ?? [] };

    private static string Examples(IReadOnlyList<string> examples) =>
        examples.Count == 0 ? string.Empty : " (e.g. " + string.Join(", ", examples.Select(e => $"'{e}'")) + ")";

    private static string Describe(FeatureType type) => type switch
    {
        FeatureType.Numeric => "numeric",
        FeatureType.Categorical => "categorical",
        FeatureType.Text => "text",
        FeatureType.Boolean => "boolean",
        _ => type.ToString(),
    };

    /// <summary>A share as a percentage with one decimal; tiny non-zero shares read "&lt;0.1%" rather than "0.0%".</summary>
    internal static string Percent(double share) =>
        share > 0 && share < 0.0005 ? "<0.1%" : (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Distance(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
