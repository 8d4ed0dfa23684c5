namespace Feedback.Bench.Validation;

/// <summary>The floor: one single-threaded pass computing only count, mean, min and max per numeric column and
/// the non-null count per categorical column. The ratio of the full statistics to this is the cost of
/// everything else (variance, quantile sketches, histograms, value counts, distinct counts).</summary>
internal static class NaiveBaseline
{
    public static double Run(SyntheticData data)
    {
        var checksum = 0.0;
        foreach (var column in data.Numbers)
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

            checksum += (sum / count) + min + max;
        }

        foreach (var column in data.Strings)
        {
            long count = 0;
            foreach (var value in column)
            {
                if (value is not null)
                {
                    count++;
                }
            }

            checksum += count;
        }

        return checksum;
    }
}
