namespace Feedback.Ml.Evaluation;

/// <summary>
/// The binary pass's sums for each Poisson bootstrap resample, updated example by example in rank order so the
/// resamples share the slice's single sort.
/// </summary>
internal sealed class ResampleSums(int samples)
{
    private readonly double[] _weight = new double[samples];
    private readonly double[] _tp = new double[samples];
    private readonly double[] _fp = new double[samples];
    private readonly double[] _prevTp = new double[samples];
    private readonly double[] _prevFp = new double[samples];
    private readonly double[] _area = new double[samples];
    private readonly double[] _precisionSum = new double[samples];
    private readonly double[] _prediction = new double[samples];
    private readonly double[] _logLoss = new double[samples];
    private readonly double[] _brier = new double[samples];
    private readonly double[] _decisionTp = new double[samples];
    private readonly double[] _decisionFp = new double[samples];
    private readonly long[] _count = new long[samples];

    /// <summary>Metrics that get an interval.</summary>
    private static readonly string[] IntervalMetrics =
    [
        MetricNames.Accuracy, MetricNames.Precision, MetricNames.Recall, MetricNames.F1, MetricNames.Auc, MetricNames.AucPr,
        MetricNames.LogLoss, MetricNames.BrierScore, MetricNames.MeanLabel, MetricNames.MeanPrediction,
    ];

    public void Add(long seed, long id, double weight, bool positive, double score, double logLoss, double brier)
    {
        for (var b = 0; b < samples; b++)
        {
            var k = PoissonResampling.Weight(seed, b, id);
            if (k == 0)
            {
                continue;
            }

            var w = weight * k;
            _count[b] += k;
            _weight[b] += w;
            if (positive)
            {
                _tp[b] += w;
            }
            else
            {
                _fp[b] += w;
            }

            _prediction[b] += w * score;
            _logLoss[b] += w * logLoss;
            _brier[b] += w * brier;
        }
    }

    public void CloseGroup()
    {
        for (var b = 0; b < samples; b++)
        {
            double tp = _tp[b], fp = _fp[b];
            if (tp == _prevTp[b] && fp == _prevFp[b])
            {
                continue; // the resample drew none of this tie group
            }

            _area[b] += (fp - _prevFp[b]) * (tp + _prevTp[b]) / 2;
            _precisionSum[b] += (tp - _prevTp[b]) * tp / (tp + fp);
            _prevTp[b] = tp;
            _prevFp[b] = fp;
        }
    }

    public void SnapshotDecision()
    {
        Array.Copy(_tp, _decisionTp, samples);
        Array.Copy(_fp, _decisionFp, samples);
    }

    public Dictionary<string, ConfidenceInterval?> Intervals(double confidenceLevel)
    {
        var perMetric = IntervalMetrics.ToDictionary(m => m, _ => new double[samples]);
        for (var b = 0; b < samples; b++)
        {
            var positives = _tp[b];
            var atDecision = new BinaryConfusionMatrix(
                0, _decisionTp[b], _decisionFp[b], _fp[b] - _decisionFp[b], positives - _decisionTp[b]);
            var values = BinaryMetricFormulas.Values(
                _count[b], _weight[b], positives, _prediction[b], _logLoss[b], _brier[b], _area[b], _precisionSum[b], atDecision, null);
            foreach (var (metric, column) in perMetric)
            {
                column[b] = values[metric] ?? double.NaN;
            }
        }

        return perMetric.ToDictionary(p => p.Key, p => BootstrapInterval.From(p.Value, confidenceLevel));
    }
}
