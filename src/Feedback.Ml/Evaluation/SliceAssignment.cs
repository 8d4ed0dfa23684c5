namespace Feedback.Ml.Evaluation;

/// <summary>
/// Maps each example to its slice under each slicing spec (overall first): a dense slice index per row, −1 when the
/// example lacks one of the spec's features. Crosses combine the features' codes in mixed radix.
/// </summary>
internal sealed class SliceAssignment
{
    private SliceAssignment(int[][] rowSlices, SliceKey[][] keys)
    {
        RowSlices = rowSlices;
        Keys = keys;
    }

    /// <summary>Per spec, per row, the slice index or −1.</summary>
    public int[][] RowSlices { get; }

    /// <summary>Per spec, the keys of its slices by index.</summary>
    public SliceKey[][] Keys { get; }

    public int SpecCount => Keys.Length;

    public static SliceAssignment Build(EvaluationData data, IReadOnlyList<SlicingSpec> specs)
    {
        var n = data.RowCount;
        var rowSlices = new int[specs.Count + 1][];
        var keys = new SliceKey[specs.Count + 1][];
        rowSlices[0] = new int[n];
        keys[0] = [SliceKey.Overall];
        for (var s = 0; s < specs.Count; s++)
        {
            var columns = specs[s].FeatureKeys
                .Select(f => data.FindColumn(f) ?? throw new ArgumentException($"Slicing feature '{f}' (slices[{s}]) is not among the data's slice columns.", nameof(data)))
                .ToArray();
            (rowSlices[s + 1], keys[s + 1]) = columns.Length == 1 ? Single(columns[0]) : Cross(columns, n);
        }

        return new SliceAssignment(rowSlices, keys);
    }

    private static (int[] Rows, SliceKey[] Keys) Single(SliceColumn column) =>
        (column.RawCodes, column.Values.Select(v => new SliceKey([new SliceFeatureValue(column.Name, v)])).ToArray());

    private static (int[] Rows, SliceKey[] Keys) Cross(SliceColumn[] columns, int n)
    {
        var rows = new int[n];
        var dense = new Dictionary<long, int>();
        var combos = new List<long>();
        for (var i = 0; i < n; i++)
        {
            long combined = 0;
            var missing = false;
            foreach (var column in columns)
            {
                var code = column.RawCodes[i];
                if (code < 0)
                {
                    missing = true;
                    break;
                }

                combined = (combined * column.Values.Count) + code;
            }

            if (missing)
            {
                rows[i] = -1;
                continue;
            }

            if (!dense.TryGetValue(combined, out var index))
            {
                index = combos.Count;
                dense.Add(combined, index);
                combos.Add(combined);
            }

            rows[i] = index;
        }

        var keys = combos.Select(combined =>
        {
            var values = new SliceFeatureValue[columns.Length];
            for (var c = columns.Length - 1; c >= 0; c--)
            {
                var radix = columns[c].Values.Count;
                values[c] = new SliceFeatureValue(columns[c].Name, columns[c].Values[(int)(combined % radix)]);
                combined /= radix;
            }

            return new SliceKey(values);
        }).ToArray();
        return (rows, keys);
    }
}
