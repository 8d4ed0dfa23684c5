namespace Feedback.Ml.Evaluation;

/// <summary>Multiclass and regression metrics from their additive statistics (full slice and each resample).</summary>
internal static class AdditiveMetrics
{
    public static (Dictionary<string, double?> Values, Dictionary<string, ConfidenceInterval?> Intervals, MulticlassDetails Details) Multiclass(
        MulticlassSliceStatistics statistics, double confidenceLevel)
    {
        var k = statistics.ClassCount;
        var full = MulticlassValues(statistics, 0, statistics.Count, out var precision, out var recall);
        var intervals = Intervals(statistics.Samples, confidenceLevel, [MetricNames.Accuracy, MetricNames.MacroF1, MetricNames.MicroF1, MetricNames.LogLoss],
            b => MulticlassValues(statistics, b, statistics.Counts[b], out _, out _));
        var matrix = Enumerable.Range(0, k)
            .Select(t => (IReadOnlyList<double>)statistics.Confusion.AsSpan(t * k, k).ToArray()).ToArray();
        return (full, intervals, new MulticlassDetails(precision, recall, matrix));
    }

    public static (Dictionary<string, double?> Values, Dictionary<string, ConfidenceInterval?> Intervals) Regression(
        RegressionSliceStatistics statistics, double confidenceLevel)
    {
        var full = RegressionValues(statistics.Sums, 0, statistics.Count, statistics.ZeroLabels);
        var intervals = Intervals(statistics.Samples, confidenceLevel,
            [MetricNames.MeanAbsoluteError, MetricNames.RootMeanSquaredError, MetricNames.R2, MetricNames.MeanAbsolutePercentageError, MetricNames.MeanLabel, MetricNames.MeanPrediction],
            b => RegressionValues(statistics.Sums, b, 0, 0));
        return (full, intervals);
    }

    private static Dictionary<string, double?> MulticlassValues(MulticlassSliceStatistics s, int row, long count, out double[] precision, out double[] recall)
    {
        var k = s.ClassCount;
        var m = s.Confusion.AsSpan(row * k * k, k * k);
        double total = 0, correct = 0;
        var predicted = new double[k];
        var actual = new double[k];
        for (var t = 0; t < k; t++)
        {
            for (var p = 0; p < k; p++)
            {
                total += m[(t * k) + p];
                actual[t] += m[(t * k) + p];
                predicted[p] += m[(t * k) + p];
            }

            correct += m[(t * k) + t];
        }

        precision = new double[k];
        recall = new double[k];
        double f1Sum = 0;
        var present = 0;
        for (var c = 0; c < k; c++)
        {
            var tp = m[(c * k) + c];
            precision[c] = predicted[c] > 0 ? tp / predicted[c] : 0;
            recall[c] = actual[c] > 0 ? tp / actual[c] : 0;
            // Macro F1 averages over the classes present in the labels or the predictions (scikit-learn, labels=None).
            if (predicted[c] > 0 || actual[c] > 0)
            {
                present++;
                f1Sum += precision[c] + recall[c] > 0 ? 2 * precision[c] * recall[c] / (precision[c] + recall[c]) : 0;
            }
        }

        var accuracy = BinaryMetricsPass.Ratio(correct, total);
        return new Dictionary<string, double?>
        {
            [MetricNames.ExampleCount] = count,
            [MetricNames.WeightedExampleCount] = total,
            [MetricNames.Accuracy] = accuracy,
            [MetricNames.MacroF1] = present > 0 ? f1Sum / present : null,
            // Single-label data: every example is one prediction and one label, so micro P = micro R = accuracy.
            [MetricNames.MicroF1] = accuracy,
            [MetricNames.LogLoss] = BinaryMetricsPass.Ratio(s.LogLoss[row], total),
        };
    }

    private static Dictionary<string, double?> RegressionValues(double[] sums, int row, long count, long zeroLabels)
    {
        var o = row * RegressionSliceStatistics.Columns;
        double w = sums[o], absError = sums[o + 1], squaredError = sums[o + 2], labels = sums[o + 3], labelSquares = sums[o + 4];
        var totalSquares = w > 0 ? labelSquares - (labels * labels / w) : 0;
        return new Dictionary<string, double?>
        {
            [MetricNames.ExampleCount] = count,
            [MetricNames.WeightedExampleCount] = w,
            [MetricNames.MeanAbsoluteError] = BinaryMetricsPass.Ratio(absError, w),
            [MetricNames.RootMeanSquaredError] = w > 0 ? Math.Sqrt(squaredError / w) : null,
            // Constant labels make R² undefined (scikit-learn reports 0 or 1 by convention; we report null).
            [MetricNames.R2] = totalSquares > 0 ? 1 - (squaredError / totalSquares) : null,
            // Zero labels would divide by zero: they are left out of MAPE and counted in zeroLabelCount.
            [MetricNames.MeanAbsolutePercentageError] = BinaryMetricsPass.Ratio(sums[o + 6], sums[o + 7]),
            [MetricNames.ZeroLabelCount] = zeroLabels,
            [MetricNames.MeanLabel] = BinaryMetricsPass.Ratio(labels, w),
            [MetricNames.MeanPrediction] = BinaryMetricsPass.Ratio(sums[o + 5], w),
        };
    }

    private static Dictionary<string, ConfidenceInterval?> Intervals(
        int samples, double confidenceLevel, string[] metrics, Func<int, Dictionary<string, double?>> valuesOfResample)
    {
        if (samples == 0)
        {
            return [];
        }

        var columns = metrics.ToDictionary(m => m, _ => new double[samples]);
        for (var b = 0; b < samples; b++)
        {
            var values = valuesOfResample(b + 1);
            foreach (var (metric, column) in columns)
            {
                column[b] = values[metric] ?? double.NaN;
            }
        }

        return columns.ToDictionary(c => c.Key, c => BootstrapInterval.From(c.Value, confidenceLevel));
    }
}
