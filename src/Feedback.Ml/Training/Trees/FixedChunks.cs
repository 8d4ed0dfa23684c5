namespace Feedback.Ml.Training.Trees;

/// <summary>Parallel loops over fixed-size index ranges. The ranges do not depend on the core count and partial sums
/// are added in range order, so a parallel sum gives the same bits on 1 core or 16: that is what makes training
/// deterministic for a fixed seed.</summary>
internal static class FixedChunks
{
    /// <summary>Indices per range: big enough to amortise scheduling, small enough to balance 2+ cores.</summary>
    public const int Size = 16_384;

    public static int Count(int length) => (length + Size - 1) / Size;

    /// <summary>Runs <paramref name="body"/>(start, end) over [0, length) in fixed ranges, in parallel when there are several.</summary>
    public static void For(int length, ParallelOptions parallel, Action<int, int> body)
    {
        var chunks = Count(length);
        if (chunks <= 1)
        {
            body(0, length);
            return;
        }

        Parallel.For(0, chunks, parallel, c => body(c * Size, Math.Min(length, (c + 1) * Size)));
    }

    /// <summary>Sums <paramref name="body"/>(start, end) over fixed ranges of [0, length), adding them in range order.</summary>
    public static double Sum(int length, ParallelOptions parallel, Func<int, int, double> body)
    {
        var chunks = Count(length);
        if (chunks <= 1)
        {
            return length == 0 ? 0 : body(0, length);
        }

        var partial = new double[chunks];
        Parallel.For(0, chunks, parallel, c => partial[c] = body(c * Size, Math.Min(length, (c + 1) * Size)));
        var total = 0.0;
        foreach (var value in partial)
        {
            total += value;
        }

        return total;
    }
}
