using Feedback.Ml.Schema;

namespace Feedback.Ml.Data;

/// <summary>Appends converted values to one growing typed array.</summary>
internal abstract class ColumnBuilder(FeatureSpec spec)
{
    protected int Count { get; set; }

    public FeatureSpec Spec { get; } = spec;

    public static ColumnBuilder For(FeatureSpec spec) => spec.Type switch
    {
        FeatureType.Numeric => new NumericBuilder(spec),
        FeatureType.Categorical => new CategoricalBuilder(spec),
        FeatureType.Text => new TextBuilder(spec),
        FeatureType.Boolean => new BooleanBuilder(spec),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Type, $"Feature '{spec.Name}' has an unknown type."),
    };

    /// <summary>Appends a raw value; returns a problem description instead of appending when it is invalid.</summary>
    public abstract string? Add(object? raw);

    public void RemoveLast() => Count--;

    public abstract DataColumn Build(int count);

    protected string? Missing() => Spec.Required ? "a value is required." : null;

    private sealed class NumericBuilder(FeatureSpec spec) : ColumnBuilder(spec)
    {
        private double[] _values = [];

        public override string? Add(object? raw)
        {
            if (FeatureValues.ToNumber(raw, out var value) is { } problem || (double.IsNaN(value) && Missing() is { } missing && (problem = missing) is not null))
            {
                return problem;
            }

            TabularDataBuilder.Append(ref _values, Count++, value);
            return null;
        }

        public override DataColumn Build(int count) => new NumericColumn(Spec, _values, count);
    }

    private sealed class CategoricalBuilder(FeatureSpec spec) : ColumnBuilder(spec)
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _dictionary = [];
        private int[] _values = [];

        public override string? Add(object? raw)
        {
            if (FeatureValues.ToText(raw, Spec.MaxLength, out var value) is { } problem)
            {
                return problem;
            }

            var code = -1;
            if (string.IsNullOrEmpty(value))
            {
                if (Missing() is { } missing)
                {
                    return missing;
                }
            }
            else if (!_codes.TryGetValue(value, out code))
            {
                code = _dictionary.Count;
                _codes.Add(value, code);
                _dictionary.Add(value);
            }

            TabularDataBuilder.Append(ref _values, Count++, code);
            return null;
        }

        public override DataColumn Build(int count) => new CategoricalColumn(Spec, _values, count, _dictionary.ToArray());
    }

    private sealed class TextBuilder(FeatureSpec spec) : ColumnBuilder(spec)
    {
        private string?[] _values = [];

        public override string? Add(object? raw)
        {
            if (FeatureValues.ToText(raw, Spec.MaxLength, out var value) is { } problem || (value is null && Missing() is { } missing && (problem = missing) is not null))
            {
                return problem;
            }

            TabularDataBuilder.Append(ref _values, Count++, value);
            return null;
        }

        public override DataColumn Build(int count) => new TextColumn(Spec, _values, count);
    }

    private sealed class BooleanBuilder(FeatureSpec spec) : ColumnBuilder(spec)
    {
        private sbyte[] _values = [];

        public override string? Add(object? raw)
        {
            if (FeatureValues.ToBoolean(raw, out var value) is { } problem || (value < 0 && Missing() is { } missing && (problem = missing) is not null))
            {
                return problem;
            }

            TabularDataBuilder.Append(ref _values, Count++, value);
            return null;
        }

        public override DataColumn Build(int count) => new BooleanColumn(Spec, _values, count);
    }
}
