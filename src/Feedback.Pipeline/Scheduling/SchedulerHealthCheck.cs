using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feedback.Pipeline.Scheduling;

/// <summary>Readiness of the pipeline's jobs: Hangfire's storage ready over a migrated database and, on a node that
/// executes jobs, its job server running. A <c>web</c> node only needs the storage (it enqueues, never executes).</summary>
public sealed class SchedulerHealthCheck(FeedbackScheduler handle) : IHealthCheck
{
    /// <summary>The name it is registered under (<c>/readyz</c> lists it).</summary>
    public const string Name = "scheduler";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var options = handle.Options;
        HealthCheckResult result;
        if (!options.Enabled)
        {
            result = HealthCheckResult.Healthy("The scheduler is disabled on this node.");
        }
        else if (handle.StartFailure is { } failure)
        {
            result = HealthCheckResult.Unhealthy("The scheduler failed to start.", failure);
        }
        else if (!handle.IsReady)
        {
            result = HealthCheckResult.Unhealthy("The scheduler is starting (it waits for the database migrations).");
        }
        else if (!options.ExecutesJobs)
        {
            result = HealthCheckResult.Healthy("Jobs are enqueued here; this web node does not execute them.");
        }
        else
        {
            result = handle.ServerRunning
                ? HealthCheckResult.Healthy($"The job server runs (role {options.Role}, queues {string.Join(",", options.EffectiveQueues)}).")
                : HealthCheckResult.Unhealthy("The job server is stopped.");
        }

        return Task.FromResult(result);
    }
}
