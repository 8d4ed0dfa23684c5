namespace Feedback.Ml.Evaluation;

/// <summary>
/// The examples to evaluate on, in columns: labels, optional weights and slicing features. Predictions come
/// separately (<see cref="ModelPredictions"/>), so the candidate and the baseline are scored on the same examples.
/// </summary>
/// <remarks>
/// To evaluate a large set in partitions, give each partition its <see cref="FirstExampleId"/> (the global index of
/// its first row): the bootstrap weights and the tie order depend on the example id only, so accumulating partitions
/// and merging gives the same result as one pass.
/// </remarks>
public sealed class EvaluationData
{
    /// <summary>Creates and validates the examples.</summary>
    /// <param name="labels">Binary: 0 or 1. Multiclass: class index. Regression: the target value.</param>
    /// <param name="weights">Per-example weights (finite, non-negative), or null for all ones.</param>
    /// <param name="sliceColumns">Slicing features, each with one value per example; may be empty.</param>
    /// <param name="firstExampleId">Global id of the first example (for partitions of one data set).</param>
    /// <exception cref="ArgumentException">Mismatched lengths, a non-finite label, a bad weight or a duplicate column.</exception>
    public EvaluationData(double[] labels, double[]? weights = null, IReadOnlyList<SliceColumn>? sliceColumns = null, long firstExampleId = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(firstExampleId);
        sliceColumns ??= [];
        if (weights is not null && weights.Length != labels.Length)
        {
            throw new ArgumentException($"There are {weights.Length} weights for {labels.Length} labels.", nameof(weights));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (!double.IsFinite(labels[i]))
            {
                throw new ArgumentException($"Label of example {i} is {labels[i]}; labels must be finite.", nameof(labels));
            }

            if (weights is not null && (!double.IsFinite(weights[i]) || weights[i] < 0))
            {
                throw new ArgumentException($"Weight of example {i} is {weights[i]}; weights must be finite and non-negative.", nameof(weights));
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in sliceColumns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(sliceColumns));
            if (column.RowCount != labels.Length)
            {
                throw new ArgumentException($"Slice column '{column.Name}' has {column.RowCount} values for {labels.Length} labels.", nameof(sliceColumns));
            }

            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"Slice column '{column.Name}' is given twice.", nameof(sliceColumns));
            }
        }

        Labels = labels;
        Weights = weights;
        SliceColumns = sliceColumns;
        FirstExampleId = firstExampleId;
    }

    /// <summary>The labels, one per example.</summary>
    public IReadOnlyList<double> Labels { get; }

    /// <summary>The weights, or null for all ones.</summary>
    public IReadOnlyList<double>? Weights { get; }

    /// <summary>The slicing features.</summary>
    public IReadOnlyList<SliceColumn> SliceColumns { get; }

    /// <summary>Global id of the first example.</summary>
    public long FirstExampleId { get; }

    /// <summary>Number of examples.</summary>
    public int RowCount => Labels.Count;

    internal double[] RawLabels => (double[])Labels;

    internal double[]? RawWeights => (double[]?)Weights;

    internal SliceColumn? FindColumn(string name) => SliceColumns.FirstOrDefault(c => c.Name == name);
}
