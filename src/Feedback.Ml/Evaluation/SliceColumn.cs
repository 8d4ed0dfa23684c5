using System.Globalization;

namespace Feedback.Ml.Evaluation;

/// <summary>
/// The values of one slicing feature for every example, dictionary-encoded. Slicing features need not be model
/// inputs (e.g. a region used only to check fairness). A missing value puts the example in no slice of the feature.
/// </summary>
public sealed class SliceColumn
{
    private SliceColumn(string name, int[] codes, IReadOnlyList<string> values)
    {
        Name = name;
        RawCodes = codes;
        Values = values;
    }

    /// <summary>The feature's name, as used in slicing specs.</summary>
    public string Name { get; }

    /// <summary>Per example, the index into <see cref="Values"/>, or −1 when the value is missing.</summary>
    public IReadOnlyList<int> Codes => RawCodes;

    /// <summary>The distinct values, in order of first appearance.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Number of examples.</summary>
    public int RowCount => RawCodes.Length;

    internal int[] RawCodes { get; }

    /// <summary>Creates a column from text values; null means missing.</summary>
    public static SliceColumn FromStrings(string name, IReadOnlyList<string?> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        var dictionary = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var value = values[i];
            if (value is null)
            {
                codes[i] = -1;
                continue;
            }

            if (!dictionary.TryGetValue(value, out var code))
            {
                code = distinct.Count;
                dictionary.Add(value, code);
                distinct.Add(value);
            }

            codes[i] = code;
        }

        return new SliceColumn(name, codes, distinct);
    }

    /// <summary>Creates a column from numbers; NaN means missing. Values become invariant round-trip text ("30", "0.5").</summary>
    public static SliceColumn FromNumbers(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new string?[values.Count];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = double.IsNaN(values[i]) ? null : values[i].ToString("R", CultureInfo.InvariantCulture);
        }

        return FromStrings(name, text);
    }
}
