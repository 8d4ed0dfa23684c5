using Feedback.Core;

namespace Feedback.Pipeline.Data;

/// <summary>Keeps one subject from dominating a snapshot (SPEC §3.4): when the examples of a subject carry more than
/// <see cref="AbuseOptions.MaxSubjectShare"/> of the total weight, their weights are scaled down to that share. Each
/// split is capped on its own, so neither training nor evaluation can be flooded.</summary>
public static class SubjectWeightCap
{
    /// <param name="rows">The snapshot's rows.</param>
    /// <param name="subjects">The subject of each row (same order), null when unknown.</param>
    /// <param name="options">The cap.</param>
    /// <returns>The rows, with the weights of over-represented subjects scaled; the same list when no subject is over.</returns>
    public static List<SnapshotRow> Apply(List<SnapshotRow> rows, IReadOnlyList<string?> subjects, AbuseOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(options);
        var scale = new Dictionary<(string Split, string Subject), double>();
        foreach (var split in rows.Select(r => r.Split).Distinct(StringComparer.Ordinal).ToList())
        {
            var total = 0.0;
            var bySubject = new Dictionary<string, (double Weight, int Count)>(StringComparer.Ordinal);
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Split != split)
                {
                    continue;
                }

                total += rows[i].Weight;
                if (subjects[i] is { } subject)
                {
                    var (weight, count) = bySubject.GetValueOrDefault(subject);
                    bySubject[subject] = (weight + rows[i].Weight, count + 1);
                }
            }

            foreach (var (subject, (weight, count)) in bySubject)
            {
                // The cap is a share of everyone else's weight, so capping one subject does not shrink the base.
                var others = total - weight;
                var allowed = options.MaxSubjectShare / (1 - Math.Min(options.MaxSubjectShare, 0.999)) * others;
                if (count >= options.MinCappedExamples && weight > allowed && weight > 0)
                {
                    scale[(split, subject)] = Math.Max(allowed, 0) / weight;
                }
            }
        }

        if (scale.Count == 0)
        {
            return rows;
        }

        var capped = new List<SnapshotRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            capped.Add(subjects[i] is { } subject && scale.TryGetValue((row.Split, subject), out var factor) ? row with { Weight = row.Weight * factor } : row);
        }

        return capped;
    }
}
