namespace Feedback.Core.Annotation;

/// <summary>The outcome of a vote: the winning label, its share of the (weighted) votes, and whether the top was shared.</summary>
public sealed record VoteResult(string Label, double Confidence, bool Tie, IReadOnlyList<string> TopLabels);

/// <summary>Weighted majority vote. Ties are reported; the tied label listed first in the choices wins the tie-break,
/// so results are deterministic.</summary>
public static class MajorityVote
{
    public static VoteResult? Aggregate(IEnumerable<(string Label, double Weight)> votes, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(choices);
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, weight) in votes)
        {
            totals[label] = totals.GetValueOrDefault(label) + weight;
        }

        var sum = totals.Values.Sum();
        if (totals.Count == 0 || sum <= 0)
        {
            return null;
        }

        var best = totals.Values.Max();
        var top = totals.Where(t => Math.Abs(t.Value - best) < 1e-9).Select(t => t.Key)
            .OrderBy(l => Order(choices, l)).ThenBy(l => l, StringComparer.Ordinal).ToList();
        return new VoteResult(top[0], best / sum, top.Count > 1, top);
    }

    private static int Order(IReadOnlyList<string> choices, string label)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i] == label)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
