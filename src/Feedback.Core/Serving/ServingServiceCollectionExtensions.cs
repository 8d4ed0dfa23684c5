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
            .Validate(o => o.CommitQueueCapacity is >= 1 and <= 1_000_000, "Serving:CommitQueueCapacity must be between 1 and 1000000.")
            .Validate(o => o.CommitWriters is >= 1 and <= 64, "Serving:CommitWriters must be between 1 and 64.")
            .Validate(o => o.MaxRowsPerCommit is >= 1 and <= 100_000, "Serving:MaxRowsPerCommit must be between 1 and 100000.")
            .Validate(o => o.CommitWindow >= TimeSpan.Zero && o.CommitWindow <= TimeSpan.FromMilliseconds(100), "Serving:CommitWindow must be between 00:00:00 and 00:00:00.100.")
            .Validate(o => o.RetryAfter >= TimeSpan.FromSeconds(1) && o.RetryAfter <= TimeSpan.FromHours(1), "Serving:RetryAfter must be between 00:00:01 and 01:00:00.")
            .ValidateOnStart();
        services.AddSingleton<BundleCache>();
        services.AddSingleton<AliasCache>();
        services.AddSingleton<PredictionCommitter>();
        services.AddHostedService<AliasChangeListener>();
        services.AddScoped<ModelServer>();
        return services;
    }
}
