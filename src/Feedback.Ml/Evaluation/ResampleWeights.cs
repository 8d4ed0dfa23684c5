namespace Feedback.Ml.Evaluation;

/// <summary>
/// The Poisson resample weights of a dense range of example ids, drawn once and shared by every slice: an example
/// sits in several slices (overall, one per spec), and a table lookup is cheaper than re-hashing per slice.
/// Ids outside the range fall back to the hash, which gives the same value.
/// </summary>
internal sealed class ResampleWeights
{
    private readonly byte[] _table;
    private readonly long _firstId;
    private readonly long _count;

    private ResampleWeights(long seed, int samples, long firstId, long count, byte[] table)
    {
        Seed = seed;
        Samples = samples;
        _firstId = firstId;
        _count = count;
        _table = table;
    }

    public long Seed { get; }

    public int Samples { get; }

    /// <summary>Draws the table for ids [firstId, firstId + count) in parallel; an empty table when the range is huge.</summary>
    public static ResampleWeights Create(long seed, int samples, long firstId, long count)
    {
        // Beyond ~256 MB the table costs more than it saves; fall back to hashing every lookup.
        if (samples == 0 || count * samples > 256L << 20)
        {
            return new ResampleWeights(seed, samples, firstId, 0, []);
        }

        var table = new byte[count * samples];
        Parallel.For(0, (int)((count + 65_535) / 65_536), chunk =>
        {
            var end = Math.Min(count, (chunk + 1) * 65_536L);
            for (var i = chunk * 65_536L; i < end; i++)
            {
                for (var b = 0; b < samples; b++)
                {
                    // Poisson(1) exceeds 255 with probability ~1e-500: a byte holds every draw.
                    table[(i * samples) + b] = (byte)PoissonResampling.Weight(seed, b, firstId + i);
                }
            }
        });
        return new ResampleWeights(seed, samples, firstId, count, table);
    }

    /// <summary>Writes the weights of one example for every resample into <paramref name="weights"/>.</summary>
    public void Fill(long id, Span<double> weights)
    {
        var offset = id - _firstId;
        if ((ulong)offset < (ulong)_count)
        {
            var row = _table.AsSpan((int)(offset * Samples), Samples);
            for (var b = 0; b < row.Length; b++)
            {
                weights[b] = row[b];
            }

            return;
        }

        for (var b = 0; b < Samples; b++)
        {
            weights[b] = PoissonResampling.Weight(Seed, b, id);
        }
    }
}
