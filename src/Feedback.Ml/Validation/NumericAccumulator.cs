using System.Globalization;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Mean and variance by Welford's update (merged with Chan et al.'s formula), exact min, max, sum and
/// zeros, and a <see cref="QuantileSketch"/> for quantiles, histogram and drift.</summary>
internal sealed class NumericAccumulator(FeatureSpec spec, StatisticsOptions options, ulong seed) : FeatureAccumulator(spec)
{
    private readonly QuantileSketch _sketch = new(options.SketchCapacity, seed);
    private long _count;
    private double _mean;
    private double _m2;
    private double _sum;
    private long _zeros;

    public override long Count => _count;

    protected override void OnNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            AddInvalid(Show(value));
            return;
        }

        _count++;
        var delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
        _sum += value;
        if (value == 0)
        {
            _zeros++;
        }

        _sketch.Add(value);
    }

    protected override void OnString(string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            OnNumber(parsed);
        }
        else
        {
            AddInvalid(value);
        }
    }

    protected override void OnBoolean(bool value) => AddInvalid(value ? "true" : "false");

    protected override void MergeValues(FeatureAccumulator other)
    {
        var o = (NumericAccumulator)other;
        if (o._count == 0)
        {
            return;
        }

        var n = _count + o._count;
        var delta = o._mean - _mean;
        _mean += delta * o._count / n;
        _m2 += o._m2 + (delta * delta * _count * o._count / n);
        _count = n;
        _sum += o._sum;
        _zeros += o._zeros;
        _sketch.Merge(o._sketch);
    }

    protected override FeatureStatistics WithValues(FeatureStatistics statistics, StatisticsOptions options)
    {
        var summary = _sketch.ToSummary();
        var min = _sketch.Min;
        var max = _sketch.Max;
        var quantiles = new QuantilePoint[options.QuantileIntervals + 1];
        for (var i = 0; i <= options.QuantileIntervals; i++)
        {
            var fraction = (double)i / options.QuantileIntervals;
            var value = i == 0 ? min : i == options.QuantileIntervals ? max : summary.Quantile(fraction);
            quantiles[i] = new QuantilePoint(fraction, value);
        }

        return statistics with
        {
            Numeric = new NumericStatistics
            {
                Mean = _mean,
                StandardDeviation = Math.Sqrt(Math.Max(0, _m2 / _count)),
                Min = min,
                Max = max,
                Sum = _sum,
                Zeros = _zeros,
                Quantiles = quantiles,
                Histogram = Histogram(summary, min, max, options.HistogramBuckets),
                RankErrorBound = _sketch.RankErrorBound,
                Sketch = summary,
            },
        };
    }

    private static HistogramBucket[] Histogram(QuantileSummary summary, double min, double max, int buckets)
    {
        if (max == min)
        {
            return [new HistogramBucket(min, max, summary.TotalWeight)];
        }

        var width = (max - min) / buckets;
        var counts = new long[buckets];
        for (var i = 0; i < summary.Values.Count; i++)
        {
            var bucket = (int)((summary.Values[i] - min) / width);
            counts[Math.Clamp(bucket, 0, buckets - 1)] += summary.Weights[i];
        }

        var result = new HistogramBucket[buckets];
        for (var b = 0; b < buckets; b++)
        {
            result[b] = new HistogramBucket(min + (b * width), b == buckets - 1 ? max : min + ((b + 1) * width), counts[b]);
        }

        return result;
    }
}
