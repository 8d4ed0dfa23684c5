using System.Text.Json;

namespace Feedback.Core.Serving;

/// <summary>The body of <c>POST /models/{name}:predict</c>.</summary>
public sealed class PredictRequest
{
    /// <summary>Feature values, one object per prediction, keyed by feature name.</summary>
    public List<JsonElement?>? Instances { get; set; }

    /// <summary>The user or entity the predictions are about; recorded on every prediction (and erasable by it).</summary>
    public string? Subject { get; set; }

    /// <summary>Request context (e.g. the calling surface). Accepted as an object; not stored yet.</summary>
    public JsonElement? Context { get; set; }
}

/// <summary>One served prediction. Classifiers fill <see cref="Label"/> and <see cref="Scores"/>; regression fills
/// <see cref="Value"/>.</summary>
public sealed record ServedPrediction(
    string TrackingId,
    string? Label,
    IReadOnlyDictionary<string, double>? Scores,
    double? Value,
    bool Exploration);

/// <summary>The answer of <c>POST /models/{name}:predict</c>: every prediction comes from the one <see cref="Version"/>,
/// or, before the first production version, from the definition's declared fallback (<see cref="Fallback"/> true,
/// no version).</summary>
public sealed record PredictResponse(string Model, int? Version, IReadOnlyList<ServedPrediction> Predictions)
{
    /// <summary>True when the answer is the definition's fallback, not a model's.</summary>
    public bool Fallback { get; init; }
}
