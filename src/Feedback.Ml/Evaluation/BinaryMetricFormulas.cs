namespace Feedback.Ml.Evaluation;

/// <summary>Binary metrics from the pass's sums, shared by the full slice and each bootstrap resample.</summary>
internal static class BinaryMetricFormulas
{
    public static Dictionary<string, double?> Values(
        long count, double weight, double positives, double predictionSum, double logLoss, double brier,
        double rocArea, double precisionSum, BinaryConfusionMatrix atDecision, double? calibrationError)
    {
        var negatives = weight - positives;
        var (tp, fp, tn, fn) = (atDecision.TruePositives, atDecision.FalsePositives, atDecision.TrueNegatives, atDecision.FalseNegatives);
        // scikit-learn's zero_division=0 convention: precision, recall and F1 are 0 rather than undefined.
        var precision = tp + fp > 0 ? tp / (tp + fp) : 0;
        var recall = tp + fn > 0 ? tp / (tp + fn) : 0;
        var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new Dictionary<string, double?>
        {
            [MetricNames.ExampleCount] = count,
            [MetricNames.WeightedExampleCount] = weight,
            [MetricNames.Accuracy] = BinaryMetricsPass.Ratio(tp + tn, weight),
            [MetricNames.Precision] = weight > 0 ? precision : null,
            [MetricNames.Recall] = weight > 0 ? recall : null,
            [MetricNames.F1] = weight > 0 ? f1 : null,
            [MetricNames.Auc] = positives > 0 && negatives > 0 ? rocArea / (positives * negatives) : null,
            [MetricNames.AucPr] = positives > 0 ? precisionSum / positives : null,
            [MetricNames.LogLoss] = BinaryMetricsPass.Ratio(logLoss, weight),
            [MetricNames.BrierScore] = BinaryMetricsPass.Ratio(brier, weight),
            [MetricNames.MeanLabel] = BinaryMetricsPass.Ratio(positives, weight),
            [MetricNames.MeanPrediction] = BinaryMetricsPass.Ratio(predictionSum, weight),
            [MetricNames.ExpectedCalibrationError] = calibrationError,
            [MetricNames.TruePositives] = tp,
            [MetricNames.FalsePositives] = fp,
            [MetricNames.TrueNegatives] = tn,
            [MetricNames.FalseNegatives] = fn,
        };
    }

    /// <summary>The fairness rates of a confusion matrix; 0/0 is null.</summary>
    public static Dictionary<string, double?> Rates(BinaryConfusionMatrix m)
    {
        var (tp, fp, tn, fn) = (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives);
        var all = tp + fp + tn + fn;
        return new Dictionary<string, double?>
        {
            [FairnessRateNames.FalsePositiveRate] = BinaryMetricsPass.Ratio(fp, fp + tn),
            [FairnessRateNames.FalseNegativeRate] = BinaryMetricsPass.Ratio(fn, fn + tp),
            [FairnessRateNames.TruePositiveRate] = BinaryMetricsPass.Ratio(tp, tp + fn),
            [FairnessRateNames.TrueNegativeRate] = BinaryMetricsPass.Ratio(tn, tn + fp),
            [FairnessRateNames.PositiveRate] = BinaryMetricsPass.Ratio(tp + fp, all),
            [FairnessRateNames.NegativeRate] = BinaryMetricsPass.Ratio(tn + fn, all),
            [FairnessRateNames.FalseDiscoveryRate] = BinaryMetricsPass.Ratio(fp, tp + fp),
            [FairnessRateNames.FalseOmissionRate] = BinaryMetricsPass.Ratio(fn, fn + tn),
        };
    }
}

/// <summary>Weighted sums per equal-width probability bin, for the reliability curve and ECE.</summary>
internal sealed class CalibrationSums(int bins)
{
    private readonly long[] _count = new long[bins];
    private readonly double[] _weight = new double[bins];
    private readonly double[] _prediction = new double[bins];
    private readonly double[] _label = new double[bins];

    public void Add(double score, double label, double weight)
    {
        // A score of exactly 1 belongs to the last bin, as in scikit-learn's calibration_curve.
        var bin = Math.Min((int)(score * bins), bins - 1);
        _count[bin]++;
        _weight[bin] += weight;
        _prediction[bin] += weight * score;
        _label[bin] += weight * label;
    }

    /// <summary>ECE = Σ_bins (W_bin / W) · |mean prediction − mean label|; null when the slice has no weight.</summary>
    public double? ExpectedError(double totalWeight)
    {
        if (!(totalWeight > 0))
        {
            return null;
        }

        double error = 0;
        for (var b = 0; b < bins; b++)
        {
            if (_weight[b] > 0)
            {
                error += Math.Abs(_prediction[b] - _label[b]) / totalWeight;
            }
        }

        return error;
    }

    public CalibrationBin[] Bins() => Enumerable.Range(0, bins).Select(b => new CalibrationBin(
        (double)b / bins, (double)(b + 1) / bins, _count[b], _weight[b],
        BinaryMetricsPass.Ratio(_prediction[b], _weight[b]), BinaryMetricsPass.Ratio(_label[b], _weight[b]))).ToArray();
}
