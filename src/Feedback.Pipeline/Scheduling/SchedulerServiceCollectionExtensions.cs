using Hangfire;
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
        // What Hangfire's dashboard asks the container for, over this node's storage. Not AddHangfire: it would set
        // process-wide state (activator, log provider) from whichever host resolved it last, and several hosts may
        // share a process (tests).
        services.AddSingleton<IGlobalConfiguration>(_ => GlobalConfiguration.Configuration);
        services.AddSingleton(_ => Hangfire.Dashboard.DashboardRoutes.Routes);
        services.AddSingleton<Hangfire.Common.IJobFilterProvider>(_ => Hangfire.Common.JobFilterProviders.Providers);
        services.AddSingleton<ITimeZoneResolver, DefaultTimeZoneResolver>();
        services.AddSingleton<JobStorage>(provider => provider.GetRequiredService<FeedbackScheduler>().Storage);
        services.AddSingleton<IBackgroundJobClient>(provider => provider.GetRequiredService<FeedbackScheduler>().Jobs);
        services.AddSingleton<IRecurringJobManager>(provider => provider.GetRequiredService<FeedbackScheduler>().Recurring);
        services.AddHostedService<SchedulerHostedService>();
        return services;
    }
}
