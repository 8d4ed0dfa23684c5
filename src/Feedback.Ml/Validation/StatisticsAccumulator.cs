using System.Globalization;
using Feedback.Ml.Schema;

namespace Feedback.Ml.Validation;

/// <summary>Streaming, mergeable statistics of one data partition: feed values (one call per column per row),
/// count the rows, then <see cref="Merge"/> partitions and call <see cref="ToStatistics"/>.</summary>
/// <remarks>
/// <para>Columns are the schema's features in order, then the label (if given) at index <see cref="Schema"/>.Count.
/// A value is fed with <c>Add</c>, <c>AddString</c>, <c>AddBoolean</c> or <c>AddMissing</c> (an explicit null), or
/// not at all when the row has no such column; missing = rows − valid − invalid, so both null and absent count as
/// missing, while a column never fed in any row is reported as not <see cref="FeatureStatistics.Observed"/>.</para>
/// <para>Merging is exact for counts, sums (up to floating-point addition order), min, max, zeros and categorical
/// counts while they are exact; quantiles keep their sketch's error bound.</para>
/// <para>Not thread-safe: use one accumulator per partition.</para>
/// </remarks>
public sealed class StatisticsAccumulator
{
    private readonly FeatureAccumulator[] _columns;
    private readonly StatisticsOptions _options;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="schema">The features to compute statistics for.</param>
    /// <param name="label">The label column, if the data carries one; it must not share a feature's name.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="ArgumentException">The label's name is also a feature's name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public StatisticsAccumulator(FeatureSchema schema, FeatureSpec? label = null, StatisticsOptions? options = null)
        : this(schema, label, options ?? new StatisticsOptions(), partition: 0)
    {
    }

    internal StatisticsAccumulator(FeatureSchema schema, FeatureSpec? label, StatisticsOptions options, int partition)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (label is not null && schema.IndexOf(label.Name) >= 0)
        {
            throw new ArgumentException($"The label '{label.Name}' is also a feature of the schema.", nameof(label));
        }

