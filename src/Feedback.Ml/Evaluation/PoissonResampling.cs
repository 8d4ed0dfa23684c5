namespace Feedback.Ml.Evaluation;

/// <summary>
/// Poisson(1) resample weights as a pure function of (seed, resample, example id): no random state is carried, so
/// any partition of the data, in any order, on any thread draws the same weights.
/// </summary>
internal static class PoissonResampling
{
    // P(K ≤ k) for K ~ Poisson(1), scaled to 2^64, so a 64-bit hash is compared without converting to double.
    private static readonly ulong[] CumulativeBounds = BuildBounds();

    public static int Weight(long seed, int sample, long exampleId)
    {
        var u = Mix((ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)exampleId * 0xD1B54A32D192ED03UL) ^ ((ulong)(sample + 1) * 0xAEF17502108EF2D9UL));
        var k = 0;
        var bounds = CumulativeBounds;
        while (k < bounds.Length && u >= bounds[k])
        {
            k++;
        }

        return k;
    }

    // SplitMix64's finaliser: a bijective, well-mixed hash of the key.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] BuildBounds()
    {
        // Up to K = 12; P(K > 12) ≈ 1e-10, folded into 13.
        var bounds = new ulong[13];
        double p = Math.Exp(-1), cumulative = 0;
        for (var k = 0; k < bounds.Length; k++)
        {
            cumulative += p;
            bounds[k] = cumulative >= 1 ? ulong.MaxValue : (ulong)(cumulative * 18446744073709551616.0);
            p /= k + 1;
        }

        return bounds;
    }
}

/// <summary>Turns resampled metric values into a percentile interval.</summary>
internal static class BootstrapInterval
{
    /// <summary>The interval of the finite values, or null when fewer than two resamples gave a value.</summary>
    public static ConfidenceInterval? From(double[] values, double confidenceLevel)
    {
        var defined = values.Where(double.IsFinite).ToArray();
        if (defined.Length < 2)
        {
            return null;
        }

        Array.Sort(defined);
        var mean = defined.Average();
        var variance = defined.Sum(v => (v - mean) * (v - mean)) / (defined.Length - 1);
        var tail = (1 - confidenceLevel) / 2;
        return new ConfidenceInterval(Quantile(defined, tail), Quantile(defined, 1 - tail), Math.Sqrt(variance), defined.Length);
    }

    // Linear interpolation between order statistics (NumPy's default), so intervals match a numpy.percentile check.
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
