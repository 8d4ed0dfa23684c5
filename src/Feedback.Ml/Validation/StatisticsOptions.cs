namespace Feedback.Ml.Validation;

/// <summary>Options of statistics generation. Validated by <see cref="StatisticsAccumulator"/> and
/// <see cref="StatisticsGenerator"/> when they are constructed.</summary>
public sealed class StatisticsOptions
{
    /// <summary>Equal-width histogram buckets per numeric feature, 1 to 1,000. Defaults to 20.</summary>
    public int HistogramBuckets { get; init; } = Defaults.HistogramBuckets;

    /// <summary>Number of quantile intervals, 1 to 1,000: 10 gives deciles (11 points including min and max).
    /// Defaults to 10.</summary>
    public int QuantileIntervals { get; init; } = Defaults.QuantileIntervals;

    /// <summary>The KLL parameter k of the numeric quantile sketch, 8 to 65,536; the rank error is about
    /// <c>2.3 / k^0.97</c> (1.3% at 200). Defaults to 200.</summary>
    public int SketchCapacity { get; init; } = Defaults.SketchCapacity;

    /// <summary>Top categorical values and text tokens kept in the artifact, 1 to 100,000. Defaults to 50.</summary>
    public int TopValueCount { get; init; } = Defaults.TopValueCount;

    /// <summary>Distinct values per categorical feature (or tokens per text feature) counted exactly before the
    /// approximate summary takes over; at least 2 and at least <see cref="TopValueCount"/>. Defaults to 10,000.</summary>
    public int MaxTrackedValues { get; init; } = Defaults.MaxTrackedValues;

    /// <summary>Number of row partitions <see cref="StatisticsGenerator"/> computes apart and merges, 1 to 1,024.
    /// Fixed rather than derived from the core count so results do not depend on the machine. Defaults to 8.</summary>
    public int PartitionCount { get; init; } = Defaults.PartitionCount;

    /// <summary>Seed of the quantile sketches' compaction coin. Defaults to 1.</summary>
    public ulong Seed { get; init; } = Defaults.Seed;

    internal void Validate()
    {
        Require(HistogramBuckets is >= 1 and <= 1000, nameof(HistogramBuckets), HistogramBuckets, "between 1 and 1000");
        Require(QuantileIntervals is >= 1 and <= 1000, nameof(QuantileIntervals), QuantileIntervals, "between 1 and 1000");
        Require(SketchCapacity is >= 8 and <= 65_536, nameof(SketchCapacity), SketchCapacity, "between 8 and 65536");
        Require(TopValueCount is >= 1 and <= 100_000, nameof(TopValueCount), TopValueCount, "between 1 and 100000");
        Require(MaxTrackedValues >= Math.Max(2, TopValueCount), nameof(MaxTrackedValues), MaxTrackedValues, $"at least 2 and at least TopValueCount ({TopValueCount})");
        Require(PartitionCount is >= 1 and <= 1024, nameof(PartitionCount), PartitionCount, "between 1 and 1024");
    }

    internal static void Require(bool condition, string option, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} must be {rule}, was {value}.");
        }
    }

    internal static class Defaults
    {
        public const int HistogramBuckets = 20;
        public const int QuantileIntervals = 10;
        public const int SketchCapacity = 200;
        public const int TopValueCount = 50;
        public const int MaxTrackedValues = 10_000;
        public const int PartitionCount = 8;
        public const ulong Seed = 1;
    }
}
