namespace Feedback.Ml.Data;

/// <summary>The output of a fitted transform and the input of every trainer: a row-major sparse matrix (CSR) of
/// <see cref="float"/> values, one row per example, with a stable name per column.</summary>
/// <remarks>
/// Column names are the identity of a column across fits (for example <c>amount</c>, <c>country=DE</c>,
/// <c>text#48213</c>), so a warm-started trainer can map a parent model's weights onto a refitted transform.
/// Row <c>i</c> holds <see cref="Indices"/>[<see cref="RowOffsets"/>[i]..<see cref="RowOffsets"/>[i + 1]] with the
/// matching <see cref="Values"/>; indices within a row are strictly increasing; absent entries are zero.
/// </remarks>
public sealed class FeatureMatrix
{
    /// <summary>Creates a matrix from CSR arrays. The arrays are owned by the matrix afterwards.</summary>
    /// <exception cref="ArgumentException">The arrays are inconsistent.</exception>
    public FeatureMatrix(int[] rowOffsets, int[] indices, float[] values, IReadOnlyList<string> columnNames)
    {
        ArgumentNullException.ThrowIfNull(rowOffsets);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(columnNames);
        if (rowOffsets.Length == 0 || rowOffsets[0] != 0 || rowOffsets[^1] != indices.Length || indices.Length != values.Length)
        {
            throw new ArgumentException("Row offsets must start at 0 and end at the number of stored entries, which must match the values.", nameof(rowOffsets));
        }

        RowOffsets = rowOffsets;
        Indices = indices;
        Values = values;
        ColumnNames = columnNames;
    }

    /// <summary>Number of rows (examples).</summary>
    public int RowCount => RowOffsets.Length - 1;

    /// <summary>Number of columns.</summary>
    public int ColumnCount => ColumnNames.Count;

    /// <summary>CSR row offsets, length <see cref="RowCount"/> + 1.</summary>
    public int[] RowOffsets { get; }

    /// <summary>Column index of each stored entry.</summary>
    public int[] Indices { get; }

    /// <summary>Value of each stored entry.</summary>
    public float[] Values { get; }

    /// <summary>Stable name of each column.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The stored column indices of one row.</summary>
    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(RowOffsets[row], RowOffsets[row + 1] - RowOffsets[row]);

    /// <summary>The stored values of one row, aligned with <see cref="RowIndices"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowOffsets[row], RowOffsets[row + 1] - RowOffsets[row]);
}
