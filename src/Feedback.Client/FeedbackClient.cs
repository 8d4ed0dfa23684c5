using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Feedback.Client;

/// <summary>Typed access to the Feedback API. Register it with <see cref="FeedbackClientServiceCollectionExtensions.AddFeedbackClient"/>
/// (resilient <see cref="HttpClient"/>: retries with jittered back-off on transient failures, timeouts, circuit breaker).</summary>
public sealed class FeedbackClient(HttpClient http)
{
    /// <summary>Serves predictions from the model's production version; every prediction is recorded under its tracking ID.</summary>
    public async Task<PredictResult> PredictAsync(string model, IReadOnlyList<IReadOnlyDictionary<string, object?>> instances, string? subject = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        using var response = await http.PostAsJsonAsync($"api/v1/models/{Uri.EscapeDataString(model)}:predict", new PredictRequest(instances, subject), ClientJson.Options, cancellationToken);
        return await ReadAsync<PredictResult>(response, cancellationToken);
    }

    /// <summary>Logs predictions your own model made (idempotent on tracking ID).</summary>
    public async Task LogPredictionsAsync(string model, IReadOnlyList<PredictionRecord> predictions, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        using var response = await http.PostAsJsonAsync($"api/v1/models/{Uri.EscapeDataString(model)}/predictions", new PredictionBatch(version, predictions), ClientJson.Options, cancellationToken);
        await EnsureAsync(response, cancellationToken);
    }

    /// <summary>Sends feedback now, all or nothing (idempotent on source and event ID).</summary>
    public async Task<FeedbackResult> SendFeedbackAsync(IReadOnlyList<FeedbackEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var response = await http.PostAsJsonAsync("api/v1/feedback", new FeedbackBatch(events), ClientJson.Options, cancellationToken);
        return await ReadAsync<FeedbackResult>(response, cancellationToken);
    }

    /// <summary>A prediction with its feedback and resolved label, as JSON; null when there is none.</summary>
    public async Task<JsonObject?> GetPredictionAsync(string model, string trackingId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"api/v1/models/{Uri.EscapeDataString(model)}/predictions/{Uri.EscapeDataString(trackingId)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync<JsonObject>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken)
            ?? throw new FeedbackApiException(response.StatusCode, "empty body");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new FeedbackApiException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }
}