        Schema = schema;
        Label = label;
        _options = options;
        _columns = new FeatureAccumulator[schema.Count + (label is null ? 0 : 1)];
        for (var i = 0; i < _columns.Length; i++)
        {
            // A distinct coin per column and partition: sketches that share coin sequences would make correlated errors.
            var seed = (options.Seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)partition << 32) ^ (ulong)i;
            _columns[i] = FeatureAccumulator.Create(i < schema.Count ? schema[i] : label!, options, seed);
        }
    }

    /// <summary>The features.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The label column, or null.</summary>
    public FeatureSpec? Label { get; }

    /// <summary>Rows counted so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>The column index of a feature or the label, or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Schema.IndexOf(name);
        return index >= 0 ? index : Label is not null && string.Equals(Label.Name, name, StringComparison.Ordinal) ? Schema.Count : -1;
    }

    /// <summary>Records that <paramref name="rows"/> more rows were fed (call per row, or once per batch).</summary>
    public void CountRows(long rows = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        RowCount += rows;
    }

    /// <summary>Feeds a number to a column.</summary>
    public void Add(int column, double value) => Column(column).AddNumber(value);

    /// <summary>Feeds a number to a column by name.</summary>
    public void Add(string feature, double value) => Column(feature).AddNumber(value);

    /// <summary>Feeds a string to a column.</summary>
    public void AddString(int column, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Column(column).AddString(value);
    }

    /// <summary>Feeds a string to a column by name.</summary>
    public void AddString(string feature, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Column(feature).AddString(value);
    }

    /// <summary>Feeds a boolean to a column.</summary>
    public void AddBoolean(int column, bool value) => Column(column).AddBoolean(value);

    /// <summary>Feeds a boolean to a column by name.</summary>
    public void AddBoolean(string feature, bool value) => Column(feature).AddBoolean(value);

    /// <summary>Records an explicit null in a column.</summary>
    public void AddMissing(int column) => Column(column).AddMissing();

    /// <summary>Records an explicit null in a column by name.</summary>
    public void AddMissing(string feature) => Column(feature).AddMissing();

    /// <summary>Feeds a boxed value: null is missing; numbers, strings and booleans go to the matching
    /// <c>Add</c>; anything else is read through its invariant text.</summary>
    public void AddValue(int column, object? value)
    {
        var target = Column(column);
        switch (value)
        {
            case null: target.AddMissing(); break;
            case string s: target.AddString(s); break;
            case bool b: target.AddBoolean(b); break;
            case double d: target.AddNumber(d); break;
            case float f: target.AddNumber(f); break;
            case int i: target.AddNumber(i); break;
            case long l: target.AddNumber(l); break;
            case decimal m: target.AddNumber((double)m); break;
            case IConvertible c when IsNumber(c): target.AddNumber(c.ToDouble(CultureInfo.InvariantCulture)); break;
            default: target.AddString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty); break;
        }
    }

    /// <summary>Feeds one row aligned with the columns (features in schema order, then the label) and counts it.</summary>
    /// <exception cref="ArgumentException">The row's length is not the column count.</exception>
    public void AddRow(IReadOnlyList<object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Count != _columns.Length)
        {
            throw new ArgumentException($"The row has {row.Count} values; expected {_columns.Length} (features, then the label if any).", nameof(row));
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            AddValue(i, row[i]);
        }

        RowCount++;
    }

    /// <summary>Feeds one row given by column name and counts it. Columns the row lacks are missing in this row;
    /// names that are neither a feature nor the label are ignored.</summary>
    public void AddRow(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var (name, value) in row)
        {
            var index = IndexOf(name);
            if (index >= 0)
            {
                AddValue(index, value);
            }
        }

        RowCount++;
    }

    /// <summary>Feeds a column slice of numbers; NaN marks a missing value. Does not count rows.</summary>
    public void AddNumbers(int column, ReadOnlySpan<double> values)
    {
        var target = Column(column);
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                target.AddMissing();
            }
            else
            {
                target.AddNumber(value);
            }
        }
    }

    /// <summary>Feeds a column slice of strings; null marks a missing value. Does not count rows.</summary>
    public void AddStrings(int column, ReadOnlySpan<string?> values)
    {
        var target = Column(column);
        foreach (var value in values)
        {
            if (value is null)
            {
                target.AddMissing();
            }
            else
            {
                target.AddString(value);
            }
        }
    }

    /// <summary>Feeds a column slice of booleans; null marks a missing value. Does not count rows.</summary>
    public void AddBooleans(int column, ReadOnlySpan<bool?> values)
    {
        var target = Column(column);
        foreach (var value in values)
        {
            if (value is { } b)
            {
                target.AddBoolean(b);
            }
            else
            {
                target.AddMissing();
            }
        }
    }

    /// <summary>Adds another partition's statistics to this one; <paramref name="other"/> is left unchanged.</summary>
    /// <exception cref="ArgumentException">The other accumulator has different columns.</exception>
    public void Merge(StatisticsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("An accumulator cannot be merged into itself.", nameof(other));
        }

        if (other._columns.Length != _columns.Length || !_columns.Select(c => c.Spec).SequenceEqual(other._columns.Select(c => c.Spec)))
        {
            throw new ArgumentException("Only accumulators over the same schema and label can be merged.", nameof(other));
        }

        RowCount += other.RowCount;
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Merge(other._columns[i]);
        }
    }

    /// <summary>Builds the statistics artifact of the rows seen so far.</summary>
    public DatasetStatistics ToStatistics(string split)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(split);
        return new DatasetStatistics
        {
            Split = split,
            RowCount = RowCount,
            Features = [.. _columns.Take(Schema.Count).Select(c => c.ToStatistics(RowCount, _options))],
            Label = Label is null ? null : _columns[^1].ToStatistics(RowCount, _options),
        };
    }

    private static bool IsNumber(IConvertible value) => value.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal;

    private FeatureAccumulator Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _columns.Length);
        return _columns[column];
    }

    private FeatureAccumulator Column(string feature)
    {
        var index = IndexOf(feature);
        return index >= 0 ? _columns[index] : throw new ArgumentException($"'{feature}' is neither a feature of the schema nor the label.", nameof(feature));
    }
}
