using Feedback.Ml.Schema;

namespace Feedback.Ml.Data;

/// <summary>One typed column of a <see cref="TabularData"/>, holding the values of one <see cref="FeatureSpec"/>.</summary>
/// <remarks>Each feature type has its own sealed column type with a primitive array, so a million rows of a numeric
/// feature cost eight megabytes rather than a million boxed objects.</remarks>
public abstract class DataColumn
{
    private protected DataColumn(FeatureSpec spec, int count)
    {
        Spec = spec;
        Count = count;
    }

    /// <summary>The feature this column holds.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>The feature name.</summary>
    public string Name => Spec.Name;

    /// <summary>Number of values (rows).</summary>
    public int Count { get; }

    /// <summary>Whether row <paramref name="row"/> has no value.</summary>
    public abstract bool IsMissing(int row);
}

/// <summary>A numeric column; <see cref="double.NaN"/> marks a missing value.</summary>
public sealed class NumericColumn : DataColumn
{
    internal NumericColumn(FeatureSpec spec, double[] values, int count)
        : base(spec, count) => Values = values.AsMemory(0, count);

    /// <summary>The values, NaN where missing.</summary>
    public ReadOnlyMemory<double> Values { get; }

    /// <inheritdoc />
    public override bool IsMissing(int row) => double.IsNaN(Values.Span[row]);
}

/// <summary>A categorical column stored as codes into a per-column dictionary; -1 marks a missing value.</summary>
public sealed class CategoricalColumn : DataColumn
{
    internal CategoricalColumn(FeatureSpec spec, int[] codes, int count, IReadOnlyList<string> dictionary)
        : base(spec, count)
    {
        Codes = codes.AsMemory(0, count);
        Dictionary = dictionary;
    }

    /// <summary>Per-row index into <see cref="Dictionary"/>, or -1 where missing.</summary>
    public ReadOnlyMemory<int> Codes { get; }

    /// <summary>The distinct values in order of first appearance.</summary>
    public IReadOnlyList<string> Dictionary { get; }

    /// <summary>The value of a row, or null where missing.</summary>
    public string? ValueAt(int row) => Codes.Span[row] is var code and >= 0 ? Dictionary[code] : null;

    /// <inheritdoc />
    public override bool IsMissing(int row) => Codes.Span[row] < 0;
}

/// <summary>A free-text column; null marks a missing value.</summary>
public sealed class TextColumn : DataColumn
{
    internal TextColumn(FeatureSpec spec, string?[] values, int count)
        : base(spec, count) => Values = values.AsMemory(0, count);

    /// <summary>The values, null where missing.</summary>
    public ReadOnlyMemory<string?> Values { get; }

    /// <inheritdoc />
    public override bool IsMissing(int row) => Values.Span[row] is null;
}

/// <summary>A boolean column stored as 1 (true), 0 (false) or -1 (missing).</summary>
public sealed class BooleanColumn : DataColumn
{
    internal BooleanColumn(FeatureSpec spec, sbyte[] values, int count)
        : base(spec, count) => Values = values.AsMemory(0, count);

    /// <summary>The values: 1, 0, or -1 where missing.</summary>
    public ReadOnlyMemory<sbyte> Values { get; }

    /// <inheritdoc />
    public override bool IsMissing(int row) => Values.Span[row] < 0;
}
