namespace Feedback.Ml.Evaluation;

/// <summary>
/// Confidence intervals by the Poisson bootstrap: each resample gives every example a Poisson(1) weight drawn from a
/// hash of (seed, resample, example id), so resamples need no shuffling, parallelise, merge across partitions, and
/// are identical for a fixed seed.
/// </summary>
public sealed class BootstrapOptions
{
    /// <summary>Creates bootstrap options.</summary>
    /// <param name="samples">Number of resamples; 0 turns intervals off. Defaults to 20.</param>
    /// <param name="seed">Seed of the resample weights. Defaults to 42.</param>
    /// <param name="confidenceLevel">Central coverage of the percentile interval, in (0, 1). Defaults to 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value out of range (the message names the option).</exception>
    public BootstrapOptions(int samples = Defaults.Samples, long seed = Defaults.Seed, double confidenceLevel = Defaults.ConfidenceLevel)
    {
        if (samples is < 0 or 1 or > Defaults.MaxSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"bootstrap.samples must be 0 (off) or from 2 to {Defaults.MaxSamples}, was {samples}.");
        }

        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, $"bootstrap.confidenceLevel must be in (0, 1), was {confidenceLevel}.");
        }

        Samples = samples;
        Seed = seed;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>Number of resamples; 0 means no intervals. Defaults to 20.</summary>
    public int Samples { get; }

    /// <summary>Seed of the resample weights. Defaults to 42.</summary>
    public long Seed { get; }

    /// <summary>Central coverage of the percentile interval. Defaults to 0.95.</summary>
    public double ConfidenceLevel { get; }

    internal static class Defaults
    {
        public const int Samples = 20;
        public const int MaxSamples = 1000;
        public const long Seed = 42;
        public const double ConfidenceLevel = 0.95;
    }
}
