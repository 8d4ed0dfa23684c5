using Feedback.Core.FeedbackEvents;
using Feedback.Core.Predictions;
using Feedback.Core.Storage.Ingestion;

namespace Feedback.Bench.Ingestion;

/// <summary>Calls the product's <see cref="IIngestionStore"/> directly, in process: its SQL without HTTP, JSON and
/// validation. Run with <c>--breakdown</c> to split the gap between HTTP and the raw baseline into web layer and
/// storage strategy.</summary>
internal sealed class StoreOnlyWriter(IIngestionStore store, long modelId)
{
    private const string Source = "bench-store";

    public async Task<int> InsertFeedbackAsync(FeedbackSample[] samples)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var outcome = await store.InsertFeedbackAsync(Array.ConvertAll(samples, s => new FeedbackEvent
        {
            Source = Source,
            EventId = s.EventId,
            TrackingId = s.TrackingId,
            Kind = s.Kind,
            ValueNumber = s.ValueNumber,
            ValueText = s.ValueText,
            Label = s.Label,
            Action = s.Action,
            Comment = s.Comment,
            OccurredAt = s.OccurredAt,
            ReceivedAt = receivedAt,
            ContentHash = Guid.NewGuid().ToByteArray(),
        }), CancellationToken.None);
        return Committed(outcome);
    }

    public async Task<int> InsertPredictionsAsync(PredictionSample[] samples)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var outcome = await store.InsertPredictionsAsync(Array.ConvertAll(samples, s => new Prediction
        {
            TrackingId = s.TrackingId,
            ModelId = modelId,
            VersionTag = s.Version,
            Inputs = RequestBodies.StoredInputs(s),
            OutputLabel = s.Label,
            OutputScores = RequestBodies.StoredScores(s),
            Subject = s.Subject,
            Origin = PredictionOrigin.Logged,
            ServedAt = s.ServedAt,
            ReceivedAt = receivedAt,
            ExpiresAt = s.ServedAt + TimeSpan.FromDays(90),
            ContentHash = Guid.NewGuid().ToByteArray(),
        }), CancellationToken.None);
        return Committed(outcome);
    }

    private static int Committed(BatchOutcome outcome) => outcome.Committed && outcome.Rows.All(r => r == RowOutcome.Created)
        ? outcome.Rows.Length
        : throw new InvalidOperationException("The store did not create every row of the batch.");
}
