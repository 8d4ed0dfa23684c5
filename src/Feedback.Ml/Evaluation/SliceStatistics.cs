namespace Feedback.Ml.Evaluation;

/// <summary>Mergeable sufficient statistics of one slice for one model.</summary>
internal abstract class SliceStatistics
{
    public abstract long Count { get; }

    /// <summary>Combines the statistics of two disjoint sets of examples of the same slice.</summary>
    public abstract SliceStatistics Merge(SliceStatistics other);
}

/// <summary>Binary: the slice's ranking (see <see cref="RankedExamples"/>).</summary>
internal sealed class BinarySliceStatistics(RankedExamples ranked) : SliceStatistics
{
    public RankedExamples Ranked { get; } = ranked;

    public override long Count => Ranked.Count;

    public override SliceStatistics Merge(SliceStatistics other) =>
        new BinarySliceStatistics(RankedExamples.Merge(Ranked, ((BinarySliceStatistics)other).Ranked));
}

/// <summary>
/// Multiclass: the weighted confusion matrix and log-loss sum, plus the same per bootstrap resample. All additive.
/// </summary>
internal sealed class MulticlassSliceStatistics : SliceStatistics
{
    private long _count;

    public MulticlassSliceStatistics(int classCount, int samples)
    {
        ClassCount = classCount;
        // Resample b lives at index b + 1; index 0 is the full slice.
        Confusion = new double[(samples + 1) * classCount * classCount];
        LogLoss = new double[samples + 1];
        Counts = new long[samples + 1];
    }

    public int ClassCount { get; }

    public double[] Confusion { get; }

    public double[] LogLoss { get; }

    public long[] Counts { get; }

    public int Samples => LogLoss.Length - 1;

    public override long Count => _count;

    public void Add(int label, int predicted, double weight, double logLoss, long id, long seed)
    {
        _count++;
        var cells = ClassCount * ClassCount;
        var cell = (label * ClassCount) + predicted;
        for (var b = 0; b <= Samples; b++)
        {
            var k = b == 0 ? 1 : PoissonResampling.Weight(seed, b - 1, id);
            if (k == 0)
            {
                continue;
            }

            Confusion[(b * cells) + cell] += weight * k;
            LogLoss[b] += weight * k * logLoss;
            Counts[b] += k;
        }
    }

    public override SliceStatistics Merge(SliceStatistics other)
    {
        var o = (MulticlassSliceStatistics)other;
        var merged = new MulticlassSliceStatistics(ClassCount, Samples) { _count = _count + o._count };
        Sum(Confusion, o.Confusion, merged.Confusion);
        Sum(LogLoss, o.LogLoss, merged.LogLoss);
        for (var i = 0; i < Counts.Length; i++)
        {
            merged.Counts[i] = Counts[i] + o.Counts[i];
        }

        return merged;
    }

    internal static void Sum(double[] a, double[] b, double[] into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = a[i] + b[i];
        }
    }
}

/// <summary>
/// Regression: additive sums of weights, errors, labels and predictions (index 0 the full slice, then one row per
/// bootstrap resample). R² uses the sum of squares about the mean, computed as Σwy² − (Σwy)²/Σw.
/// </summary>
internal sealed class RegressionSliceStatistics : SliceStatistics
{
    // Sum columns per row: weight, |e|, e², y, y², prediction, |e|/|y| (non-zero labels), weight of non-zero labels.
    public const int Columns = 8;
    private long _count;

    public RegressionSliceStatistics(int samples)
    {
        Sums = new double[(samples + 1) * Columns];
        ZeroLabels = 0;
    }

    public double[] Sums { get; }

    public long ZeroLabels { get; private set; }

    public int Samples => (Sums.Length / Columns) - 1;

    public override long Count => _count;

    public void Add(double label, double prediction, double weight, long id, long seed)
    {
        _count++;
        if (label == 0)
        {
            ZeroLabels++;
        }

        var error = prediction - label;
        for (var b = 0; b <= Samples; b++)
        {
            var k = b == 0 ? 1 : PoissonResampling.Weight(seed, b - 1, id);
            if (k == 0)
            {
                continue;
            }

            var w = weight * k;
            var row = b * Columns;
            Sums[row] += w;
            Sums[row + 1] += w * Math.Abs(error);
            Sums[row + 2] += w * error * error;
            Sums[row + 3] += w * label;
            Sums[row + 4] += w * label * label;
            Sums[row + 5] += w * prediction;
            if (label != 0)
            {
                Sums[row + 6] += w * Math.Abs(error) / Math.Abs(label);
                Sums[row + 7] += w;
            }
        }
    }

    public override SliceStatistics Merge(SliceStatistics other)
    {
        var o = (RegressionSliceStatistics)other;
        var merged = new RegressionSliceStatistics(Samples) { _count = _count + o._count, ZeroLabels = ZeroLabels + o.ZeroLabels };
        MulticlassSliceStatistics.Sum(Sums, o.Sums, merged.Sums);
        return merged;
    }
}
