using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// What to evaluate and how to judge it: metrics, decision threshold, slices, minimum slice size, fairness
/// thresholds, bootstrap and metric thresholds. Validated on construction; read and written as JSON by
/// <see cref="EvaluationJson"/>. YAML maps onto the same shape (same camelCase keys), so a YAML front end needs only
/// to convert YAML to JSON.
/// </summary>
public sealed class EvaluationConfig
{
    /// <summary>Creates and validates a config.</summary>
    /// <param name="task">The task of the models evaluated. Defaults to binary classification.</param>
    /// <param name="metrics">Metrics to report (names from <see cref="MetricNames"/>); null or empty for all of the task's.</param>
    /// <param name="decisionThreshold">Binary: an example is predicted positive when its score is strictly greater than this (TFMA's rule). Defaults to 0.5.</param>
    /// <param name="slices">Slicing specs besides the overall slice, which is always computed.</param>
    /// <param name="minimumSliceSize">Slices with fewer examples are reported as suppressed, with their count. Defaults to 1.</param>
    /// <param name="fairnessThresholds">Binary: thresholds for fairness indicators and confusion matrices. Defaults to 0.25, 0.5, 0.75.</param>
    /// <param name="calibrationBins">Binary: equal-width bins of the reliability curve and ECE. Defaults to 10.</param>
    /// <param name="maxCurvePoints">Binary: most points kept per ROC or PR curve (for display). Defaults to 201.</param>
    /// <param name="bootstrap">Confidence intervals; null for the defaults (20 resamples).</param>
    /// <param name="metricThresholds">Value and change thresholds that decide the blessing.</param>
    /// <exception cref="ArgumentException">An invalid option; the message names the field and the value.</exception>
    public EvaluationConfig(
        TaskKind task = TaskKind.BinaryClassification,
        IReadOnlyList<string>? metrics = null,
        double decisionThreshold = Defaults.DecisionThreshold,
        IReadOnlyList<SlicingSpec>? slices = null,
        int minimumSliceSize = Defaults.MinimumSliceSize,
        IReadOnlyList<double>? fairnessThresholds = null,
        int calibrationBins = Defaults.CalibrationBins,
        int maxCurvePoints = Defaults.MaxCurvePoints,
        BootstrapOptions? bootstrap = null,
        IReadOnlyList<MetricThreshold>? metricThresholds = null)
    {
        if (!Enum.IsDefined(task))
        {
            throw new ArgumentOutOfRangeException(nameof(task), task, $"task must be a TaskKind, was {task}.");
        }

        var known = MetricNames.For(task);
        metrics = metrics is null || metrics.Count == 0 ? known : metrics;
        for (var i = 0; i < metrics.Count; i++)
        {
            if (!known.Contains(metrics[i]))
            {
                throw new ArgumentException($"metrics[{i}] '{metrics[i]}' is not a {task} metric; known: {string.Join(", ", known)}.", nameof(metrics));
            }
        }

        if (!(decisionThreshold >= 0 && decisionThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decisionThreshold), decisionThreshold, $"decisionThreshold must be in [0, 1], was {decisionThreshold}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumSliceSize);
        if (calibrationBins is < 1 or > Defaults.MaxCalibrationBins)
        {
            throw new ArgumentOutOfRangeException(nameof(calibrationBins), calibrationBins, $"calibrationBins must be from 1 to {Defaults.MaxCalibrationBins}, was {calibrationBins}.");
        }

        if (maxCurvePoints < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCurvePoints), maxCurvePoints, $"maxCurvePoints must be at least 2, was {maxCurvePoints}.");
        }

        fairnessThresholds ??= Defaults.FairnessThresholds;
        for (var i = 0; i < fairnessThresholds.Count; i++)
        {
            if (!(fairnessThresholds[i] >= 0 && fairnessThresholds[i] <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(fairnessThresholds), fairnessThresholds[i], $"fairnessThresholds[{i}] must be in [0, 1], was {fairnessThresholds[i]}.");
            }
        }

        slices ??= [];
        for (var i = 0; i < slices.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(slices[i], $"slices[{i}]");
        }

        metricThresholds ??= [];
        for (var i = 0; i < metricThresholds.Count; i++)
        {
            var threshold = metricThresholds[i] ?? throw new ArgumentNullException($"metricThresholds[{i}]");
            if (!known.Contains(threshold.Metric))
            {
                throw new ArgumentException($"metricThresholds[{i}].metric '{threshold.Metric}' is not a {task} metric; known: {string.Join(", ", known)}.", nameof(metricThresholds));
            }

            if (!metrics.Contains(threshold.Metric))
            {
                throw new ArgumentException($"metricThresholds[{i}].metric '{threshold.Metric}' is not computed: add it to metrics.", nameof(metricThresholds));
            }

            if (threshold.Slice is { Count: > 0 } slice && !slices.Any(s => s.FeatureKeys.Count == slice.Count && s.FeatureKeys.All(slice.ContainsKey)))
            {
                throw new ArgumentException($"metricThresholds[{i}].slice ({string.Join(", ", slice.Keys)}) matches no entry of slices.", nameof(metricThresholds));
            }
        }

        Task = task;
        Metrics = metrics;
        DecisionThreshold = decisionThreshold;
        Slices = slices;
        MinimumSliceSize = minimumSliceSize;
        FairnessThresholds = fairnessThresholds;
        CalibrationBins = calibrationBins;
        MaxCurvePoints = maxCurvePoints;
        Bootstrap = bootstrap ?? new BootstrapOptions();
        MetricThresholds = metricThresholds;
    }

    /// <summary>The task of the models evaluated. Defaults to binary classification.</summary>
    public TaskKind Task { get; }

    /// <summary>Metrics reported (all of the task's by default).</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Binary decision threshold: positive when score &gt; threshold. Defaults to 0.5.</summary>
    public double DecisionThreshold { get; }

    /// <summary>Slicing specs besides overall.</summary>
    public IReadOnlyList<SlicingSpec> Slices { get; }

    /// <summary>Smallest slice (in examples) whose metrics are reported. Defaults to 1.</summary>
    public int MinimumSliceSize { get; }

    /// <summary>Thresholds of the fairness indicators. Defaults to 0.25, 0.5, 0.75.</summary>
    public IReadOnlyList<double> FairnessThresholds { get; }

    /// <summary>Bins of the reliability curve. Defaults to 10.</summary>
    public int CalibrationBins { get; }

    /// <summary>Most points per ROC or PR curve. Defaults to 201.</summary>
    public int MaxCurvePoints { get; }

    /// <summary>Confidence interval settings. Defaults to 20 resamples, seed 42, 95 %.</summary>
    public BootstrapOptions Bootstrap { get; }

    /// <summary>Thresholds that decide the blessing; none means "blessed because nothing was configured".</summary>
    public IReadOnlyList<MetricThreshold> MetricThresholds { get; }

    internal static class Defaults
    {
        public const double DecisionThreshold = 0.5;
        public const int MinimumSliceSize = 1;
        public const int CalibrationBins = 10;
        public const int MaxCalibrationBins = 10_000;
        public const int MaxCurvePoints = 201;
        public static readonly double[] FairnessThresholds = [0.25, 0.5, 0.75];
    }
}
