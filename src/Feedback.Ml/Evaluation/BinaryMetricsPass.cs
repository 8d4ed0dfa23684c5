namespace Feedback.Ml.Evaluation;

/// <summary>
/// Computes every binary metric of one slice in one pass over its ranking: at each change of score the current
/// (TP, FP) pair closes a tie group, which adds its trapezoid to the AUC and its precision × recall step to the
/// average precision, and confusion matrices are snapshotted as the score crosses each threshold. Bootstrap resamples
/// ride along in the same pass with their Poisson weights, so the slice is never re-sorted.
/// </summary>
internal sealed class BinaryMetricsPass
{
    /// <summary>Predictions are clipped to [eps, 1 − eps] for log loss (scikit-learn's former default eps).</summary>
    public const double LogLossEpsilon = 1e-15;

    private readonly EvaluationConfig _config;
    private readonly double[] _thresholds;

    public BinaryMetricsPass(EvaluationConfig config)
    {
        _config = config;
        // Decision threshold first, then the fairness thresholds; scanned in descending order during the pass.
        _thresholds = new[] { config.DecisionThreshold }.Concat(config.FairnessThresholds).Distinct().ToArray();
    }

    public int ThresholdIndex(double threshold) => Array.IndexOf(_thresholds, threshold);

    public BinarySliceOutcome Run(RankedExamples ranked, ResampleWeights weights)
    {
        var n = ranked.Count;
        var bins = _config.CalibrationBins;
        var calibration = new CalibrationSums(bins);
        var descending = Enumerable.Range(0, _thresholds.Length).OrderByDescending(t => _thresholds[t]).ToArray();
        var snapshots = new (double Tp, double Fp)[_thresholds.Length];
        var nextThreshold = 0;
        var totals = new Totals();
        var groups = new GroupCurve();
        var points = new List<(double Score, double Tp, double Fp)>();
        var step = Math.Max(1, (int)Math.Ceiling(n / (double)Math.Max(1, _config.MaxCurvePoints - 2)));
        var nextPoint = step;
        var resamples = weights.Samples > 0 ? new ResampleSums(weights.Samples) : null;
        Span<double> draws = stackalloc double[ResampleSums.PaddedLength(weights.Samples)];
        draws.Clear();

        for (var i = 0; i < n; i++)
        {
            var score = ranked.Scores[i];
            if (i > 0 && score != ranked.Scores[i - 1])
            {
                groups.Close(totals.Tp, totals.Fp);
                resamples?.CloseGroup();
                if (i >= nextPoint)
                {
                    points.Add((ranked.Scores[i - 1], totals.Tp, totals.Fp));
                    nextPoint = i + step;
                }
            }

            // Positive means score > threshold: snapshot every threshold the score no longer exceeds.
            while (nextThreshold < descending.Length && score <= _thresholds[descending[nextThreshold]])
            {
                snapshots[descending[nextThreshold]] = (totals.Tp, totals.Fp);
                if (descending[nextThreshold] == 0)
                {
                    resamples?.SnapshotDecision();
                }

                nextThreshold++;
            }

            var weight = ranked.WeightAt(i);
            var positive = ranked.Positive[i];
            var label = positive ? 1.0 : 0.0;
            var clipped = Math.Clamp(score, LogLossEpsilon, 1 - LogLossEpsilon);
            var logLoss = positive ? -Math.Log(clipped) : -Math.Log(1 - clipped);
            var brier = (score - label) * (score - label);
            totals.Add(weight, positive, score, logLoss, brier);
            calibration.Add(score, label, weight);
            if (resamples is not null)
            {
                weights.Fill(ranked.Ids[i], draws);
                resamples.Add(draws, weight, positive, score, logLoss, brier);
            }
        }

        if (n > 0)
        {
            groups.Close(totals.Tp, totals.Fp);
            resamples?.CloseGroup();
            points.Add((ranked.Scores[n - 1], totals.Tp, totals.Fp));
        }

        for (; nextThreshold < descending.Length; nextThreshold++)
        {
            snapshots[descending[nextThreshold]] = (totals.Tp, totals.Fp);
            if (descending[nextThreshold] == 0)
            {
                resamples?.SnapshotDecision();
            }
        }

        var confusion = _thresholds.Select((t, k) => new BinaryConfusionMatrix(
            t, snapshots[k].Tp, snapshots[k].Fp, totals.Negatives - snapshots[k].Fp, totals.Positives - snapshots[k].Tp)).ToArray();
        var values = BinaryMetricFormulas.Values(
            n, totals.Weight, totals.Positives, totals.PredictionSum, totals.LogLoss, totals.Brier,
            groups.Area, groups.PrecisionSum, confusion[0], calibration.ExpectedError(totals.Weight));
        var intervals = resamples?.Intervals(_config.Bootstrap.ConfidenceLevel) ?? new Dictionary<string, ConfidenceInterval?>();
        var plots = new BinaryPlots(
            Roc(points, totals), PrecisionRecall(points, totals), calibration.Bins(), confusion);
        return new BinarySliceOutcome(values, intervals, plots, confusion);
    }

    private static RocPoint[] Roc(List<(double Score, double Tp, double Fp)> points, Totals totals) =>
        points.Select(p => new RocPoint(p.Score, Ratio(p.Fp, totals.Negatives) ?? 0, Ratio(p.Tp, totals.Positives) ?? 0))
            .Prepend(new RocPoint(double.MaxValue, 0, 0)).ToArray();

    private static PrecisionRecallPoint[] PrecisionRecall(List<(double Score, double Tp, double Fp)> points, Totals totals) =>
        points.Select(p => new PrecisionRecallPoint(p.Score, Ratio(p.Tp, totals.Positives) ?? 0, Ratio(p.Tp, p.Tp + p.Fp) ?? 0)).ToArray();

    internal static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;

    private sealed class Totals
    {
        public long Count;
        public double Weight, Positives, Negatives, PredictionSum, LogLoss, Brier;

        public double Tp => Positives;

        public double Fp => Negatives;

        public void Add(double weight, bool positive, double score, double logLoss, double brier)
        {
            Count++;
            Weight += weight;
            if (positive)
            {
                Positives += weight;
            }
            else
            {
                Negatives += weight;
            }

            PredictionSum += weight * score;
            LogLoss += weight * logLoss;
            Brier += weight * brier;
        }
    }

    /// <summary>Trapezoid area under (FP, TP) and the average-precision sum, closed one tie group at a time.</summary>
    private sealed class GroupCurve
    {
        private double _prevTp, _prevFp;

        public double Area { get; private set; }

        public double PrecisionSum { get; private set; }

        public void Close(double tp, double fp)
        {
            Area += (fp - _prevFp) * (tp + _prevTp) / 2;
            if (tp + fp > 0)
            {
                PrecisionSum += (tp - _prevTp) * tp / (tp + fp);
            }

            _prevTp = tp;
            _prevFp = fp;
        }
    }
}

/// <summary>The metrics, intervals and plots of one binary slice.</summary>
internal sealed record BinarySliceOutcome(
    IReadOnlyDictionary<string, double?> Values,
    IReadOnlyDictionary<string, ConfidenceInterval?> Intervals,
    BinaryPlots Plots,
    IReadOnlyList<BinaryConfusionMatrix> ConfusionMatrices);
