namespace Feedback.Ml.Validation;

/// <summary>Counts string values: exactly while there are at most <see cref="MaxTrackedValues"/> distinct values,
/// then as a mergeable Misra–Gries summary (Agarwal et al., "Mergeable summaries", 2012).</summary>
/// <remarks>
/// <para>When the table outgrows <see cref="MaxTrackedValues"/>, the (m+1)-th largest count δ, with
/// m = <see cref="MaxTrackedValues"/> / 2, is subtracted from every counter and counters that reach zero are
/// dropped. Each prune removes at least (m+1)·δ of mass, so a kept value's count is an under-estimate by at most
/// <see cref="MaxUndercount"/> (the sum of all δ), which is never more than N/(m+1); any value whose true count is
/// above that bound is guaranteed to be kept. Merging adds counters and prunes the same way, adding the bounds.</para>
/// <para>Distinct values are counted exactly until the first prune; from then on by a <see cref="DistinctCounter"/>
/// seeded with every value tracked at that moment.</para>
/// <para>Ties in <see cref="Top"/> are broken by ordinal value order, so results are deterministic.</para>
/// </remarks>
public sealed class FrequencySketch
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private DistinctCounter? _distinct;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="maxTrackedValues">Distinct values counted exactly before pruning starts; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTrackedValues"/> is below 2.</exception>
    public FrequencySketch(int maxTrackedValues = 10_000)
    {
        if (maxTrackedValues < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTrackedValues), maxTrackedValues, $"maxTrackedValues must be at least 2, was {maxTrackedValues}.");
        }

        MaxTrackedValues = maxTrackedValues;
    }

    /// <summary>The table size that triggers pruning.</summary>
    public int MaxTrackedValues { get; }

    /// <summary>Number of values added (including through merges).</summary>
    public long TotalCount { get; private set; }

    /// <summary>Whether every count is exact (no prune has happened).</summary>
    public bool IsExact => _distinct is null;

    /// <summary>Largest amount by which a reported count can be below the true count (0 while exact).</summary>
    public long MaxUndercount { get; private set; }

    /// <summary>The number of distinct values: exact while <see cref="IsExact"/>, else a HyperLogLog estimate.</summary>
    public long DistinctCount => _distinct?.Estimate() ?? _counts.Count;

    /// <summary>Adds one occurrence of <paramref name="value"/>.</summary>
    public void Add(string value) => Add(value, 1);

    /// <summary>Adds <paramref name="count"/> occurrences of <paramref name="value"/>.</summary>
    public void Add(string value, long count)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        TotalCount += count;
        _distinct?.Add(value);
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _);
        slot += count;
        if (_counts.Count > MaxTrackedValues)
        {
            Prune();
        }
    }

    /// <summary>Adds the counts of another sketch; <paramref name="other"/> is left unchanged.</summary>
    public void Merge(FrequencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A sketch cannot be merged into itself.", nameof(other));
        }

        if (other._distinct is not null)
        {
            StartEstimatingDistinct();
            _distinct!.Merge(other._distinct);
        }
        else if (_distinct is not null)
        {
            foreach (var value in other._counts.Keys)
            {
                _distinct.Add(value);
            }
        }

        TotalCount += other.TotalCount;
        MaxUndercount += other.MaxUndercount;
        foreach (var (value, count) in other._counts)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _);
            slot += count;
        }

        if (_counts.Count > MaxTrackedValues)
        {
            Prune();
        }
    }

    /// <summary>The tracked count of a value (0 if not tracked).</summary>
    public long CountOf(string value) => _counts.GetValueOrDefault(value);

    /// <summary>The <paramref name="limit"/> values with the highest counts, highest first (ties by ordinal value).</summary>
    public IReadOnlyList<ValueCount> Top(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return _counts
            .OrderByDescending(static p => p.Value)
            .ThenBy(static p => p.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(static p => new ValueCount(p.Key, p.Value))
            .ToList();
    }

    private void Prune()
    {
        StartEstimatingDistinct();
        var keep = MaxTrackedValues / 2;
        var counts = _counts.Values.ToArray();
        Array.Sort(counts);
        Array.Reverse(counts);
        var delta = counts[keep];
        foreach (var value in _counts.Keys.ToList())
        {
            var reduced = _counts[value] - delta;
            if (reduced <= 0)
            {
                _counts.Remove(value);
            }
            else
            {
                _counts[value] = reduced;
            }
        }

        MaxUndercount += delta;
    }

    private void StartEstimatingDistinct()
    {
        if (_distinct is not null)
        {
            return;
        }

        _distinct = new DistinctCounter();
        foreach (var value in _counts.Keys)
        {
            _distinct.Add(value);
        }
    }
}

/// <summary>A value and its count.</summary>
/// <param name="Value">The value.</param>
/// <param name="Count">How many times it occurred (see the producing sketch for exactness).</param>
public sealed record ValueCount(string Value, long Count);
