using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Pipeline.Tests.EndToEnd;

/// <summary>One example of the drifting world: its features and the truth under the rule of its time.</summary>
internal sealed record WorldExample(double X1, double X2, string Color, bool Truth)
{
    public JsonObject Inputs() => new() { ["x1"] = X1, ["x2"] = X2, ["color"] = Color };
}

/// <summary>A world whose true rule rotates at the drift (and whose x1 traffic moves, so a drift alarm can see it),
/// logged in batches whose served times spread over a span of the test's fast clock, each labeled by a correction or
/// an outcome, as an app would send them.</summary>
internal sealed class DriftingWorld(HttpClient admin, FastClock clock, int seed)
{
    private readonly Random _random = new(seed);

    public static bool OldRule(double x1, double x2) => x1 > 0;

    public static bool NewRule(double x1, double x2) => x2 > 0;

    /// <summary><paramref name="count"/> examples of the world before or after the drift.</summary>
    public List<WorldExample> Draw(int count, bool drifted)
    {
        var examples = new List<WorldExample>(count);
        for (var i = 0; i < count; i++)
        {
            var x1 = Math.Round((_random.NextDouble() * 4) - 2 + (drifted ? 1 : 0), 3);
            var x2 = Math.Round((_random.NextDouble() * 4) - 2, 3);
            var color = _random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            examples.Add(new WorldExample(x1, x2, color, drifted ? NewRule(x1, x2) : OldRule(x1, x2)));
        }

        return examples;
    }

    /// <summary>Logs the examples to <paramref name="model"/> (fresh tracking IDs), served evenly over the
    /// <paramref name="span"/> that ends <paramref name="endAgo"/> before the clock's now, with their labels.</summary>
    public async Task LogAsync(string model, IReadOnlyList<WorldExample> examples, TimeSpan span, TimeSpan endAgo = default)
    {
        var end = clock.GetUtcNow() - endAgo;
        var predictions = new JsonArray();
        var events = new JsonArray();
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            var servedAt = end - span + (span * ((i + 1.0) / examples.Count));
            var trackingId = UniqueNames.Id("d");
            predictions.Add(new JsonObject
            {
                ["trackingId"] = trackingId,
                ["servedAt"] = servedAt.ToString("O", CultureInfo.InvariantCulture),
                ["inputs"] = example.Inputs(),
                ["outputs"] = new JsonObject { ["label"] = "no" },
            });
            var label = example.Truth ? "yes" : "no";
            var feedback = i % 2 == 0 ? Feedback.Testing.Events.Correction(trackingId, label) : Feedback.Testing.Events.Outcome(trackingId, label);
            feedback["occurredAt"] = servedAt.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture);
            events.Add(feedback);
        }

        var logged = await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", new JsonObject { ["predictions"] = predictions });
        logged.IsSuccessStatusCode.ShouldBeTrue(await logged.Content.ReadAsStringAsync());
        var sent = await admin.PostJsonAsync("/api/v1/feedback", new JsonObject { ["events"] = events });
        sent.IsSuccessStatusCode.ShouldBeTrue(await sent.Content.ReadAsStringAsync());
    }

    /// <summary>The AUC of the model's production version on <paramref name="test"/>, scored through <c>:predict</c>.</summary>
    public static async Task<(double Auc, int Version)> ServedAucAsync(HttpClient predictor, string model, IReadOnlyList<WorldExample> test)
    {
        var response = await predictor.PostJsonAsync($"/api/v1/models/{model}:predict",
            new JsonObject { ["instances"] = new JsonArray([.. test.Select(e => (JsonNode)e.Inputs())]) });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        var scores = body["predictions"]!.AsArray().Select(p => p!["scores"]!["yes"]!.GetValue<double>()).ToArray();
        return (Auc(scores, test.Select(e => e.Truth).ToArray()), body["version"]!.GetValue<int>());
    }

    /// <summary>Area under the ROC curve: the chance that a random positive outscores a random negative (ties count half).</summary>
    public static double Auc(double[] scores, bool[] truth)
    {
        var positives = scores.Where((_, i) => truth[i]).ToArray();
        var negatives = scores.Where((_, i) => !truth[i]).ToArray();
        double wins = 0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / (positives.Length * (double)negatives.Length);
    }
}
