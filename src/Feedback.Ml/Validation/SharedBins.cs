using System.Globalization;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Two features' value distributions over the same bins: categorical values (plus an "other" bin for
/// mass outside the listed top values), boolean values, text tokens, or numeric intervals.</summary>
internal sealed record SharedBins(IReadOnlyList<string> Labels, double[] Baseline, double[] Current)
{
    public const string OtherValues = "(other values)";

    /// <summary>The shared bins, or null with a reason when the two cannot be compared.</summary>
    public static SharedBins? Create(FeatureStatistics baseline, FeatureStatistics current, DriftOptions options, out string? reason)
    {
        reason = null;
        if (baseline.Type != current.Type)
        {
            reason = $"the baseline is {baseline.Type} and the current data is {current.Type}";
            return null;
        }

        if (baseline.Count == 0 || current.Count == 0)
        {
            reason = baseline.Count == 0 ? "the baseline has no values" : "the current data has no values";
            return null;
        }

        return baseline.Type switch
        {
            FeatureType.Numeric => Numeric(baseline.Numeric!, current.Numeric!, options),
            FeatureType.Categorical => Values(baseline.Categorical!.TopValues, baseline.Count, current.Categorical!.TopValues, current.Count),
            FeatureType.Text => Values(baseline.Text!.TopTokens, baseline.Text.TokenCount, current.Text!.TopTokens, current.Text.TokenCount),
            _ => Values(BooleanCounts(baseline.Boolean!), baseline.Count, BooleanCounts(current.Boolean!), current.Count),
        };
    }

    private static ValueCount[] BooleanCounts(BooleanStatistics b) => [new("true", b.TrueCount), new("false", b.FalseCount)];

    private static SharedBins? Values(IReadOnlyList<ValueCount> baseline, long baselineTotal, IReadOnlyList<ValueCount> current, long currentTotal)
    {
        if (baselineTotal == 0 || currentTotal == 0)
        {
            return null;
        }

        var labels = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in baseline.Concat(current))
        {
            if (index.TryAdd(value.Value, labels.Count))
            {
                labels.Add(value.Value);
            }
        }

        var p = new double[labels.Count + 1];
        var q = new double[labels.Count + 1];
        foreach (var value in baseline)
        {
            p[index[value.Value]] = (double)value.Count / baselineTotal;
        }

        foreach (var value in current)
        {
            q[index[value.Value]] = (double)value.Count / currentTotal;
        }

        // Mass beyond the listed values (truncated top lists, approximate counts) goes to one "other" bin.
        p[^1] = Math.Max(0, 1 - p.AsSpan(0, labels.Count).ToArray().Sum());
        q[^1] = Math.Max(0, 1 - q.AsSpan(0, labels.Count).ToArray().Sum());
        if (p[^1] < 1e-12 && q[^1] < 1e-12)
        {
            return new SharedBins(labels, p[..^1], q[..^1]);
        }

        labels.Add(OtherValues);
        return new SharedBins(labels, p, q);
    }

    private static SharedBins Numeric(NumericStatistics baseline, NumericStatistics current, DriftOptions options)
    {
        var edges = new List<double>();
        if (options.Binning == NumericBinning.BaselineQuantiles)
        {
            for (var i = 1; i < options.BinCount; i++)
            {
                edges.Add(baseline.Sketch.Quantile((double)i / options.BinCount));
            }
        }
        else
        {
            var low = Math.Min(baseline.Min, current.Min);
            var high = Math.Max(baseline.Max, current.Max);
            for (var i = 1; i < options.BinCount && high > low; i++)
            {
                edges.Add(low + ((high - low) * i / options.BinCount));
            }
        }

        edges = [.. edges.Distinct().Order()];
        // Bins are (-inf, e1], (e1, e2], ..., (e_last, +inf): every value of either side lands in exactly one.
        var labels = new string[edges.Count + 1];
        var p = new double[edges.Count + 1];
        var q = new double[edges.Count + 1];
        for (var b = 0; b <= edges.Count; b++)
        {
            var low = b == 0 ? double.NegativeInfinity : edges[b - 1];
            var high = b == edges.Count ? double.PositiveInfinity : edges[b];
            labels[b] = $"({Show(low)}, {Show(high)}{(b == edges.Count ? ")" : "]")}";
            p[b] = Share(baseline.Sketch, low, high);
            q[b] = Share(current.Sketch, low, high);
        }

        return new SharedBins(labels, p, q);
    }

    private static double Share(QuantileSummary sketch, double low, double high)
    {
        var upTo = double.IsPositiveInfinity(high) ? sketch.TotalWeight : sketch.RankAtMost(high);
        var below = double.IsNegativeInfinity(low) ? 0 : sketch.RankAtMost(low);
        return (double)(upTo - below) / sketch.TotalWeight;
    }

    private static string Show(double value) => double.IsInfinity(value)
        ? (value > 0 ? "+inf" : "-inf")
        : value.ToString("G6", CultureInfo.InvariantCulture);
}
