using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Scheduling;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>Registers the pipeline's Hangfire (options in the <c>Scheduler</c> section, storage from the
    /// <c>Database</c> section) and the hosted service that starts this node's job server after the migrations.</summary>
    public static IServiceCollection AddFeedbackScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        HangfireDefaults.Apply();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<FeedbackScheduler>();
        services.AddHostedService<SchedulerHostedService>();
        return services;
    }
}
