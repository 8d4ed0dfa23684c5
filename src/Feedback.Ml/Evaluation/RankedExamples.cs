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

        // The overall slice takes every row; other specs look their slice up per row. Appending in rank order keeps
        // every slice ranked without sorting it again.
        for (var k = 0; k < n; k++)
        {
            var row = order[k];
            var score = scores[row];
            var weight = weights is null ? 1.0 : weights[row];
            var positive = labels[row] == 1.0;
            var id = data.FirstExampleId + row;
            for (var s = 0; s < result.Length; s++)
            {
                var slice = s == 0 ? 0 : slices.RowSlices[s][row];
                if (slice >= 0)
                {
                    result[s][slice].Append(score, weight, positive, id);
                }
            }
        }

        return result;
    }

    // Rows by descending score, ties by ascending row (so by example id): Array.Sort is unstable, so tied runs are
    // put back in row order afterwards (runs are short for continuous scores).
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

        Array.Sort(keys, order);
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }

            start = end;
        }

        return order;
    }
}
