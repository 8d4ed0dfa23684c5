namespace Feedback.Ml.Validation;

/// <summary>A mergeable streaming quantile sketch (KLL: Karnin, Lang and Liberty, 2016) over doubles.</summary>
/// <remarks>
/// <para>Values go into level 0. When a level is full it is sorted and every other item, starting at a random
/// offset, is promoted to the next level with twice the weight; the rest are dropped. Level capacities shrink
/// geometrically (factor 2/3) below the top level, so the sketch holds about <c>3k</c> items whatever the stream
/// length, and the total weight always equals the number of values added.</para>
/// <para><b>Exactness.</b> Up to <see cref="Capacity"/> values nothing is compacted and every query is exact.</para>
/// <para><b>Error bound.</b> Above that, a rank query is off by at most <see cref="RankErrorBound"/> × count with
/// high probability (about 99%); the figure, <c>2.296 / k^0.9723</c> (1.33% for k = 200), is the published
/// empirical single-sided bound of the KLL sketch in Apache DataSketches, whose compaction scheme this one
/// follows. Merging sketches keeps the bound. <c>QuantileSketchTests</c> checks it on skewed and uniform data.</para>
/// <para><b>Determinism.</b> The compaction coin is a seeded xorshift generator, so the same values in the same
/// order (and the same merges) give the same sketch.</para>
/// <para>Not thread-safe: use one sketch per partition and <see cref="Merge"/> them.</para>
/// </remarks>
public sealed class QuantileSketch
{
    private const double CapacityDecay = 2.0 / 3.0;
    // As in DataSketches (m = 8): tiny bottom levels would compact every few values, at a high constant cost.
    private const int MinimumLevelCapacity = 8;

    // Weights are 2^level and the total weight is a long, so 64 levels always suffice.
    private const int MaxLevels = 64;
    private readonly double[][] _levels = new double[MaxLevels][];
    private readonly int[] _levelCounts = new int[MaxLevels];
    private readonly int[] _levelCapacities = new int[MaxLevels];
    private int _height;
    private ulong _random;
    private int _retained;
    private int _retainedLimit;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="capacity">The KLL parameter k (items in the top level); larger is more accurate. At least 8.</param>
    /// <param name="seed">Seed of the compaction coin.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 8 or above 65,536.</exception>
    public QuantileSketch(int capacity = 200, ulong seed = 1)
    {
        if (capacity is < 8 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity must be between 8 and 65536, was {capacity}.");
        }

        Capacity = capacity;
        // xorshift must not start at zero; mix the seed so nearby seeds give unrelated coin sequences.
        _random = Mix(seed) | 1;
        AddLevel();
    }

    /// <summary>The KLL parameter k.</summary>
    public int Capacity { get; }

    /// <summary>Number of values added (including through merges).</summary>
    public long Count { get; private set; }

    /// <summary>Smallest value added, exact; <see cref="double.NaN"/> when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Largest value added, exact; <see cref="double.NaN"/> when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Whether no value has been dropped yet, so that queries are exact.</summary>
    public bool IsExact => _height == 1;

    /// <summary>Normalised rank error that queries stay within with about 99% probability (0 while exact).</summary>
    public double RankErrorBound => IsExact ? 0 : ExpectedRankError(Capacity);

    /// <summary>The approximate 99%-confidence normalised rank error of a sketch with parameter
    /// <paramref name="capacity"/> once it compacts: <c>2.296 / k^0.9723</c>.</summary>
    public static double ExpectedRankError(int capacity) => 2.296 / Math.Pow(capacity, 0.9723);

    /// <summary>Adds one value. NaN is ignored (callers count it as missing or invalid).</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        if (Count == 0)
        {
            Min = value;
            Max = value;
        }
        else if (value < Min)
        {
            Min = value;
        }
        else if (value > Max)
        {
            Max = value;
        }

        Count++;
        var level0 = _levels[0];
        var count0 = _levelCounts[0];
        if (count0 == level0.Length)
        {
            Array.Resize(ref level0, level0.Length * 2);
            _levels[0] = level0;
        }

