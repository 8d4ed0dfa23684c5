using Hangfire;

namespace Feedback.Pipeline.Scheduling;

/// <summary>Hangfire's process-wide settings, the same on every node (they decide how jobs are written to storage, so
/// web and worker nodes must agree). Storage, clients and servers are never global here: see <see cref="FeedbackScheduler"/>.</summary>
internal static class HangfireDefaults
{
    private static int _applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1)
        {
            return;
        }

        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
    }
}
