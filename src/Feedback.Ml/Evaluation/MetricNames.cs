using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>The metric names used in configs, results and thresholds (camelCase, stable).</summary>
public static class MetricNames
{
    /// <summary>Number of examples in the slice.</summary>
    public const string ExampleCount = "exampleCount";

    /// <summary>Sum of the example weights.</summary>
    public const string WeightedExampleCount = "weightedExampleCount";

    /// <summary>Weighted fraction of correct predictions (binary: at the decision threshold; multiclass: argmax).</summary>
    public const string Accuracy = "accuracy";

    /// <summary>Binary precision TP / (TP + FP) at the decision threshold; 0 when nothing is predicted positive.</summary>
    public const string Precision = "precision";

    /// <summary>Binary recall TP / (TP + FN) at the decision threshold; 0 when there are no positives.</summary>
    public const string Recall = "recall";

    /// <summary>Binary F1 at the decision threshold; 0 when precision + recall is 0.</summary>
    public const string F1 = "f1";

    /// <summary>Exact area under the ROC curve (trapezoid over tied scores); undefined with a single class.</summary>
    public const string Auc = "auc";

    /// <summary>Area under the precision–recall curve as average precision (scikit-learn's definition).</summary>
    public const string AucPr = "aucPr";

    /// <summary>Weighted mean cross-entropy, predictions clipped to [1e-15, 1 − 1e-15].</summary>
    public const string LogLoss = "logLoss";

    /// <summary>Weighted mean of (prediction − label)².</summary>
    public const string BrierScore = "brierScore";

    /// <summary>Weighted mean label (binary: the positive rate of the labels).</summary>
    public const string MeanLabel = "meanLabel";

    /// <summary>Weighted mean prediction.</summary>
    public const string MeanPrediction = "meanPrediction";

    /// <summary>Expected calibration error over equal-width probability bins.</summary>
    public const string ExpectedCalibrationError = "expectedCalibrationError";

    /// <summary>Weighted true positives at the decision threshold.</summary>
    public const string TruePositives = "truePositives";

    /// <summary>Weighted false positives at the decision threshold.</summary>
    public const string FalsePositives = "falsePositives";

    /// <summary>Weighted true negatives at the decision threshold.</summary>
    public const string TrueNegatives = "trueNegatives";

    /// <summary>Weighted false negatives at the decision threshold.</summary>
    public const string FalseNegatives = "falseNegatives";

    /// <summary>Multiclass macro-averaged F1 over the classes present in the labels or the predictions.</summary>
    public const string MacroF1 = "macroF1";

    /// <summary>Multiclass micro-averaged F1 (equals accuracy for single-label data).</summary>
    public const string MicroF1 = "microF1";

    /// <summary>Regression mean absolute error.</summary>
    public const string MeanAbsoluteError = "meanAbsoluteError";

    /// <summary>Regression root mean squared error.</summary>
    public const string RootMeanSquaredError = "rootMeanSquaredError";

    /// <summary>Regression coefficient of determination.</summary>
    public const string R2 = "r2";

    /// <summary>Regression mean absolute percentage error as a fraction, over examples whose label is not zero.</summary>
    public const string MeanAbsolutePercentageError = "meanAbsolutePercentageError";

    /// <summary>Regression: number of examples left out of MAPE because their label is zero.</summary>
    public const string ZeroLabelCount = "zeroLabelCount";

    private static readonly string[] BinaryNames =
    [
        ExampleCount, WeightedExampleCount, Accuracy, Precision, Recall, F1, Auc, AucPr, LogLoss, BrierScore, MeanLabel,
        MeanPrediction, ExpectedCalibrationError, TruePositives, FalsePositives, TrueNegatives, FalseNegatives,
    ];

    private static readonly string[] MulticlassNames = [ExampleCount, WeightedExampleCount, Accuracy, MacroF1, MicroF1, LogLoss];

    private static readonly string[] RegressionNames =
    [
        ExampleCount, WeightedExampleCount, MeanAbsoluteError, RootMeanSquaredError, R2, MeanAbsolutePercentageError,
        ZeroLabelCount, MeanLabel, MeanPrediction,
    ];

    /// <summary>Every metric computed for a task, in report order.</summary>
    public static IReadOnlyList<string> For(TaskKind task) => task switch
    {
        TaskKind.BinaryClassification => BinaryNames,
        TaskKind.MulticlassClassification => MulticlassNames,
        _ => RegressionNames,
    };
}
