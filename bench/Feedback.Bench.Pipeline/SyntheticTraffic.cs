using System.Text;
using System.Text.Json;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Storage.Ingestion;

namespace Feedback.Bench.Pipeline;

/// <summary>A binary model's traffic: predictions with three numeric, two categorical and one short text feature, each
/// with one outcome or correction event whose label follows a fixed logistic rule, so the trained model has something
/// to learn. Written through the product's bulk write path (<see cref="IIngestionStore"/>).</summary>
internal sealed class SyntheticTraffic(IIngestionStore store, long modelId, int seed)
{
    public const string ModelName = "bench-pipeline";

    private const int BatchSize = 5_000;

    private static readonly string[] Countries = ["DE", "FR", "US", "GB", "ES", "IT", "NL", "PL"];
    private static readonly double[] CountryEffect = [0.4, -0.3, 0.8, 0.1, -0.6, 0.0, 0.3, -0.2];
    private static readonly string[] Channels = ["web", "app", "email"];
    private static readonly double[] ChannelEffect = [0.0, 0.5, -0.5];
    private static readonly string[] Words = ["refund", "charged", "twice", "parcel", "late", "broken", "thanks", "password", "login", "invoice", "cancel", "upgrade", "great", "slow", "help", "urgent"];
    private static readonly double[] WordEffect = [0.9, 0.7, 0.5, -0.2, 0.3, 0.6, -0.9, -0.4, -0.3, 0.2, 0.8, -0.5, -1.0, 0.4, 0.1, 0.7];

    private readonly Random _random = new(seed);
    private readonly byte[] _hash = new byte[16];
    private int _next;

    /// <summary>The model: label policy, pipeline and approval at their defaults; one slice and an AUC floor.</summary>
    public static ModelDefinitionDocument Definition() => ModelDefinitionReader.FromJson(Encoding.UTF8.GetBytes($$$"""
        {
          "name": "{{{ModelName}}}",
          "taskType": "binary",
          "labelClasses": ["no", "yes"],
          "features": [
            {"name": "amount", "type": "numeric"},
            {"name": "age_days", "type": "numeric"},
            {"name": "score", "type": "numeric", "required": false},
            {"name": "country", "type": "categorical"},
            {"name": "channel", "type": "categorical"},
            {"name": "subject", "type": "text", "maxLength": 200}
          ],
          "evaluation": {
            "slices": [{"featureKeys": ["country"]}],
            "metricThresholds": [{"metric": "auc", "value": {"lowerBound": 0.6}}]
          }
        }
        """));

    /// <summary>Writes <paramref name="count"/> predictions served evenly over <paramref name="servedOver"/> up to
    /// <paramref name="until"/>, and one outcome or correction for each.</summary>
    public async Task LoadAsync(int count, DateTimeOffset until, TimeSpan servedOver, CancellationToken cancellationToken)
    {
        var received = DateTimeOffset.UtcNow;
        var predictions = new List<Prediction>(BatchSize);
        var events = new List<FeedbackEvent>(BatchSize);
        for (var i = 0; i < count; i++)
        {
            var served = until - servedOver + (servedOver * ((double)i / count));
            var (prediction, feedback) = Next(served, received);
            predictions.Add(prediction);
            events.Add(feedback);
            if (predictions.Count == BatchSize || i == count - 1)
            {
                Ensure(await store.InsertPredictionsAsync(predictions, cancellationToken), "predictions");
                Ensure(await store.InsertFeedbackAsync(events, cancellationToken), "feedback");
                predictions.Clear();
                events.Clear();
            }
        }
    }

    private (Prediction, FeedbackEvent) Next(DateTimeOffset served, DateTimeOffset received)
    {
        var id = _next++;
        var amount = Math.Round(Math.Exp(3 + _random.NextDouble() * 3), 2);
        var ageDays = _random.Next(0, 3650);
        double? score = _random.NextDouble() < 0.1 ? null : Math.Round(Gaussian(), 4);
        var country = _random.Next(Countries.Length);
        var channel = _random.Next(Channels.Length);
        var wordCount = _random.Next(2, 6);
        var words = new int[wordCount];
        for (var w = 0; w < wordCount; w++)
        {
            words[w] = _random.Next(Words.Length);
        }

        var logit = (0.8 * (Math.Log(amount) - 4.5)) - (0.0004 * ageDays) + (0.9 * (score ?? 0)) + CountryEffect[country] + ChannelEffect[channel] + words.Sum(w => WordEffect[w]) - 0.6;
        var truth = _random.NextDouble() < 1 / (1 + Math.Exp(-logit));
        var trackingId = $"bp-{id:D9}";
        var prediction = new Prediction
        {
            TrackingId = trackingId,
            ModelId = modelId,
            Inputs = Inputs(amount, ageDays, score, Countries[country], Channels[channel], string.Join(' ', words.Select(w => Words[w]))),
            OutputLabel = _random.NextDouble() < 0.5 ? "yes" : "no",
            Origin = PredictionOrigin.Logged,
            ServedAt = served,
            ReceivedAt = served,
            ExpiresAt = served + ModelDefinition.DefaultRetention,
            ContentHash = _hash,
        };
        var outcome = _random.NextDouble() < 0.5;
        var feedback = new FeedbackEvent
        {
            Source = "bench",
            EventId = $"e-{id}",
            TrackingId = trackingId,
            Kind = outcome ? FeedbackKind.Outcome : FeedbackKind.Correction,
            Label = truth ? "yes" : "no",
            OccurredAt = served.AddMinutes(_random.Next(1, 120)),
            ReceivedAt = received,
            ContentHash = _hash,
        };
        return (prediction, feedback);
    }

    // Compact JSON in schema order, as the prediction log stores inputs.
    private static string Inputs(double amount, int ageDays, double? score, string country, string channel, string subject)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("amount", amount);
            writer.WriteNumber("age_days", ageDays);
            if (score is { } s)
            {
                writer.WriteNumber("score", s);
            }
            else
            {
                writer.WriteNull("score");
            }

            writer.WriteString("country", country);
            writer.WriteString("channel", channel);
            writer.WriteString("subject", subject);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static void Ensure(BatchOutcome outcome, string what)
    {
        if (!outcome.Committed || outcome.Rows.Any(r => r != RowOutcome.Created))
        {
            throw new InvalidOperationException($"The {what} batch was not written as new rows.");
        }
    }
}
