namespace Feedback.Ml.Evaluation;

/// <summary>
/// The binary sufficient statistic of one slice: its examples ranked by score (descending, ties by example id).
/// Exact AUC and average precision need the full ranking, the per-example bootstrap weights need the id, and every
/// other binary metric is one linear pass over it. Two rankings merge exactly in linear time, and the merged ranking
/// is identical to the one a single pass builds, so partition → accumulate → merge equals a single pass bit for bit.
/// </summary>
internal sealed class RankedExamples
{
    private int _count;

    public RankedExamples(int capacity, bool weighted)
    {
        Scores = new double[capacity];
        Ids = new long[capacity];
        Positive = new bool[capacity];
        Weights = weighted ? new double[capacity] : null;
    }

    public double[] Scores { get; }

    public long[] Ids { get; }

    public bool[] Positive { get; }

    /// <summary>Example weights, or null when every weight is 1 (saves memory on the common case).</summary>
    public double[]? Weights { get; }

    public int Count => _count;

    public double WeightAt(int i) => Weights is null ? 1.0 : Weights[i];

    public void Append(double score, double weight, bool positive, long id)
    {
        var i = _count++;
        Scores[i] = score;
        Ids[i] = id;
        Positive[i] = positive;
        if (Weights is not null)
        {
            Weights[i] = weight;
        }
    }

    /// <summary>Merges two rankings in linear time.</summary>
    public static RankedExamples Merge(RankedExamples a, RankedExamples b)
    {
        var merged = new RankedExamples(a.Count + b.Count, a.Weights is not null || b.Weights is not null);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var takeA = j >= b.Count || (i < a.Count && Precedes(a.Scores[i], a.Ids[i], b.Scores[j], b.Ids[j]));
            if (takeA)
            {
                merged.Append(a.Scores[i], a.WeightAt(i), a.Positive[i], a.Ids[i]);
                i++;
            }
            else
            {
                merged.Append(b.Scores[j], b.WeightAt(j), b.Positive[j], b.Ids[j]);
                j++;
            }
        }

        return merged;
    }

    private static bool Precedes(double scoreA, long idA, double scoreB, long idB) =>
        scoreA > scoreB || (scoreA == scoreB && idA < idB);

    /// <summary>Builds the rankings of every slice of every spec from one partition with a single sort.</summary>
    public static RankedExamples[][] Build(EvaluationData data, double[] scores, SliceAssignment slices, CancellationToken cancellationToken)
    {
        var n = data.RowCount;
        var labels = data.RawLabels;
        var weights = data.RawWeights;
        for (var i = 0; i < n; i++)
        {
            if (labels[i] is not (0.0 or 1.0))
            {
                throw new ArgumentException($"Label of example {i} is {labels[i]}; binary labels must be 0 or 1.", nameof(data));
            }
        }

        var order = RankOrder(scores);
        cancellationToken.ThrowIfCancellationRequested();

        // Count first so each slice's arrays are allocated once at their exact size.
        var result = new RankedExamples[slices.SpecCount][];
        for (var s = 0; s < slices.SpecCount; s++)
        {
            var sizes = new int[slices.Keys[s].Length];
            foreach (var slice in slices.RowSlices[s])
            {
                if (slice >= 0)
                {
                    sizes[slice]++;
                }
            }

            result[s] = sizes.Select(size => new RankedExamples(size, weights is not null)).ToArray();
        }

        // Appending in rank order keeps every slice ranked without sorting it again. Each spec writes only to its own
        // slices, so the specs fill in parallel.
        Parallel.For(0, result.Length, new ParallelOptions { CancellationToken = cancellationToken }, s =>
        {
            var rowSlices = slices.RowSlices[s];
            var specSlices = result[s];
            foreach (var row in order)
            {
                var slice = rowSlices[row];
                if (slice >= 0)
                {
                    specSlices[slice].Append(scores[row], weights is null ? 1.0 : weights[row], labels[row] == 1.0, data.FirstExampleId + row);
                }
            }
        });

        return result;
    }

    // Rows by descending score, ties by ascending row (so by example id). Large inputs are sorted in chunks in
    // parallel and then merged; Array.Sort is unstable, so each chunk's tied runs are put back in row order first.
    private static int[] RankOrder(double[] scores)
    {
        var n = scores.Length;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = -scores[i];
            order[i] = i;
        }

        var chunks = n < ParallelSortThreshold ? 1 : Math.Min(Environment.ProcessorCount, 8);
        var bounds = Enumerable.Range(0, chunks + 1).Select(c => (int)((long)n * c / chunks)).ToArray();
        Parallel.For(0, chunks, c => SortRun(keys, order, bounds[c], bounds[c + 1]));
        while (bounds.Length > 2)
        {
            var mergedKeys = new double[n];
            var mergedOrder = new int[n];
            var pairs = (bounds.Length - 1) / 2;
            var next = new List<int> { 0 };
            Parallel.For(0, (bounds.Length) / 2, p =>
            {
                var start = bounds[2 * p];
                var middle = bounds[Math.Min((2 * p) + 1, bounds.Length - 1)];
                var end = bounds[Math.Min((2 * p) + 2, bounds.Length - 1)];
                MergeRuns(keys, order, start, middle, end, mergedKeys, mergedOrder);
            });
            for (var p = 0; p < pairs; p++)
            {
                next.Add(bounds[Math.Min((2 * p) + 2, bounds.Length - 1)]);
            }

            if (next[^1] != n)
            {
                next.Add(n);
            }

            (keys, order, bounds) = (mergedKeys, mergedOrder, next.ToArray());
        }

        return order;
    }

    private const int ParallelSortThreshold = 200_000;

    private static void SortRun(double[] keys, int[] order, int start, int end)
    {
        Array.Sort(keys, order, start, end - start);
        for (var i = start; i < end;)
        {
            var j = i + 1;
            while (j < end && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(order, i, j - i);
            }

            i = j;
        }
    }

    private static void MergeRuns(double[] keys, int[] order, int start, int middle, int end, double[] intoKeys, int[] intoOrder)
    {
        int i = start, j = middle, k = start;
        while (i < middle && j < end)
        {
            var takeLeft = keys[i] < keys[j] || (keys[i] == keys[j] && order[i] < order[j]);
            var from = takeLeft ? i++ : j++;
            intoKeys[k] = keys[from];
            intoOrder[k++] = order[from];
        }

        for (; i < middle; i++, k++)
        {
            (intoKeys[k], intoOrder[k]) = (keys[i], order[i]);
        }

        for (; j < end; j++, k++)
        {
            (intoKeys[k], intoOrder[k]) = (keys[j], order[j]);
        }
    }
}
