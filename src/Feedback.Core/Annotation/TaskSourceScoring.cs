using System.Text.Json;

namespace Feedback.Core.Annotation;

/// <summary>The pure parts of the task sources: how uncertain a prediction is, which labels conflict, which slice values are rare.</summary>
public static class TaskSourceScoring
{
    /// <summary>Distance from the decision boundary: binary |p − 0.5| of the positive class (the second class);
    /// multiclass the margin between the two highest scores. Null when the scores are missing or unreadable.</summary>
    public static double? Uncertainty(string? scoresJson, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (string.IsNullOrEmpty(scoresJson))
        {
            return null;
        }

        Dictionary<string, double>? scores;
        try
        {
            scores = JsonSerializer.Deserialize<Dictionary<string, double>>(scoresJson);
        }
        catch (JsonException)
        {
            return null;
        }

        if (scores is null || scores.Count == 0)
        {
            return null;
        }

        if (classes.Count == 2)
        {
            if (scores.TryGetValue(classes[1], out var positive))
            {
                return Math.Abs(positive - 0.5);
            }

            return scores.TryGetValue(classes[0], out var negative) ? Math.Abs(0.5 - negative) : null;
        }

        var top = scores.Values.OrderByDescending(v => v).Take(2).ToArray();
        return top.Length == 2 ? top[0] - top[1] : top[0];
    }

    /// <summary>Whether the labels a prediction received contradict each other or its predicted label.</summary>
    public static bool IsConflict(string? predictedLabel, IReadOnlyCollection<string> feedbackLabels)
    {
        ArgumentNullException.ThrowIfNull(feedbackLabels);
        var distinct = feedbackLabels.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count > 1 || (predictedLabel is not null && distinct.Count == 1 && distinct[0] != predictedLabel);
    }

    /// <summary>Orders candidates so the rarest slice values come first, taking one per value in turn (round-robin),
    /// so a quota spreads across the under-represented slices instead of exhausting the rarest one.</summary>
    /// <param name="candidates">Tracking IDs with their slice value, newest first.</param>
    /// <param name="frequency">How often each value occurs among the model's predictions.</param>
    public static IEnumerable<string> RarestSlicesFirst(IReadOnlyList<(string TrackingId, string Value)> candidates, IReadOnlyDictionary<string, int> frequency)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(frequency);
        var queues = candidates.GroupBy(c => c.Value, StringComparer.Ordinal)
            .OrderBy(g => frequency.GetValueOrDefault(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<string>(g.Select(c => c.TrackingId)))
            .ToList();
        while (queues.Count > 0)
        {
            foreach (var queue in queues)
            {
                yield return queue.Dequeue();
            }

            queues.RemoveAll(q => q.Count == 0);
        }
    }

    /// <summary>The value of one feature in a prediction's inputs, as text; null when absent.</summary>
    public static string? FeatureValue(string inputsJson, string feature)
    {
        using var document = JsonDocument.Parse(inputsJson);
        if (!document.RootElement.TryGetProperty(feature, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }
}
