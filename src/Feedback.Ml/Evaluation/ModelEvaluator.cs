using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// TFMA-style evaluation: exact metrics per slice from mergeable sufficient statistics, fairness indicators,
/// bootstrap intervals, and validation against value and change thresholds. Stateless and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var evaluator = new ModelEvaluator(config);
/// var result = evaluator.Evaluate(data, ModelPredictions.Binary("candidate", p), ModelPredictions.Binary("baseline", q));
/// if (result.Validation.Blessing is { } blessing) { /* push */ }
/// </code>
/// </example>
public sealed class ModelEvaluator
{
    private readonly BinaryMetricsPass _binaryPass;

    /// <summary>Creates an evaluator for a validated config.</summary>
    public ModelEvaluator(EvaluationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _binaryPass = new BinaryMetricsPass(config);
    }

    /// <summary>The config.</summary>
    public EvaluationConfig Config { get; }

    /// <summary>
    /// Evaluates the candidate, and the baseline when given, on the same examples, then validates the thresholds.
    /// Without a baseline, change thresholds are skipped and reported as skipped (first model, live accuracy).
    /// </summary>
    /// <exception cref="ArgumentException">Predictions of another task or length than the data, or bad labels.</exception>
    public EvaluationResult Evaluate(EvaluationData data, ModelPredictions candidate, ModelPredictions? baseline = null, CancellationToken cancellationToken = default)
    {
        var candidateEvaluation = Compute(Accumulate(data, candidate, cancellationToken), cancellationToken);
        var baselineEvaluation = baseline is null ? null : Compute(Accumulate(data, baseline, cancellationToken), cancellationToken);
        return new EvaluationResult(candidateEvaluation, baselineEvaluation, ThresholdValidator.Validate(Config, candidateEvaluation, baselineEvaluation));
    }

    /// <summary>Accumulates one partition's sufficient statistics (merge partitions with <see cref="EvaluationStatistics.Merge"/>).</summary>
    /// <exception cref="ArgumentException">Predictions of another task or length than the data, or bad labels.</exception>
    public EvaluationStatistics Accumulate(EvaluationData data, ModelPredictions predictions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Task != Config.Task)
        {
            throw new ArgumentException($"Predictions of '{predictions.ModelName}' are {predictions.Task}; the config evaluates {Config.Task}.", nameof(predictions));
        }

        if (predictions.RowCount != data.RowCount)
        {
            throw new ArgumentException($"'{predictions.ModelName}' has {predictions.RowCount} predictions for {data.RowCount} examples.", nameof(predictions));
        }

        var slices = StatisticsAccumulation.Run(Config, data, predictions, cancellationToken);
        return new EvaluationStatistics(predictions.ModelName, predictions.Task, predictions.ClassCount, slices);
    }

    /// <summary>Computes the metrics of every slice from accumulated statistics.</summary>
    public ModelEvaluation Compute(EvaluationStatistics statistics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        // Overall first, then the specs in config order, each spec's slices by name: the same order for any partitioning.
        var ordered = statistics.SliceMap
            .OrderBy(p => p.Value.Spec).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
            .ToList();
        var suppressed = ordered
            .Where(p => !p.Key.IsOverall && p.Value.Statistics.Count < Config.MinimumSliceSize)
            .Select(p => new SuppressedSlice(p.Key, p.Value.Statistics.Count)).ToList();
        var kept = ordered.Where(p => p.Key.IsOverall || p.Value.Statistics.Count >= Config.MinimumSliceSize).ToList();
        if (kept.Count == 0 || !kept[0].Key.IsOverall)
        {
            throw new ArgumentException("The statistics hold no overall slice.", nameof(statistics));
        }

        var resampleWeights = ResampleWeightsFor(statistics, (BinarySliceStatistics?)(kept[0].Value.Statistics as BinarySliceStatistics));
        var results = new SliceMetrics[kept.Count];
        var outcomes = new BinarySliceOutcome?[kept.Count];
        Parallel.For(0, kept.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            (results[i], outcomes[i]) = ComputeSlice(kept[i].Key, kept[i].Value.Statistics, resampleWeights);
        });

        if (statistics.Task == TaskKind.BinaryClassification)
        {
            AddFairness(results, outcomes);
        }

        return new ModelEvaluation(statistics.ModelName, statistics.Task, results, suppressed);
    }

    // The overall slice holds every example: its smallest and largest ids bound the table of resample weights.
    private ResampleWeights? ResampleWeightsFor(EvaluationStatistics statistics, BinarySliceStatistics? overall)
    {
        if (statistics.Task != TaskKind.BinaryClassification || overall is null)
        {
            return null;
        }

        var ids = overall.Ranked.Ids.AsSpan(0, overall.Ranked.Count);
        var first = ids.IsEmpty ? 0 : ids[0];
        var last = first;
        foreach (var id in ids)
        {
            first = Math.Min(first, id);
            last = Math.Max(last, id);
        }

        // Sparse ids (partitions with gaps) get an empty table and hash instead.
        var count = last - first + 1 <= 2L * ids.Length ? last - first + 1 : 0;
        return ResampleWeights.Create(Config.Bootstrap.Seed, Config.Bootstrap.Samples, first, count);
    }

    private (SliceMetrics Metrics, BinarySliceOutcome? Outcome) ComputeSlice(SliceKey key, SliceStatistics statistics, ResampleWeights? resampleWeights)
    {
        var level = Config.Bootstrap.ConfidenceLevel;
        switch (statistics)
        {
            case BinarySliceStatistics binary:
                var outcome = _binaryPass.Run(binary.Ranked, resampleWeights!);
                return (new SliceMetrics(key, Select(outcome.Values, outcome.Intervals), outcome.Plots), outcome);
            case MulticlassSliceStatistics multiclass:
                var (values, intervals, details) = AdditiveMetrics.Multiclass(multiclass, level);
                return (new SliceMetrics(key, Select(values, intervals), Multiclass: details), null);
            default:
                var (regressionValues, regressionIntervals) = AdditiveMetrics.Regression((RegressionSliceStatistics)statistics, level);
                return (new SliceMetrics(key, Select(regressionValues, regressionIntervals)), null);
        }
    }

    private Dictionary<string, MetricValue> Select(IReadOnlyDictionary<string, double?> values, IReadOnlyDictionary<string, ConfidenceInterval?> intervals) =>
        Config.Metrics.ToDictionary(m => m, m => new MetricValue(values[m], intervals.GetValueOrDefault(m)));

    private void AddFairness(SliceMetrics[] results, BinarySliceOutcome?[] outcomes)
    {
        var overallRates = outcomes[0]!.ConfusionMatrices.Select(BinaryMetricFormulas.Rates).ToArray();
        for (var i = 0; i < results.Length; i++)
        {
            var fairness = new List<FairnessIndicators>();
            foreach (var threshold in Config.FairnessThresholds.Distinct())
            {
                var t = _binaryPass.ThresholdIndex(threshold);
                var matrix = outcomes[i]!.ConfusionMatrices[t];
                var rates = BinaryMetricFormulas.Rates(matrix);
                var gaps = rates.ToDictionary(r => r.Key, r => r.Value - overallRates[t][r.Key]);
                fairness.Add(new FairnessIndicators(matrix.Threshold, matrix, rates, gaps));
            }

            results[i] = results[i] with { Fairness = fairness };
        }
    }
}
