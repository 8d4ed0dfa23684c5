using Feedback.Ml.Schema;
using Feedback.Ml.Training;

namespace Feedback.Ml.Data;

/// <summary>Examples stored column by column: one typed <see cref="DataColumn"/> per schema feature, plus labels and
/// optional weights. Immutable once built; build it with <see cref="TabularDataBuilder"/>,
/// <see cref="CsvTabularReader"/> or <see cref="JsonLinesTabularReader"/>.</summary>
public sealed class TabularData
{
    private readonly DataColumn[] _columns;

    internal TabularData(FeatureSchema schema, DataColumn[] columns, int rowCount, LabelDefinition? label, double[]? labels, float[]? weights)
    {
        Schema = schema;
        _columns = columns;
        RowCount = rowCount;
        Label = label;
        Labels = labels;
        Weights = weights;
    }

    /// <summary>The schema the columns follow (one column per feature, in schema order).</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<DataColumn> Columns => _columns;

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>How labels were read, or null for unlabelled data.</summary>
    public LabelDefinition? Label { get; }

    /// <summary>Class index (classification) or target (regression) per row, NaN where missing; null when unlabelled.</summary>
    public double[]? Labels { get; }

    /// <summary>Per-row weights, or null when every row weighs 1.</summary>
    public float[]? Weights { get; }

    /// <summary>The column of a feature, by name.</summary>
    /// <exception cref="KeyNotFoundException">The schema has no such feature.</exception>
    public DataColumn this[string name] =>
        Schema.IndexOf(name) is var index and >= 0 ? _columns[index] : throw new KeyNotFoundException($"The data has no column '{name}'.");

    /// <summary>Pairs transformed features with this data's labels and weights for a trainer.</summary>
    /// <param name="features">The output of a transform applied to this data (same row count).</param>
    /// <exception cref="InvalidOperationException">The data has no labels.</exception>
    /// <exception cref="ArgumentException">Row counts differ, or the labels are invalid (see <see cref="TrainingSet"/>).</exception>
    public TrainingSet ToTrainingSet(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (Label is null || Labels is null)
        {
            throw new InvalidOperationException("The data has no labels; read it with a LabelDefinition to train on it.");
        }

        if (features.RowCount != RowCount)
        {
            throw new ArgumentException($"The features have {features.RowCount} rows; the data has {RowCount}.", nameof(features));
        }

        return new TrainingSet(features, Labels, Label.Task, Label.ClassCount, Weights);
    }
}
