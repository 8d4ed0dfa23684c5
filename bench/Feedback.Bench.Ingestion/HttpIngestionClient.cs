using System.Net;
using System.Net.Http.Headers;

namespace Feedback.Bench.Ingestion;

/// <summary>Posts feedback and predictions to the running server over real HTTP/1.1 on loopback.</summary>
internal sealed class HttpIngestionClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _predictionsPath;

    public HttpIngestionClient(Uri server, string apiKey, string model)
    {
        // One pooled handler for all workers: each concurrent request gets its own keep-alive connection, as
        // independent production clients would, and no connection is re-established during a measurement.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server,
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _predictionsPath = $"/api/v1/models/{Uri.EscapeDataString(model)}/predictions";
    }

    /// <summary>One event goes as a bare event (the single-event form), more as <c>{"events": [...]}</c>.</summary>
    public async Task<int> PostFeedbackAsync(IReadOnlyList<FeedbackSample> events)
    {
        await PostAsync("/api/v1/feedback", events.Count == 1 ? RequestBodies.FeedbackEvent(events[0]) : RequestBodies.FeedbackBatch(events));
        return events.Count;
    }

    public async Task<int> PostPredictionsAsync(IReadOnlyList<PredictionSample> predictions)
    {
        await PostAsync(_predictionsPath, RequestBodies.PredictionBatch(predictions));
        return predictions.Count;
    }

    public void Dispose() => _http.Dispose();

    /// <exception cref="HttpRequestException">Any answer but 200: the rows were not stored.</exception>
    private async Task PostAsync(string path, PooledBufferWriter body)
    {
        using var pooled = body;
        using var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var detail = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {detail[..Math.Min(detail.Length, 500)]}");
        }

        // Read the whole response, as a client checking per-row outcomes would, through a pooled copy buffer rather
        // than into a buffered string (garbage this process's server would pay for).
        await using var stream = await response.Content.ReadAsStreamAsync();
        await stream.CopyToAsync(Stream.Null);
    }
}
