using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Computes a split's statistics in parallel: the rows are cut into
/// <see cref="StatisticsOptions.PartitionCount"/> contiguous partitions, each summarised by its own
/// <see cref="StatisticsAccumulator"/> on the thread pool, and the partitions are merged in order.</summary>
/// <remarks>The partition count is fixed by the options (not by the core count) and merging is in partition
/// order, so the result is the same on every machine for the same data, options and seed.</remarks>
public sealed class StatisticsGenerator
{
    private readonly StatisticsOptions _options;

    /// <summary>Creates a generator.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public StatisticsGenerator(StatisticsOptions? options = null)
    {
        _options = options ?? new StatisticsOptions();
        _options.Validate();
    }

    /// <summary>Statistics of a columnar batch.</summary>
    public DatasetStatistics Compute(FeatureSchema schema, FeatureSpec? label, ColumnarBatch batch, string split, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Compute(schema, label, batch.RowCount, split, (accumulator, start, length) => batch.FeedInto(accumulator, start, length), cancellationToken);
    }

    /// <summary>Statistics of rows aligned with the columns (features in schema order, then the label).</summary>
    public DatasetStatistics Compute(FeatureSchema schema, FeatureSpec? label, IReadOnlyList<IReadOnlyList<object?>> rows, string split, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Compute(schema, label, rows.Count, split, (accumulator, start, length) =>
        {
            for (var i = start; i < start + length; i++)
            {
                accumulator.AddRow(rows[i]);
            }
        }, cancellationToken);
    }

    /// <summary>Statistics of rows given by column name (absent names are missing in that row).</summary>
    public DatasetStatistics Compute(FeatureSchema schema, FeatureSpec? label, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string split, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Compute(schema, label, rows.Count, split, (accumulator, start, length) =>
        {
            for (var i = start; i < start + length; i++)
            {
                accumulator.AddRow(rows[i]);
            }
        }, cancellationToken);
    }

    private DatasetStatistics Compute(FeatureSchema schema, FeatureSpec? label, int rowCount, string split, Action<StatisticsAccumulator, int, int> feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(split);
        var partitions = new StatisticsAccumulator[_options.PartitionCount];
        // Chunks of a few thousand rows between cancellation checks: cheap to check, quick to stop.
        const int chunk = 8192;
        Parallel.For(0, partitions.Length, new ParallelOptions { CancellationToken = cancellationToken }, p =>
        {
            var accumulator = new StatisticsAccumulator(schema, label, _options, p);
            var start = (int)((long)rowCount * p / partitions.Length);
            var end = (int)((long)rowCount * (p + 1) / partitions.Length);
            for (var s = start; s < end; s += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                feed(accumulator, s, Math.Min(chunk, end - s));
            }

            partitions[p] = accumulator;
        });

        for (var p = 1; p < partitions.Length; p++)
        {
            partitions[0].Merge(partitions[p]);
        }

        return partitions[0].ToStatistics(split);
    }
}
