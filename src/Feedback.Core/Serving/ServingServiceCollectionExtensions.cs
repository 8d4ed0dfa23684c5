using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
            .Validate(o => o.AliasStaleness >= TimeSpan.FromMilliseconds(20) && o.AliasStaleness <= TimeSpan.FromMinutes(10),
                "Serving:AliasStaleness must be between 00:00:00.020 and 00:10:00.")
            .ValidateOnStart();
        services.AddSingleton<BundleCache>();
        services.AddSingleton<AliasCache>();
        services.AddHostedService<AliasChangeListener>();
        services.AddScoped<ModelServer>();
        return services;
    }
}
