using System.Runtime.CompilerServices;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;

namespace Feedback.Ml.Data;

/// <summary>Builds a <see cref="TabularData"/> row by row, appending each value straight to a typed column, so the
/// raw rows (or text) need not be kept. Not thread-safe.</summary>
public sealed class TabularDataBuilder
{
    private readonly FeatureSchema _schema;
    private readonly LabelDefinition? _label;
    private readonly ColumnBuilder[] _columns;
    private readonly Dictionary<string, int> _classIndex;
    private readonly object?[] _rowBuffer;
    private double[] _labels = [];
    private float[] _weights = [];
    private bool _anyWeight;
    private bool _built;

    /// <summary>Creates a builder.</summary>
    /// <param name="schema">The features to keep; other fields of a row are ignored.</param>
    /// <param name="label">Where labels and weights come from, or null for unlabelled data (e.g. serving logs).</param>
    public TabularDataBuilder(FeatureSchema schema, LabelDefinition? label = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _label = label;
        _columns = schema.Select(ColumnBuilder.For).ToArray();
        _classIndex = label is null ? [] : label.Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        _rowBuffer = new object?[schema.Count];
    }

    /// <summary>Number of rows added so far.</summary>
    public int RowCount { get; private set; }

    /// <summary>Field index of each name this builder reads: schema features by position, then the label and weight
    /// fields at <see cref="FeatureCount"/> and <see cref="FeatureCount"/> + 1.</summary>
    internal int FieldIndex(string name)
    {
        var index = _schema.IndexOf(name);
        if (index >= 0)
        {
            return index;
        }

        if (_label is not null && name == _label.Column)
        {
            return FeatureCount;
        }

        return _label?.WeightColumn is { } weight && name == weight ? FeatureCount + 1 : -1;
    }

    internal int FeatureCount => _schema.Count;

    /// <summary>Adds one row given as field name → value (a string, number, boolean, null, or <see cref="System.Text.Json.JsonElement"/>).
    /// Absent fields are missing values; unknown fields are ignored.</summary>
    /// <exception cref="TabularDataException">A value has the wrong type, a required feature is missing, or the label is not a known class.</exception>
    public void Add(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Array.Clear(_rowBuffer);
        object? label = null;
        object? weight = null;
        foreach (var (name, value) in row)
        {
            var field = FieldIndex(name);
            if (field < 0)
            {
                continue;
            }

            if (field < FeatureCount)
            {
                _rowBuffer[field] = value;
            }
            else if (field == FeatureCount)
            {
                label = value;
            }
            else
            {
                weight = value;
            }
        }

        AddRow(_rowBuffer, label, weight);
    }

    /// <summary>Adds one row from values in schema order (the readers' path).</summary>
    internal void AddRow(ReadOnlySpan<object?> features, object? label, object? weight)
    {
        ObjectDisposedException.ThrowIf(_built, this);
        var rowNumber = RowCount + 1L;
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            if (column.Add(features[i]) is { } problem)
            {
                // Undo the cells already appended so the builder stays consistent for a caller that catches.
                for (var j = 0; j < i; j++)
                {
                    _columns[j].RemoveLast();
                }

                throw new TabularDataException(rowNumber, column.Spec.Name, problem);
            }
        }

        if (_label is not null)
        {
            double labelValue;
            float weightValue;
            try
            {
                labelValue = ReadLabel(label, rowNumber);
                weightValue = ReadWeight(weight, rowNumber);
            }
            catch
            {
                foreach (var column in _columns)
                {
                    column.RemoveLast();
                }

                throw;
            }

            Append(ref _labels, RowCount, labelValue);
            Append(ref _weights, RowCount, weightValue);
            _anyWeight |= weightValue != 1f;
        }

        RowCount++;
    }

    /// <summary>Finishes the data. The builder cannot be used afterwards.</summary>
    public TabularData Build()
    {
        ObjectDisposedException.ThrowIf(_built, this);
        _built = true;
        var columns = _columns.Select(c => c.Build(RowCount)).ToArray();
        double[]? labels = _label is null ? null : _labels[..RowCount];
        float[]? weights = _label is not null && _anyWeight ? _weights[..RowCount] : null;
        return new TabularData(_schema, columns, RowCount, _label, labels, weights);
    }

    /// <summary>Builds data from an asynchronous stream of rows (for example read from a database), without buffering them.</summary>
    public static async Task<TabularData> BuildAsync(
        IAsyncEnumerable<IReadOnlyDictionary<string, object?>> rows,
        FeatureSchema schema,
        LabelDefinition? label = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new TabularDataBuilder(schema, label);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(row);
        }

        return builder.Build();
    }

    private double ReadLabel(object? raw, long rowNumber)
    {
        var label = _label!;
        if (label.Task == TaskKind.Regression)
        {
            return FeatureValues.ToNumber(raw, out var target) is { } problem
                ? throw new TabularDataException(rowNumber, label.Column, problem)
                : target;
        }

        if (FeatureValues.ToText(raw, int.MaxValue, out var text) is { } textProblem)
        {
            throw new TabularDataException(rowNumber, label.Column, textProblem);
        }

        if (string.IsNullOrEmpty(text))
        {
            return double.NaN;
        }

        return _classIndex.TryGetValue(text, out var index)
            ? index
            : throw new TabularDataException(rowNumber, label.Column, $"'{text}' is not one of the label classes ({string.Join(", ", label.Classes)}).");
    }

    private float ReadWeight(object? raw, long rowNumber)
    {
        if (_label!.WeightColumn is not { } column)
        {
            return 1f;
        }

        if (FeatureValues.ToNumber(raw, out var weight) is { } problem)
        {
            throw new TabularDataException(rowNumber, column, problem);
        }

        if (double.IsNaN(weight))
        {
            return 1f;
        }

        return weight < 0 ? throw new TabularDataException(rowNumber, column, $"weight {weight} is negative.") : (float)weight;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Append<T>(ref T[] array, int count, T value)
    {
        if (count == array.Length)
        {
            Array.Resize(ref array, Math.Max(16, count * 2));
        }

        array[count] = value;
    }
}
