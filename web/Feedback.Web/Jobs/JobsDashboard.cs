using Feedback.Pipeline.Scheduling;
using Hangfire;

namespace Feedback.Web.Jobs;

/// <summary>The Hangfire Dashboard at <c>/jobs</c>: every pipeline job (step jobs named "Trainer of run #42 of churn",
/// recurring schedules, retries), behind <see cref="JobsDashboardAuthorization"/>.</summary>
internal static class JobsDashboard
{
    public const string Path = "/jobs";

    /// <summary>Maps the dashboard on a node where the scheduler is enabled (any role: it reads the shared storage).</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var scheduler = app.Services.GetRequiredService<FeedbackScheduler>();
        if (!scheduler.Options.Enabled)
        {
            return app;
        }

        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new JobsDashboardAuthorization()],
            IsReadOnlyFunc = JobsDashboardAuthorization.IsReadOnly,
            DashboardTitle = "Feedback jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }, scheduler.Storage);
        return app;
    }
}
