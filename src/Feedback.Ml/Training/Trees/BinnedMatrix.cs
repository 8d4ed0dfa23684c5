using Feedback.Ml.Data;

namespace Feedback.Ml.Training.Trees;

/// <summary>The training matrix as one byte per cell, column-major: histogram building reads one column's bins in
/// row order, which keeps the hot loop on a single contiguous array (1M rows × 50 columns is 50 MB).</summary>
internal sealed class BinnedMatrix
{
    private BinnedMatrix(byte[][] columns, BinEdges edges, int[] offsets)
    {
        Columns = columns;
        Edges = edges;
        HistogramOffsets = offsets;
    }

    /// <summary>Bins of each column, indexed by row.</summary>
    public byte[][] Columns { get; }

    public BinEdges Edges { get; }

    /// <summary>Where each column's bins start in a node histogram; the last entry is the histogram's length.</summary>
    public int[] HistogramOffsets { get; }

    public int ColumnCount => Columns.Length;

    /// <summary>Bins every row of <paramref name="matrix"/> (absent entries fall in the bin of 0).</summary>
    public static BinnedMatrix Build(FeatureMatrix matrix, BinEdges edges, ParallelOptions parallel)
    {
        var rowCount = matrix.RowCount;
        var columnCount = matrix.ColumnCount;
        var columns = new byte[columnCount][];
        var offsets = new int[columnCount + 1];
        for (var c = 0; c < columnCount; c++)
        {
            columns[c] = new byte[rowCount];
            Array.Fill(columns[c], edges.BinOf(c, 0f));
            offsets[c + 1] = offsets[c] + edges.BinCount(c);
        }

        FixedChunks.For(rowCount, parallel, (start, end) =>
        {
            for (var row = start; row < end; row++)
            {
                var indices = matrix.RowIndices(row);
                var values = matrix.RowValues(row);
                for (var k = 0; k < indices.Length; k++)
                {
                    columns[indices[k]][row] = edges.BinOf(indices[k], values[k]);
                }
            }
        });
        return new BinnedMatrix(columns, edges, offsets);
    }

    /// <summary>Throws when the matrix has a column index out of range or a value that is not finite.</summary>
    public static void Validate(FeatureMatrix matrix)
    {
        var columnCount = matrix.ColumnCount;
        var indices = matrix.Indices;
        var values = matrix.Values;
        // Sequential on purpose: an exception thrown here reaches the caller as itself, not wrapped in an AggregateException.
        for (var k = 0; k < indices.Length; k++)
        {
            if ((uint)indices[k] >= (uint)columnCount)
            {
                throw new ArgumentException($"Stored entry {k} has column index {indices[k]}, outside the {columnCount} columns.", nameof(matrix));
            }

            if (!float.IsFinite(values[k]))
            {
                throw new ArgumentException($"Stored entry {k} (column '{matrix.ColumnNames[indices[k]]}') is {values[k]}; feature values must be finite.", nameof(matrix));
            }
        }
    }
}
