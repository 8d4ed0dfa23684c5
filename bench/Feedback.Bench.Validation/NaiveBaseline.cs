namespace Feedback.Bench.Validation;

/// <summary>The floor: one single-threaded pass computing only count, mean, min and max per numeric column and
/// the non-null count per categorical column. The ratio of the full statistics to this is the cost of
/// everything else (variance, quantile sketches, histograms, value counts, distinct counts).</summary>
internal static class NaiveBaseline
{
    public static double Run(SyntheticData data) =>
        data.Numbers.Sum(NumericColumn) + data.Strings.Sum(StringColumn);

    /// <summary>The same work spread over the thread pool, one column per work item: how much parallelism the
    /// machine actually offers at this moment, to read the partitioned statistics' speed-up against.</summary>
    public static double RunParallel(SyntheticData data)
    {
        var numbers = new double[data.Numbers.Length];
        var strings = new double[data.Strings.Length];
        Parallel.For(0, numbers.Length + strings.Length, c =>
        {
            if (c < numbers.Length)
            {
                numbers[c] = NumericColumn(data.Numbers[c]);
            }
            else
            {
                strings[c - numbers.Length] = StringColumn(data.Strings[c - numbers.Length]);
            }
        });
        return numbers.Sum() + strings.Sum();
    }

    private static double NumericColumn(double[] column)
    {
        long count = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var value in column)
        {
            if (double.IsNaN(value))
            {
                continue;
            }

            count++;
            sum += value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return (sum / count) + min + max;
    }

    private static double StringColumn(string?[] column)
    {
        long count = 0;
        foreach (var value in column)
        {
            if (value is not null)
            {
                count++;
            }
        }

        return count;
    }
}
