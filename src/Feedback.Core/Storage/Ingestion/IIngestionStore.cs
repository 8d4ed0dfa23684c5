using Feedback.Core.FeedbackEvents;
using Feedback.Core.Predictions;

namespace Feedback.Core.Storage.Ingestion;

/// <summary>The high-volume write path for predictions and feedback: one transaction per batch, idempotent on the
/// natural key, all-or-nothing.</summary>
/// <remarks>Rows whose key already exists with the same content hash are reported as <see cref="RowOutcome.Duplicate"/>
/// (an idempotent replay). If any row's key exists with different content, nothing is committed and those rows are
/// reported as <see cref="RowOutcome.Conflict"/>.</remarks>
public interface IIngestionStore
{
    Task<BatchOutcome> InsertPredictionsAsync(IReadOnlyList<Prediction> rows, CancellationToken cancellationToken);

    Task<BatchOutcome> InsertFeedbackAsync(IReadOnlyList<FeedbackEvent> rows, CancellationToken cancellationToken);

    /// <summary>The model of each already-known tracking ID among <paramref name="trackingIds"/>.</summary>
    Task<Dictionary<string, long>> FindPredictionModelsAsync(IReadOnlyCollection<string> trackingIds, CancellationToken cancellationToken);
}

public enum RowOutcome : byte
{
    Created,
    Duplicate,
    Conflict,
}

/// <summary>Per-row outcome of a batch, in input order. <see cref="Committed"/> is false when any row conflicted.</summary>
public sealed record BatchOutcome(RowOutcome[] Rows)
{
    public bool Committed => !Rows.Contains(RowOutcome.Conflict);
}
