using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Client;

public static class FeedbackClientServiceCollectionExtensions
{
    /// <summary>Registers <see cref="FeedbackClient"/> (a typed, resilient <see cref="HttpClient"/>) and a singleton
    /// <see cref="FeedbackBuffer"/> for batched feedback.</summary>
    public static IServiceCollection AddFeedbackClient(this IServiceCollection services, Action<FeedbackClientOptions> configure)
    {
        services.AddOptions<FeedbackClientOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "FeedbackClient: BaseAddress must be an absolute URI, e.g. http://localhost:5080/.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "FeedbackClient: ApiKey is required (fbk_…).")
            .Validate(o => o.MaxBatchSize is >= 1 and <= 100_000, "FeedbackClient: MaxBatchSize must be between 1 and 100000.")
            .Validate(o => o.FlushInterval > TimeSpan.Zero, "FeedbackClient: FlushInterval must be positive.")
            .Validate(o => o.MaxBufferedEvents >= o.MaxBatchSize, "FeedbackClient: MaxBufferedEvents must be at least MaxBatchSize.")
            .ValidateOnStart();
        services.AddHttpClient<FeedbackClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<FeedbackClientOptions>>().Value;
                http.BaseAddress = options.BaseAddress;
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            })
            // Retries with jittered exponential back-off on transient failures (5xx, 408, 429 honouring Retry-After),
            // also for POST: feedback and logged predictions are idempotent (event and tracking IDs).
            .AddStandardResilienceHandler();
        services.AddSingleton<FeedbackBuffer>();
        return services;
    }
}
