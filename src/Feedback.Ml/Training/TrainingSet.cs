using Feedback.Ml.Data;

namespace Feedback.Ml.Training;

/// <summary>Transformed examples ready for a trainer: features, labels and optional weights.</summary>
/// <remarks>Labels are class indices 0..<see cref="ClassCount"/>−1 for classification, real values for regression.</remarks>
public sealed class TrainingSet
{
    /// <summary>Creates and validates a training set.</summary>
    /// <exception cref="ArgumentException">Empty data, mismatched lengths, a NaN or out-of-range label, a negative or
    /// non-finite weight, or a classification set with fewer than two distinct classes.</exception>
    public TrainingSet(FeatureMatrix features, double[] labels, TaskKind task, int classCount, float[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.RowCount == 0)
        {
            throw new ArgumentException("The training data is empty.", nameof(features));
        }

        if (labels.Length != features.RowCount)
        {
            throw new ArgumentException($"There are {labels.Length} labels for {features.RowCount} rows.", nameof(labels));
        }

        if (weights is not null && weights.Length != features.RowCount)
        {
            throw new ArgumentException($"There are {weights.Length} weights for {features.RowCount} rows.", nameof(weights));
        }

        var expectedClasses = task switch
        {
            TaskKind.BinaryClassification => 2,
            TaskKind.Regression => 1,
            _ => classCount,
        };
        if (classCount != expectedClasses || (task == TaskKind.MulticlassClassification && classCount < 2))
        {
            throw new ArgumentException($"A {task} set cannot have {classCount} classes.", nameof(classCount));
        }

        var seenAny = task == TaskKind.Regression ? null : new HashSet<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (!double.IsFinite(label))
            {
                throw new ArgumentException($"Label of row {i} is {label}; labels must be finite.", nameof(labels));
            }

            if (task != TaskKind.Regression)
            {
                if (label < 0 || label >= classCount || label != Math.Floor(label))
                {
                    throw new ArgumentException($"Label of row {i} is {label}; expected a class index from 0 to {classCount - 1}.", nameof(labels));
                }

                seenAny!.Add((int)label);
            }

            if (weights is not null && (!float.IsFinite(weights[i]) || weights[i] < 0))
            {
                throw new ArgumentException($"Weight of row {i} is {weights[i]}; weights must be finite and non-negative.", nameof(weights));
            }
        }

        if (seenAny is { Count: < 2 })
        {
            throw new ArgumentException($"All labels are class {seenAny.FirstOrDefault()}; a classifier needs at least two classes in its training data.", nameof(labels));
        }

        Features = features;
        Labels = labels;
        Task = task;
        ClassCount = classCount;
        Weights = weights;
    }

    /// <summary>The transformed features.</summary>
    public FeatureMatrix Features { get; }

    /// <summary>Class indices or regression targets, one per row.</summary>
    public double[] Labels { get; }

    /// <summary>Per-row weights, or null for all ones.</summary>
    public float[]? Weights { get; }

    /// <summary>The learning task.</summary>
    public TaskKind Task { get; }

    /// <summary>2 for binary, K for multiclass, 1 for regression.</summary>
    public int ClassCount { get; }

    /// <summary>Number of examples.</summary>
    public int RowCount => Labels.Length;
}
