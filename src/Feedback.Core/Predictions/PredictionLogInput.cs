using System.Text.Json;

namespace Feedback.Core.Predictions;

/// <summary>One prediction made elsewhere, as a client logs it.</summary>
public sealed class PredictionLogInput
{
    /// <summary>The client's tracking ID; generated (UUIDv7) when absent.</summary>
    public string? TrackingId { get; set; }

    /// <summary>Feature values, an object keyed by feature name.</summary>
    public JsonElement? Inputs { get; set; }

    public PredictionOutputInput? Outputs { get; set; }

    /// <summary>The client's version label of the model that made the prediction; defaults to the body's <c>version</c>.</summary>
    public string? Version { get; set; }

    public string? Subject { get; set; }

    /// <summary>When the prediction was served; defaults to the time it is received.</summary>
    public DateTimeOffset? ServedAt { get; set; }

    public bool? Exploration { get; set; }
}

public sealed class PredictionOutputInput
{
    /// <summary>The predicted class, or a number for regression.</summary>
    public JsonElement? Label { get; set; }

    /// <summary>Probability per class (0–1).</summary>
    public Dictionary<string, double>? Scores { get; set; }
}

/// <summary>The body of <c>POST /models/{name}/predictions</c>.</summary>
public sealed class PredictionLogBody
{
    /// <summary>Default version label for every row.</summary>
    public string? Version { get; set; }

    public List<PredictionLogInput?>? Predictions { get; set; }
}
