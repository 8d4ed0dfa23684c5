using Feedback.Ml.Data;
using Feedback.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Feedback.Ml.MlNet;

/// <summary>The row types and schemas through which our transformed features reach ML.NET: one sparse
/// <c>Features</c> vector of the transform's width, a label typed as each task's trainers want it (boolean, key,
/// single), and an example weight.</summary>
internal static class MlNetRows
{
    public const string Features = "Features";
    public const string Label = "Label";
    public const string Weight = "Weight";

    /// <summary>Input schema of a scoring engine: only the feature vector, with its width.</summary>
    public static SchemaDefinition FeatureSchema(int columnCount)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columnCount);
        return schema;
    }

    /// <summary>The training set as an ML.NET data view (lazily enumerated; ML.NET trainers may pass over it many times).</summary>
    public static IDataView Load(MLContext ml, TrainingSet set, CancellationToken cancellationToken)
    {
        var width = set.Features.ColumnCount;
        switch (set.Task)
        {
            case TaskKind.BinaryClassification:
                return ml.Data.LoadFromEnumerable(Rows(set, label => label >= 0.5, cancellationToken), TrainingSchema<bool>(width, null));
            case TaskKind.MulticlassClassification:
                // A key-typed field of an in-memory row holds the 0-based class index (ML.NET adds the 1 of its
                // 1-based keys when it reads the object), so ML.NET's score slot i is class i.
                return ml.Data.LoadFromEnumerable(
                    Rows(set, label => (uint)label, cancellationToken),
                    TrainingSchema<uint>(width, new KeyDataViewType(typeof(uint), set.ClassCount)));
            default:
                return ml.Data.LoadFromEnumerable(Rows(set, label => (float)label, cancellationToken), TrainingSchema<float>(width, null));
        }
    }

    /// <summary>The set with its columns in <paramref name="order"/> (the same set of names), or the set itself.</summary>
    public static TrainingSet Reorder(TrainingSet set, IReadOnlyList<string> order)
    {
        var features = set.Features;
        if (features.ColumnNames.SequenceEqual(order, StringComparer.Ordinal))
        {
            return set;
        }

        var position = order.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var map = features.ColumnNames.Select(name => position[name]).ToArray();
        var indices = new int[features.Indices.Length];
        var values = new float[features.Values.Length];
        for (var row = 0; row < features.RowCount; row++)
        {
            var start = features.RowOffsets[row];
            var end = features.RowOffsets[row + 1];
            for (var k = start; k < end; k++)
            {
                indices[k] = map[features.Indices[k]];
                values[k] = features.Values[k];
            }

            Array.Sort(indices, values, start, end - start);
        }

        var matrix = new FeatureMatrix(features.RowOffsets, indices, values, order);
        return new TrainingSet(matrix, set.Labels, set.Task, set.ClassCount, set.Weights);
    }

    /// <summary>A sparse vector of width <paramref name="columnCount"/> from a row's indices and values (copied).</summary>
    public static VBuffer<float> Vector(int columnCount, ReadOnlySpan<int> indices, ReadOnlySpan<float> values) =>
        new(columnCount, indices.Length, values.ToArray(), indices.ToArray());

    private static SchemaDefinition TrainingSchema<TLabel>(int width, DataViewType? labelType)
    {
        var schema = SchemaDefinition.Create(typeof(TrainingRow<TLabel>));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        if (labelType is not null)
        {
            schema[Label].ColumnType = labelType;
        }

        return schema;
    }

    private static IEnumerable<TrainingRow<TLabel>> Rows<TLabel>(TrainingSet set, Func<double, TLabel> label, CancellationToken cancellationToken)
    {
        var features = set.Features;
        for (var row = 0; row < set.RowCount; row++)
        {
            if ((row & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return new TrainingRow<TLabel>
            {
                Features = Vector(features.ColumnCount, features.RowIndices(row), features.RowValues(row)),
                Label = label(set.Labels[row]),
                Weight = set.Weights?[row] ?? 1f,
            };
        }
    }
}

/// <summary>One scoring input: the transformed feature vector.</summary>
internal sealed class FeatureRow
{
    [ColumnName(MlNetRows.Features)]
    public VBuffer<float> Features { get; set; }
}

/// <summary>One training example.</summary>
internal sealed class TrainingRow<TLabel>
{
    [ColumnName(MlNetRows.Features)]
    public VBuffer<float> Features { get; set; }

    [ColumnName(MlNetRows.Label)]
    public TLabel Label { get; set; } = default!;

    [ColumnName(MlNetRows.Weight)]
    public float Weight { get; set; }
}

/// <summary>What a calibrated binary classifier outputs.</summary>
internal sealed class BinaryScore
{
    public float Probability { get; set; }
}

/// <summary>What a multiclass classifier outputs: one probability per class (key order).</summary>
internal sealed class MulticlassScore
{
    public VBuffer<float> Score { get; set; }
}

/// <summary>What a regression model outputs.</summary>
internal sealed class RegressionScore
{
    public float Score { get; set; }
}
