using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Rows held column by column, the fast input of <see cref="StatisticsGenerator"/>: one array per
/// column, all of <see cref="RowCount"/> length. A column never set is absent from the data.</summary>
/// <remarks>The arrays are referenced, not copied. Missing values are NaN in number columns and null in string
/// and boolean columns. Which array kind a column uses is free: a numeric feature given as strings is parsed,
/// a categorical feature given as numbers is read as their invariant text.</remarks>
public sealed class ColumnarBatch
{
    private readonly Dictionary<string, Array> _columns = new(StringComparer.Ordinal);

    /// <summary>Creates an empty batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is negative.</exception>
    public ColumnarBatch(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        RowCount = rowCount;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Sets a column of numbers (NaN = missing).</summary>
    public ColumnarBatch SetNumbers(string name, double[] values) => Set(name, values);

    /// <summary>Sets a column of strings (null = missing).</summary>
    public ColumnarBatch SetStrings(string name, string?[] values) => Set(name, values);

    /// <summary>Sets a column of booleans (null = missing).</summary>
    public ColumnarBatch SetBooleans(string name, bool?[] values) => Set(name, values);

    /// <summary>Feeds rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of every
    /// column the accumulator knows into it and counts them.</summary>
    public void FeedInto(StatisticsAccumulator accumulator, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, RowCount);
        foreach (var (name, array) in _columns)
        {
            var column = accumulator.IndexOf(name);
            switch (array)
            {
                case double[] numbers when column >= 0: accumulator.AddNumbers(column, numbers.AsSpan(start, length)); break;
                case string?[] strings when column >= 0: accumulator.AddStrings(column, strings.AsSpan(start, length)); break;
                case bool?[] booleans when column >= 0: accumulator.AddBooleans(column, booleans.AsSpan(start, length)); break;
                default: break;
            }
        }

        accumulator.CountRows(length);
    }

    private ColumnarBatch Set(string name, Array values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != RowCount)
        {
            throw new ArgumentException($"Column '{name}' has {values.Length} values; the batch has {RowCount} rows.", nameof(values));
        }

        _columns[name] = values;
        return this;
    }
}
