using Feedback.Ml.Data;

namespace Feedback.Ml.Training.Trees;

/// <summary>Per-column bin boundaries: bin <c>b</c> of a column holds the values <c>v</c> with
/// <c>Upper[b − 1] &lt; v ≤ Upper[b]</c>; the last bin is unbounded above.</summary>
/// <remarks>Because a split "bin ≤ s" is the same test as "value ≤ Upper[s]", a tree stores the real threshold and
/// serving never bins. Columns with few distinct values get one bin per value (edges at midpoints); others get
/// quantile edges over a row sample, where absent (zero) entries count as values 0.</remarks>
internal sealed class BinEdges
{
    private BinEdges(float[][] upper) => Upper = upper;

    /// <summary>Upper edges per column; a column has <c>Upper[c].Length + 1</c> bins.</summary>
    public float[][] Upper { get; }

    public int ColumnCount => Upper.Length;

    public int BinCount(int column) => Upper[column].Length + 1;

    /// <summary>The bin of <paramref name="value"/> in <paramref name="column"/>: the first edge not below it.</summary>
    public byte BinOf(int column, float value)
    {
        var edges = Upper[column];
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value <= edges[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return (byte)lo;
    }

    /// <summary>Chooses edges from (a seeded sample of) <paramref name="rows"/> of <paramref name="matrix"/>.</summary>
    public static BinEdges Fit(FeatureMatrix matrix, int[] rows, int maxBins, int seed, ParallelOptions parallel)
    {
        var sample = SampleRows(rows, Defaults.BinSampleSize, seed);
        var columns = matrix.ColumnCount;
        var nonZeroCounts = new int[columns];
        foreach (var row in sample)
        {
            foreach (var column in matrix.RowIndices(row))
            {
                nonZeroCounts[column]++;
            }
        }

        var values = new float[columns][];
        for (var c = 0; c < columns; c++)
        {
            values[c] = new float[nonZeroCounts[c]];
        }

        var filled = new int[columns];
        foreach (var row in sample)
        {
            var indices = matrix.RowIndices(row);
            var rowValues = matrix.RowValues(row);
            for (var k = 0; k < indices.Length; k++)
            {
                values[indices[k]][filled[indices[k]]++] = rowValues[k];
            }
        }

        var upper = new float[columns][];
        Parallel.For(0, columns, parallel, c =>
        {
            Array.Sort(values[c]);
            upper[c] = EdgesOf(values[c], sample.Length - values[c].Length, maxBins);
        });
        return new BinEdges(upper);
    }

    /// <summary>Edges for one column from its sorted non-zero sample values plus <paramref name="zeroCount"/> zeros.</summary>
    private static float[] EdgesOf(float[] sortedNonZeros, int zeroCount, int maxBins)
    {
        // Distinct values with their counts, zeros merged in at their sorted place.
        var distinct = new List<float>();
        var counts = new List<int>();
        var zeroPlaced = zeroCount == 0;
        foreach (var value in sortedNonZeros)
        {
            if (!zeroPlaced && value > 0)
            {
                Add(0f, zeroCount);
                zeroPlaced = true;
            }

            Add(value, 1);
        }

        if (!zeroPlaced)
        {
            Add(0f, zeroCount);
        }

        if (distinct.Count <= maxBins)
        {
            var edges = new float[Math.Max(0, distinct.Count - 1)];
            for (var i = 0; i < edges.Length; i++)
            {
                edges[i] = Midpoint(distinct[i], distinct[i + 1]);
            }

            return edges;
        }

        // Quantiles: an edge after the distinct value where the running count crosses each k/maxBins of the total.
        var total = (double)(sortedNonZeros.Length + zeroCount);
        var result = new List<float>(maxBins - 1);
        var running = 0L;
        var next = 1;
        for (var i = 0; i < distinct.Count - 1 && next < maxBins; i++)
        {
            running += counts[i];
            if (running >= next * total / maxBins)
            {
                result.Add(Midpoint(distinct[i], distinct[i + 1]));
                while (next < maxBins && running >= next * total / maxBins)
                {
                    next++;
                }
            }
        }

        return [.. result];

        void Add(float value, int count)
        {
            if (distinct.Count > 0 && distinct[^1] == value)
            {
                counts[^1] += count;
            }
            else
            {
                distinct.Add(value);
                counts.Add(count);
            }
        }
    }

    /// <summary>A float edge strictly below <paramref name="high"/> and not below <paramref name="low"/>, so the two
    /// values land in different bins even when their midpoint rounds up to <paramref name="high"/>.</summary>
    private static float Midpoint(float low, float high)
    {
        var mid = (float)((low + (double)high) / 2);
        return mid < high ? mid : low;
    }

    private static int[] SampleRows(int[] rows, int size, int seed)
    {
        if (rows.Length <= size)
        {
            return rows;
        }

        // Partial Fisher–Yates on a copy, then sorted so the CSR is read forwards.
        var copy = (int[])rows.Clone();
        var random = new Random(seed);
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        var sample = copy[..size];
        Array.Sort(sample);
        return sample;
    }
}
