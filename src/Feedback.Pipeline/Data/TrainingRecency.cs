using Feedback.Core.Models;

namespace Feedback.Pipeline.Data;

/// <summary>Applies a model's <see cref="RecencySettings"/> to the examples of a snapshot: keeps the newest N, decays
/// weights with age and marks the newest share as the <see cref="Snapshot.Recent"/> eval slice.</summary>
/// <remarks>Ages count from the newest example in the snapshot, never from the clock: the same examples give the same
/// weights, so the same bytes and content hash, however late the run starts (that is what lets an unchanged
/// snapshot end a run as "nothing new").</remarks>
public static class TrainingRecency
{
    /// <summary>The rows to snapshot, in the order they came (tracking-ID order). Golden eval rows are never dropped,
    /// decayed into the recent slice or moved out of the eval split.</summary>
    public static IReadOnlyList<SnapshotRow> Apply(IReadOnlyList<SnapshotRow> rows, RecencySettings recency, IReadOnlySet<string> golden)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(recency);
        ArgumentNullException.ThrowIfNull(golden);
        if (recency == RecencySettings.None || rows.Count == 0)
        {
            return rows;
        }

        var newestFirst = rows.Where(r => !golden.Contains(r.TrackingId))
            .OrderByDescending(r => r.ServedAt ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.TrackingId, StringComparer.Ordinal)
            .ToList();
        if (recency.RecentExamples is { } limit && newestFirst.Count > limit)
        {
            newestFirst.RemoveRange(limit, newestFirst.Count - limit);
        }

        var recentCount = (int)Math.Ceiling(recency.RecentEvalShare * newestFirst.Count);
        var recent = newestFirst.Take(recentCount).Select(r => r.TrackingId).ToHashSet(StringComparer.Ordinal);
        var kept = newestFirst.Select(r => r.TrackingId).ToHashSet(StringComparer.Ordinal);
        var newest = rows.Max(r => r.ServedAt ?? DateTimeOffset.MinValue);

        var result = new List<SnapshotRow>(kept.Count + golden.Count);
        foreach (var row in rows)
        {
            if (!golden.Contains(row.TrackingId) && !kept.Contains(row.TrackingId))
            {
                continue;
            }

            var weight = row.Weight * Decay(recency.HalfLife, newest, row.ServedAt);
            var split = recent.Contains(row.TrackingId) ? Snapshot.Recent : row.Split;
            result.Add(weight == row.Weight && split == row.Split ? row : row with { Weight = weight, Split = split });
        }

        return result;
    }

    /// <summary>2^(−age / half-life), or 1 without a half-life or a served time.</summary>
    public static double Decay(TimeSpan? halfLife, DateTimeOffset newest, DateTimeOffset? servedAt) =>
        halfLife is { } h && servedAt is { } at ? Math.Pow(2, -(newest - at).TotalSeconds / h.TotalSeconds) : 1;
}
