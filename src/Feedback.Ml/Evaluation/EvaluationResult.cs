using System.Text.Json.Serialization;
using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>A percentile bootstrap confidence interval.</summary>
/// <param name="Lower">Lower percentile of the resampled values.</param>
/// <param name="Upper">Upper percentile of the resampled values.</param>
/// <param name="StandardError">Standard deviation of the resampled values.</param>
/// <param name="Samples">Resamples in which the metric was defined.</param>
public sealed record ConfidenceInterval(double Lower, double Upper, double StandardError, int Samples);

/// <summary>A metric's value (null when undefined, e.g. AUC of a slice with one class) and its interval.</summary>
/// <param name="Value">The value on the full slice.</param>
/// <param name="Interval">The bootstrap interval, when bootstrap is on and the metric has one.</param>
public sealed record MetricValue(double? Value, ConfidenceInterval? Interval = null);

/// <summary>A point of the ROC curve.</summary>
/// <param name="Threshold">Examples with a score ≥ this are counted positive at this point.</param>
/// <param name="FalsePositiveRate">FPR at the point.</param>
/// <param name="TruePositiveRate">TPR at the point.</param>
public sealed record RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate);

/// <summary>A point of the precision–recall curve.</summary>
/// <param name="Threshold">Examples with a score ≥ this are counted positive at this point.</param>
/// <param name="Recall">Recall at the point.</param>
/// <param name="Precision">Precision at the point.</param>
public sealed record PrecisionRecallPoint(double Threshold, double Recall, double Precision);

/// <summary>One bin of the reliability (calibration) curve.</summary>
/// <param name="Lower">Lower edge of the bin.</param>
/// <param name="Upper">Upper edge of the bin.</param>
/// <param name="ExampleCount">Examples in the bin.</param>
/// <param name="Weight">Sum of their weights.</param>
/// <param name="MeanPrediction">Weighted mean prediction in the bin (null when empty).</param>
/// <param name="MeanLabel">Weighted mean label in the bin (null when empty).</param>
public sealed record CalibrationBin(double Lower, double Upper, long ExampleCount, double Weight, double? MeanPrediction, double? MeanLabel);

/// <summary>Weighted confusion counts at one threshold (positive when score &gt; threshold).</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="TruePositives">Weighted true positives.</param>
/// <param name="FalsePositives">Weighted false positives.</param>
/// <param name="TrueNegatives">Weighted true negatives.</param>
/// <param name="FalseNegatives">Weighted false negatives.</param>
public sealed record BinaryConfusionMatrix(double Threshold, double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives);

/// <summary>
/// Fairness Indicators of one slice at one threshold: the confusion-matrix rates (see <see cref="FairnessRateNames"/>)
/// and each rate's gap to the overall slice (slice − overall). Undefined rates (0/0) are null.
/// </summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="ConfusionMatrix">The slice's weighted counts at the threshold.</param>
/// <param name="Rates">Rate name → value.</param>
/// <param name="GapsToOverall">Rate name → slice value minus overall value.</param>
public sealed record FairnessIndicators(
    double Threshold,
    BinaryConfusionMatrix ConfusionMatrix,
    IReadOnlyDictionary<string, double?> Rates,
    IReadOnlyDictionary<string, double?> GapsToOverall);

/// <summary>Binary plots of one slice.</summary>
/// <param name="Roc">ROC curve, thinned to at most the configured number of points.</param>
/// <param name="PrecisionRecall">Precision–recall curve, thinned likewise.</param>
/// <param name="Calibration">Reliability curve bins.</param>
/// <param name="ConfusionMatrices">Confusion matrices at the decision threshold and the fairness thresholds.</param>
public sealed record BinaryPlots(
    IReadOnlyList<RocPoint> Roc,
    IReadOnlyList<PrecisionRecallPoint> PrecisionRecall,
    IReadOnlyList<CalibrationBin> Calibration,
    IReadOnlyList<BinaryConfusionMatrix> ConfusionMatrices);

/// <summary>Multiclass details of one slice.</summary>
/// <param name="Precision">Per class, TP / predicted; 0 when never predicted.</param>
/// <param name="Recall">Per class, TP / actual; 0 when absent.</param>
/// <param name="ConfusionMatrix">Weighted counts, row = true class, column = predicted class (scikit-learn's layout).</param>
public sealed record MulticlassDetails(IReadOnlyList<double> Precision, IReadOnlyList<double> Recall, IReadOnlyList<IReadOnlyList<double>> ConfusionMatrix);

/// <summary>Everything computed for one slice.</summary>
/// <param name="Slice">The slice.</param>
/// <param name="Metrics">Metric name → value, in the config's order.</param>
/// <param name="Plots">Binary plots, or null.</param>
/// <param name="Fairness">Binary fairness indicators per threshold, or null.</param>
/// <param name="Multiclass">Multiclass details, or null.</param>
public sealed record SliceMetrics(
    SliceKey Slice,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    BinaryPlots? Plots = null,
    IReadOnlyList<FairnessIndicators>? Fairness = null,
    MulticlassDetails? Multiclass = null);

/// <summary>A slice left out because it has fewer examples than the configured minimum.</summary>
/// <param name="Slice">The slice.</param>
/// <param name="ExampleCount">Its number of examples.</param>
public sealed record SuppressedSlice(SliceKey Slice, long ExampleCount);

/// <summary>The evaluation of one model.</summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Task">The task.</param>
/// <param name="Slices">Overall first, then each slicing spec's slices.</param>
/// <param name="SuppressedSlices">Slices below the minimum size.</param>
public sealed record ModelEvaluation(string ModelName, TaskKind Task, IReadOnlyList<SliceMetrics> Slices, IReadOnlyList<SuppressedSlice> SuppressedSlices)
{
    /// <summary>The overall slice.</summary>
    [JsonIgnore]
    public SliceMetrics Overall => Slices[0];

    /// <summary>The metrics of a slice, or null when it was not computed or was suppressed.</summary>
    public SliceMetrics? Find(SliceKey slice) => Slices.FirstOrDefault(s => s.Slice.Equals(slice));
}

/// <summary>The evaluation artifact: the candidate, the baseline when there is one, and the validation verdict.</summary>
/// <param name="Candidate">The candidate model's evaluation.</param>
/// <param name="Baseline">The baseline model's evaluation, or null (first model, or live accuracy).</param>
/// <param name="Validation">The thresholds' verdict and the blessing.</param>
public sealed record EvaluationResult(ModelEvaluation Candidate, ModelEvaluation? Baseline, ValidationResult Validation);

/// <summary>The names of the fairness rates.</summary>
public static class FairnessRateNames
{
    /// <summary>FP / (FP + TN).</summary>
    public const string FalsePositiveRate = "falsePositiveRate";

    /// <summary>FN / (FN + TP).</summary>
    public const string FalseNegativeRate = "falseNegativeRate";

    /// <summary>TP / (TP + FN).</summary>
    public const string TruePositiveRate = "truePositiveRate";

    /// <summary>TN / (TN + FP).</summary>
    public const string TrueNegativeRate = "trueNegativeRate";

    /// <summary>(TP + FP) / all.</summary>
    public const string PositiveRate = "positiveRate";

    /// <summary>(TN + FN) / all.</summary>
    public const string NegativeRate = "negativeRate";

    /// <summary>FP / (TP + FP).</summary>
    public const string FalseDiscoveryRate = "falseDiscoveryRate";

    /// <summary>FN / (FN + TN).</summary>
    public const string FalseOmissionRate = "falseOmissionRate";
}
