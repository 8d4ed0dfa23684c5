namespace Feedback.Bench.Validation;

/// <summary>A fixed CPU-bound loop (no memory traffic), run once per core sequentially or in parallel: the ratio
/// of the two times is how much parallelism the machine gives this process at that moment.</summary>
internal static class Calibration
{
    private const long Iterations = 20_000_000;

    public static double Sequential()
    {
        var sum = 0.0;
        for (var core = 0; core < Environment.ProcessorCount; core++)
        {
            sum += Spin();
        }

        return sum;
    }

    public static double Parallel()
    {
        var sums = new double[Environment.ProcessorCount];
        System.Threading.Tasks.Parallel.For(0, sums.Length, core => sums[core] = Spin());
        return sums.Sum();
    }

    private static double Spin()
    {
        var sum = 0.0;
        for (long i = 0; i < Iterations; i++)
        {
            sum += Math.Sqrt(i);
        }

        return sum;
    }
}
