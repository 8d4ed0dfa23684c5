using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Feedback.Pipeline.Scheduling;

/// <summary>Readiness of the pipeline's scheduler: created over a migrated database and, on a node that executes jobs,
/// running rather than in standby. A <c>web</c> node only needs the scheduler to exist (it schedules, never executes).</summary>
public sealed class SchedulerHealthCheck(FeedbackScheduler handle) : IHealthCheck
{
    /// <summary>The name it is registered under (<c>/readyz</c> lists it).</summary>
    public const string Name = "scheduler";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var options = handle.Options;
        if (!options.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The scheduler is disabled on this node."));
        }

        if (handle.StartFailure is { } failure)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The scheduler failed to start.", failure));
        }

        var result = handle.Current switch
        {
            null => HealthCheckResult.Unhealthy("The scheduler is starting (it waits for the database migrations)."),
            { Status: SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown } => HealthCheckResult.Unhealthy("The scheduler is shut down."),
            { Status: SchedulerStatus.Running } => HealthCheckResult.Healthy($"The scheduler runs jobs (role {options.Role})."),
            _ when !options.ExecutesJobs => HealthCheckResult.Healthy("The scheduler schedules jobs; this web node does not execute them."),
            var scheduler => HealthCheckResult.Unhealthy($"The scheduler does not run jobs (status {scheduler.Status})."),
        };
        return Task.FromResult(result);
    }
}
