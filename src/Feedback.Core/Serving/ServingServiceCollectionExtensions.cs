using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Serving;

public static class ServingServiceCollectionExtensions
{
    /// <summary>Registers this node's bundle cache and the serving path, with validated options.</summary>
    public static IServiceCollection AddFeedbackServing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ServingOptions>()
            .BindConfiguration(ServingOptions.SectionName)
            .Validate(o => o.BundleCacheBytes >= 1024 * 1024, "Serving:BundleCacheBytes must be at least 1048576 (1 MiB).")
            .ValidateOnStart();
        services.AddSingleton<BundleCache>();
        services.AddScoped<ModelServer>();
        return services;
    }
}