        level0[count0] = value;
        _levelCounts[0] = count0 + 1;
        if (++_retained >= _retainedLimit)
        {
            Compress();
        }
    }

    /// <summary>Adds the contents of another sketch; <paramref name="other"/> is left unchanged.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A sketch cannot be merged into itself.", nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
        Count += other.Count;
        while (_height < other._height)
        {
            AddLevel();
        }

        for (var h = 0; h < other._height; h++)
        {
            Append(h, other._levels[h].AsSpan(0, other._levelCounts[h]));
        }

        _retained = 0;
        for (var h = 0; h < _height; h++)
        {
            _retained += _levelCounts[h];
        }

        while (_retained >= _retainedLimit)
        {
            Compress();
        }
    }

    /// <summary>The retained items as a sorted, weighted summary that answers rank and quantile queries and can be
    /// stored in an artifact.</summary>
    public QuantileSummary ToSummary()
    {
        var items = new (double Value, long Weight)[_retained];
        var n = 0;
        for (var h = 0; h < _height; h++)
        {
            var weight = 1L << h;
            var level = _levels[h];
            for (var i = 0; i < _levelCounts[h]; i++)
            {
                items[n++] = (level[i], weight);
            }
        }

        Array.Sort(items, static (a, b) => a.Value.CompareTo(b.Value));
        var values = new List<double>(n);
        var weights = new List<long>(n);
        foreach (var (value, weight) in items)
        {
            // Equal values collapse into one point: smaller artifacts, same answers.
            if (values.Count > 0 && values[^1] == value)
            {
                weights[^1] += weight;
            }
            else
            {
                values.Add(value);
                weights.Add(weight);
            }
        }

        return new QuantileSummary(values, weights);
    }

    private void AddLevel()
    {
        _levels[_height++] = new double[Math.Max(16, Capacity / 4)];
        // Capacities depend on the depth below the top level, so they all change when a level is added.
        _retainedLimit = 0;
        for (var h = 0; h < _height; h++)
        {
            var depth = _height - h - 1;
            _levelCapacities[h] = Math.Max(MinimumLevelCapacity, (int)Math.Ceiling(Capacity * Math.Pow(CapacityDecay, depth)) + 1);
            _retainedLimit += _levelCapacities[h];
        }
    }

    // Compacts the lowest full level (lazy KLL): enough to get back under the retained-items limit in the common case.
    private void Compress()
    {
        for (var h = 0; h < _height; h++)
        {
            if (_levelCounts[h] < _levelCapacities[h])
            {
                continue;
            }

            if (h + 1 == _height)
            {
                AddLevel();
            }

            Compact(h);
            return;
        }
    }

    private void Compact(int h)
    {
        var level = _levels[h];
        var count = _levelCounts[h];
        Array.Sort(level, 0, count);
        // With an odd count the smallest item stays behind, so the total weight is preserved exactly.
        var start = count % 2;
        var offset = (int)(NextRandom() & 1);
        var promoted = (count - start) / 2;
        var target = Reserve(h + 1, promoted);
        var at = _levelCounts[h + 1];
        for (var i = 0; i < promoted; i++)
        {
            target[at + i] = level[start + (2 * i) + offset];
        }

        _levelCounts[h + 1] = at + promoted;
        _levelCounts[h] = start;
        _retained -= promoted;
    }

    private double[] Reserve(int h, int extra)
    {
        var level = _levels[h];
        var needed = _levelCounts[h] + extra;
        if (needed > level.Length)
        {
            Array.Resize(ref level, Math.Max(level.Length * 2, needed));
            _levels[h] = level;
        }

        return level;
    }

    private void Append(int h, ReadOnlySpan<double> items)
    {
        var level = Reserve(h, items.Length);
        items.CopyTo(level.AsSpan(_levelCounts[h]));
        _levelCounts[h] += items.Length;
    }

    private ulong NextRandom()
    {
        var x = _random;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        _random = x;
        return x >> 11;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
