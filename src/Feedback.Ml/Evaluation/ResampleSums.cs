using System.Numerics;
using System.Runtime.InteropServices;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// The binary pass's sums for each Poisson bootstrap resample, updated example by example in rank order so the
/// resamples share the slice's single sort. The resamples sit side by side in SIMD vectors (arrays padded to a
/// whole number of vectors; padding lanes get weight 0), and every update is branch-free: a zero draw adds 0.
/// </summary>
internal sealed class ResampleSums
{
    /// <summary>Metrics that get an interval.</summary>
    private static readonly string[] IntervalMetrics =
    [
        MetricNames.Accuracy, MetricNames.Precision, MetricNames.Recall, MetricNames.F1, MetricNames.Auc, MetricNames.AucPr,
        MetricNames.LogLoss, MetricNames.BrierScore, MetricNames.MeanLabel, MetricNames.MeanPrediction,
    ];

    private readonly int _samples;
    private readonly Vector<double>[] _count, _weight, _tp, _fp, _prevTp, _prevFp, _area, _precisionSum, _prediction, _logLoss, _brier, _decisionTp, _decisionFp;

    public ResampleSums(int samples)
    {
        _samples = samples;
        var vectors = PaddedLength(samples) / Vector<double>.Count;
        _count = new Vector<double>[vectors];
        _weight = new Vector<double>[vectors];
        _tp = new Vector<double>[vectors];
        _fp = new Vector<double>[vectors];
        _prevTp = new Vector<double>[vectors];
        _prevFp = new Vector<double>[vectors];
        _area = new Vector<double>[vectors];
        _precisionSum = new Vector<double>[vectors];
        _prediction = new Vector<double>[vectors];
        _logLoss = new Vector<double>[vectors];
        _brier = new Vector<double>[vectors];
        _decisionTp = new Vector<double>[vectors];
        _decisionFp = new Vector<double>[vectors];
    }

    /// <summary>Length of the draws span <see cref="Add"/> expects: the sample count rounded up to whole vectors.</summary>
    public static int PaddedLength(int samples) => (samples + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;

    /// <summary>Adds one example to every resample, weighted by its Poisson draws (padding lanes must be 0).</summary>
    public void Add(ReadOnlySpan<double> draws, double weight, bool positive, double score, double logLoss, double brier)
    {
        var d = MemoryMarshal.Cast<double, Vector<double>>(draws);
        var label = positive ? 1.0 : 0.0;
        var (tp, fp, prediction, loss, squared) = (_tp, _fp, _prediction, _logLoss, _brier);
        for (var v = 0; v < _count.Length; v++)
        {
            var w = d[v] * weight;
            _count[v] += d[v];
            _weight[v] += w;
            tp[v] += w * label;
            fp[v] += w * (1 - label);
            prediction[v] += w * score;
            loss[v] += w * logLoss;
            squared[v] += w * brier;
        }
    }

    /// <summary>Closes a tie group in every resample; a resample that drew none of the group adds exactly 0.</summary>
    public void CloseGroup()
    {
        var tiny = new Vector<double>(double.Epsilon);
        for (var v = 0; v < _count.Length; v++)
        {
            Vector<double> tp = _tp[v], fp = _fp[v], prevTp = _prevTp[v];
            _area[v] += (fp - _prevFp[v]) * (tp + prevTp) * 0.5;
            // tp + fp is 0 only while nothing is drawn yet, when tp − prevTp is 0 too: the max avoids 0/0.
            _precisionSum[v] += (tp - prevTp) * tp / Vector.Max(tp + fp, tiny);
            _prevTp[v] = tp;
            _prevFp[v] = fp;
        }
    }

    public void SnapshotDecision()
    {
        Array.Copy(_tp, _decisionTp, _tp.Length);
        Array.Copy(_fp, _decisionFp, _fp.Length);
    }

    public Dictionary<string, ConfidenceInterval?> Intervals(double confidenceLevel)
    {
        var perMetric = IntervalMetrics.ToDictionary(m => m, _ => new double[_samples]);
        for (var b = 0; b < _samples; b++)
        {
            var positives = Lane(_tp, b);
            var fp = Lane(_fp, b);
            var atDecision = new BinaryConfusionMatrix(0, Lane(_decisionTp, b), Lane(_decisionFp, b), fp - Lane(_decisionFp, b), positives - Lane(_decisionTp, b));
            var values = BinaryMetricFormulas.Values(
                (long)Lane(_count, b), Lane(_weight, b), positives, Lane(_prediction, b), Lane(_logLoss, b), Lane(_brier, b),
                Lane(_area, b), Lane(_precisionSum, b), atDecision, null);
            foreach (var (metric, column) in perMetric)
            {
                column[b] = values[metric] ?? double.NaN;
            }
        }

        return perMetric.ToDictionary(p => p.Key, p => BootstrapInterval.From(p.Value, confidenceLevel));
    }

    private static double Lane(Vector<double>[] vectors, int sample) => vectors[sample / Vector<double>.Count][sample % Vector<double>.Count];
}
