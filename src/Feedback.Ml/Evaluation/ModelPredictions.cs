using Feedback.Ml.Data;
using Feedback.Ml.Training;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// One model's predictions for the examples of an <see cref="EvaluationData"/>, made by a model in process or logged
/// by a served model (precomputed predictions: no model needed).
/// </summary>
public sealed class ModelPredictions
{
    private ModelPredictions(string modelName, TaskKind task, int classCount, double[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ModelName = modelName;
        Task = task;
        ClassCount = classCount;
        RawValues = values;
    }

    /// <summary>The model's name in results (e.g. <c>candidate</c>, <c>baseline</c>, a version).</summary>
    public string ModelName { get; }

    /// <summary>What the values are.</summary>
    public TaskKind Task { get; }

    /// <summary>2 for binary, K for multiclass, 1 for regression.</summary>
    public int ClassCount { get; }

    /// <summary>Binary: P(positive) per example. Multiclass: K probabilities per example, row after row. Regression: the value.</summary>
    public IReadOnlyList<double> Values => RawValues;

    /// <summary>Number of examples predicted.</summary>
    public int RowCount => RawValues.Length / (Task == TaskKind.MulticlassClassification ? ClassCount : 1);

    internal double[] RawValues { get; }

    /// <summary>Binary predictions: the probability of the positive class, each in [0, 1].</summary>
    /// <exception cref="ArgumentException">A probability outside [0, 1] or NaN.</exception>
    public static ModelPredictions Binary(string modelName, double[] positiveProbabilities)
    {
        ArgumentNullException.ThrowIfNull(positiveProbabilities);
        for (var i = 0; i < positiveProbabilities.Length; i++)
        {
            var p = positiveProbabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"Prediction of example {i} is {p}; binary predictions must be probabilities in [0, 1].", nameof(positiveProbabilities));
            }
        }

        return new ModelPredictions(modelName, TaskKind.BinaryClassification, 2, positiveProbabilities);
    }

    /// <summary>Multiclass predictions: <paramref name="classCount"/> probabilities per example, row-major.</summary>
    /// <exception cref="ArgumentException">A length that is not a multiple of the class count, or a value outside [0, 1].</exception>
    public static ModelPredictions Multiclass(string modelName, double[] probabilities, int classCount)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (probabilities.Length % classCount != 0)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities are not a whole number of rows of {classCount} classes.", nameof(probabilities));
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
            {
                throw new ArgumentException($"Probability {i % classCount} of example {i / classCount} is {probabilities[i]}; expected [0, 1].", nameof(probabilities));
            }
        }

        return new ModelPredictions(modelName, TaskKind.MulticlassClassification, classCount, probabilities);
    }

    /// <summary>Regression predictions: one finite value per example.</summary>
    /// <exception cref="ArgumentException">A non-finite value.</exception>
    public static ModelPredictions Regression(string modelName, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Prediction of example {i} is {values[i]}; regression predictions must be finite.", nameof(values));
            }
        }

        return new ModelPredictions(modelName, TaskKind.Regression, 1, values);
    }

    /// <summary>Scores every row of <paramref name="features"/> with a trained predictor.</summary>
    /// <exception cref="ArgumentException">The features' columns are not the predictor's.</exception>
    public static ModelPredictions FromPredictor(string modelName, IPredictor predictor, FeatureMatrix features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(features);
        if (!predictor.ColumnNames.SequenceEqual(features.ColumnNames, StringComparer.Ordinal))
        {
            throw new ArgumentException("The feature columns differ from the columns the predictor was trained on.", nameof(features));
        }

        var output = new double[predictor.OutputCount];
        var width = predictor.Task == TaskKind.MulticlassClassification ? predictor.OutputCount : 1;
        var values = new double[features.RowCount * width];
        for (var row = 0; row < features.RowCount; row++)
        {
            if ((row & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            predictor.Predict(features.RowIndices(row), features.RowValues(row), output);
            switch (predictor.Task)
            {
                case TaskKind.BinaryClassification:
                    values[row] = output[1];
                    break;
                case TaskKind.MulticlassClassification:
                    output.CopyTo(values.AsSpan(row * width));
                    break;
                default:
                    values[row] = output[0];
                    break;
            }
        }

        return predictor.Task switch
        {
            TaskKind.BinaryClassification => Binary(modelName, values),
            TaskKind.MulticlassClassification => Multiclass(modelName, values, width),
            _ => Regression(modelName, values),
        };
    }
}
