namespace Feedback.Ml.Validation;

/// <summary>A mergeable HyperLogLog estimate of the number of distinct strings (Flajolet et al., 2007), with the
/// small-range (linear counting) correction.</summary>
/// <remarks>2^14 one-byte registers: the standard error is 1.04 / √16384 ≈ 0.81%. Strings are hashed with a
/// fixed 64-bit hash (FNV-1a over UTF-16 code units, then the SplitMix64 finaliser), so estimates are
/// reproducible across processes. Merging takes the register-wise maximum, so it equals counting the union.</remarks>
public sealed class DistinctCounter
{
    private const int Precision = 14;
    private const int RegisterCount = 1 << Precision;
    private readonly byte[] _registers = new byte[RegisterCount];

    /// <summary>Relative standard error of <see cref="Estimate"/>.</summary>
    public static double StandardError => 1.04 / Math.Sqrt(RegisterCount);

    /// <summary>Adds one string.</summary>
    public void Add(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = Hash(value);
        var register = (int)(hash >> (64 - Precision));
        // Position of the first 1-bit in the remaining bits (1-based); the sentinel bit bounds it.
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(System.Numerics.BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[register])
        {
            _registers[register] = rank;
        }
    }

    /// <summary>Adds the strings counted by another counter.</summary>
    public void Merge(DistinctCounter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < RegisterCount; i++)
        {
            if (other._registers[i] > _registers[i])
            {
                _registers[i] = other._registers[i];
            }
        }
    }

    /// <summary>The estimated number of distinct strings added.</summary>
    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0)
            {
                zeros++;
            }
        }

        const double alpha = 0.7213 / (1 + (1.079 / RegisterCount));
        var raw = alpha * RegisterCount * RegisterCount / sum;
        if (raw <= 2.5 * RegisterCount && zeros > 0)
        {
            raw = RegisterCount * Math.Log((double)RegisterCount / zeros);
        }

        return (long)Math.Round(raw);
    }

    /// <summary>A stable 64-bit hash of a string.</summary>
    internal static ulong Hash(string value)
    {
        var h = 14695981039346656037UL;
        foreach (var c in value)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
