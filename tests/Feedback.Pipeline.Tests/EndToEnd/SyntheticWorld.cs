using System.Globalization;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Pipeline.Tests.EndToEnd;

/// <summary>A synthetic world with a known decision rule, seen through an app that logs predictions and sends the
/// feedback its users give: corrections, outcomes, thumbs and clicks. The rule can drift.</summary>
internal sealed class SyntheticWorld(HttpClient admin, string model, int seed)
{
    private readonly Random _random = new(seed);

    public List<(string TrackingId, bool Truth, string Kind)> Logged { get; } = [];

    /// <summary>Logs <paramref name="count"/> predictions served <paramref name="age"/> ago, and sends one piece of feedback for each.</summary>
    public async Task LiveAsync(int count, Func<double, double, bool> rule, TimeSpan age, double x1Shift = 0)
    {
        var servedAt = DateTimeOffset.UtcNow - age;
        var predictions = new JsonArray();
        var events = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var x1 = Math.Round((_random.NextDouble() * 4) - 2 + x1Shift, 3);
            var x2 = Math.Round((_random.NextDouble() * 4) - 2, 3);
            var color = _random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            var truth = rule(x1, x2);
            var predicted = _random.Next(2) == 0;
            var trackingId = UniqueNames.Id("t");
            predictions.Add(new JsonObject
            {
                ["trackingId"] = trackingId,
                ["servedAt"] = servedAt.ToString("O", CultureInfo.InvariantCulture),
                ["inputs"] = new JsonObject { ["x1"] = x1, ["x2"] = x2, ["color"] = color },
                ["outputs"] = new JsonObject { ["label"] = predicted ? "yes" : "no" },
            });

            // Every rule of the label policy gets used: the kind decides how the truth reaches us.
            var occurred = (servedAt + TimeSpan.FromMinutes(5)).ToString("O", CultureInfo.InvariantCulture);
            string kind;
            JsonObject feedback;
            switch (i % 4)
            {
                case 0:
                    kind = "correction";
                    feedback = Feedback.Testing.Events.Correction(trackingId, truth ? "yes" : "no");
                    break;
                case 1:
                    kind = "outcome";
                    feedback = Feedback.Testing.Events.Outcome(trackingId, truth ? "yes" : "no");
                    break;
                case 2:
                    kind = "rating";
                    feedback = Feedback.Testing.Events.Rating(trackingId, predicted == truth ? "up" : "down");
                    break;
                default:
                    // Implicit: a click within the window means yes; for no, the user tells us with a correction.
                    kind = truth ? "action" : "correction";
                    feedback = truth ? Feedback.Testing.Events.Action(trackingId, "click") : Feedback.Testing.Events.Correction(trackingId, "no");
                    break;
            }

            feedback["occurredAt"] = occurred;
            events.Add(feedback);
            Logged.Add((trackingId, truth, kind));
        }

        var logged = await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", new JsonObject { ["predictions"] = predictions });
        logged.IsSuccessStatusCode.ShouldBeTrue(await logged.Content.ReadAsStringAsync());
        var sent = await admin.PostJsonAsync("/api/v1/feedback", new JsonObject { ["events"] = events });
        sent.IsSuccessStatusCode.ShouldBeTrue(await sent.Content.ReadAsStringAsync());
    }
}
