using Feedback.Core.FeedbackEvents;

namespace Feedback.Bench.Ingestion;

/// <summary>One feedback event as a client sends it; only the fields of its kind are set.</summary>
internal sealed record FeedbackSample(
    string EventId, string TrackingId, FeedbackKind Kind, double? ValueNumber, string? ValueText, string? Label, string? Action, string? Comment, DateTimeOffset OccurredAt);

/// <summary>One prediction of the benchmark's binary model (text, numeric, categorical and boolean features).</summary>
internal sealed record PredictionSample(
    string TrackingId, string Text, double Amount, string Country, bool Premium, string Label, double ScoreYes, string Version, string Subject, DateTimeOffset ServedAt);

/// <summary>Generates realistic rows with IDs unique to this run, so every row is a new insert (never an idempotent
/// replay, which would be cheaper and flatter the numbers).</summary>
/// <remarks>Feedback points at predictions that exist (<see cref="RememberPredictions"/>), as most production feedback
/// does, so the HTTP path does its real work of resolving tracking IDs to models and checking labels.</remarks>
internal sealed class SampleData
{
    private static readonly string[] Texts =
    [
        "my card was charged twice for the same order",
        "how do I reset my password? the link in the e-mail has expired",
        "the parcel arrived damaged and I would like a refund",
        "please cancel my subscription from next month",
        "great service, the replacement came the next day",
        "wrong item delivered again, third time this year",
    ];

    private static readonly string[] Countries = ["DE", "FR", "US", "GB", "ES", "IT", "PL", "NL"];
    private static readonly string[] Actions = ["click", "purchase", "dwell", "share"];
    private static readonly string[] Comments = ["agent confirmed it was a duplicate charge", "customer only asked about delivery times", "refund already issued last week"];

    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _knownTrackingIds = [];
    private long _predictions;
    private long _feedback;

    /// <summary>Every prediction and feedback event handed out so far, for the row-count check at the end.</summary>
    public long PredictionsIssued => Interlocked.Read(ref _predictions);

    public long FeedbackIssued => Interlocked.Read(ref _feedback);

    /// <summary>Future feedback refers to these tracking IDs. Call before the load starts (not thread-safe).</summary>
    public void RememberPredictions(IEnumerable<PredictionSample> predictions) =>
        _knownTrackingIds.AddRange(predictions.Select(p => p.TrackingId));

    public PredictionSample[] Predictions(int count) => Generate(count, NextPrediction);

    public FeedbackSample[] Feedback(int count) => Generate(count, NextFeedback);

    private PredictionSample NextPrediction()
    {
        var n = Interlocked.Increment(ref _predictions);
        var random = Random.Shared;
        var scoreYes = Math.Round(random.NextDouble(), 3);
        return new PredictionSample(
            TrackingId: $"bench-{_runId}-p{n}",
            Text: Texts[random.Next(Texts.Length)],
            Amount: Math.Round(random.NextDouble() * 500, 2),
            Country: Countries[random.Next(Countries.Length)],
            Premium: random.Next(4) == 0,
            Label: scoreYes >= 0.5 ? "yes" : "no",
            ScoreYes: scoreYes,
            Version: "2026.02.1",
            Subject: $"user-{random.Next(100_000)}",
            ServedAt: DateTimeOffset.UtcNow.AddMilliseconds(-random.Next(1000)));
    }

    /// <summary>A mix of explicit and implicit feedback: half ratings (stars or thumbs), a quarter corrections (half of
    /// them with a comment, which the server scrubs of personal data), a quarter actions.</summary>
    private FeedbackSample NextFeedback()
    {
        var n = Interlocked.Increment(ref _feedback);
        var random = Random.Shared;
        var trackingId = _knownTrackingIds.Count > 0 ? _knownTrackingIds[random.Next(_knownTrackingIds.Count)] : $"bench-{_runId}-unknown{n}";
        var eventId = $"bench-{_runId}-e{n}";
        var occurredAt = DateTimeOffset.UtcNow.AddMilliseconds(-random.Next(1000));
        return random.Next(4) switch
        {
            0 => new FeedbackSample(eventId, trackingId, FeedbackKind.Rating, random.Next(1, 6), null, null, null, null, occurredAt),
            1 => new FeedbackSample(eventId, trackingId, FeedbackKind.Rating, null, random.Next(2) == 0 ? "up" : "down", null, null, null, occurredAt),
            2 => new FeedbackSample(eventId, trackingId, FeedbackKind.Correction, null, null, random.Next(2) == 0 ? "yes" : "no", null,
                random.Next(2) == 0 ? Comments[random.Next(Comments.Length)] : null, occurredAt),
            _ => new FeedbackSample(eventId, trackingId, FeedbackKind.Action, Math.Round(random.NextDouble() * 60, 1), null, null, Actions[random.Next(Actions.Length)], null, occurredAt),
        };
    }

    private static T[] Generate<T>(int count, Func<T> next)
    {
        var rows = new T[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = next();
        }

        return rows;
    }
}
