namespace Feedback.Core.Predictions;

/// <summary>One prediction of a model, served by us or logged from elsewhere, under a globally unique tracking ID.</summary>
public sealed class Prediction
{
    public long Id { get; set; }

    public required string TrackingId { get; set; }

    public long ModelId { get; set; }

    /// <summary>The model version that served it, when served by this platform.</summary>
    public int? ModelVersion { get; set; }

    /// <summary>The client's own version label, when logged from a model served elsewhere.</summary>
    public string? VersionTag { get; set; }

    /// <summary>Feature values as a compact JSON object (jsonb on PostgreSQL, so training can stream and project them).</summary>
    public required string Inputs { get; set; }

    public string? OutputLabel { get; set; }

    /// <summary>Scores per class as a JSON object, or null.</summary>
    public string? OutputScores { get; set; }

    public string? Subject { get; set; }

    public bool Exploration { get; set; }

    public PredictionOrigin Origin { get; set; }

    public DateTimeOffset ServedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When the prediction may be deleted if it has gathered no feedback (model retention).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>SHA-256 (first 16 bytes) of the client-supplied content, to tell an idempotent replay from a conflicting reuse.</summary>
    public required byte[] ContentHash { get; set; }
}

public enum PredictionOrigin
{
    /// <summary>Logged through <c>POST /models/{name}/predictions</c>.</summary>
    Logged,

    /// <summary>Served through <c>POST /models/{name}:predict</c>.</summary>
    Served,
}
