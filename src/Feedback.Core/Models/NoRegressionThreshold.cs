using Feedback.Ml.Evaluation;
using Feedback.Ml.Training;

namespace Feedback.Core.Models;

/// <summary>The blessing rule of a definition that configures no metric thresholds: the candidate must not be worse
/// than production on the task's primary metric (<c>auc</c> for binary, <c>accuracy</c> for multiclass, <c>rootMeanSquaredError</c> for regression).
/// <c>evaluation.thresholds: none</c> opts out (every candidate is then blessed).</summary>
/// <remarks>Without it a run once blessed and pushed a model worse than the one in production, only because nobody had
/// written a threshold. Ties pass: the change must beat <see cref="Tolerance"/> in the bad direction to fail. A
/// model's first run has no production version, so the check is skipped (visibly) and the candidate is blessed.</remarks>
public static class NoRegressionThreshold
{
    /// <summary>How much worse than production still counts as "not worse" (rounding noise only).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The value of <c>evaluation.thresholds</c> that opts out of the default.</summary>
    public const string OptOut = "none";

    /// <summary>The metric the default compares.</summary>
    public static string PrimaryMetric(TaskKind task) => task switch
    {
        TaskKind.BinaryClassification => MetricNames.Auc,
        TaskKind.MulticlassClassification => MetricNames.Accuracy,
        _ => MetricNames.RootMeanSquaredError,
    };

    /// <summary><paramref name="config"/> with the default threshold when it has none (its primary metric is added to the
    /// computed metrics if a metric list left it out); unchanged when it has thresholds.</summary>
    public static EvaluationConfig Apply(EvaluationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MetricThresholds.Count > 0)
        {
            return config;
        }

        var metric = PrimaryMetric(config.Task);
        var change = config.Task == TaskKind.Regression
            ? new ChangeThreshold(ChangeDirection.LowerIsBetter, absolute: Tolerance)
            : new ChangeThreshold(ChangeDirection.HigherIsBetter, absolute: -Tolerance);
        var metrics = config.Metrics.Contains(metric) ? config.Metrics : [.. config.Metrics, metric];
        return new EvaluationConfig(
            config.Task, metrics, config.DecisionThreshold, config.Slices, config.MinimumSliceSize, config.FairnessThresholds,
            config.CalibrationBins, config.MaxCurvePoints, config.Bootstrap, [new MetricThreshold(metric, change: change)]);
    }
}
