using Feedback.Pipeline.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers the training pipeline: runs, steps, triggers, approvals and their Quartz.NET scheduler.</summary>
    public static IServiceCollection AddFeedbackPipeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddFeedbackScheduler();
        return services;
    }
}
