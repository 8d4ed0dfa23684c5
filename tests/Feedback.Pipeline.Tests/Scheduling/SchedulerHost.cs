using Feedback.Core;
using Feedback.Pipeline.Scheduling;
using Feedback.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Feedback.Pipeline.Tests.Scheduling;

/// <summary>A node without HTTP: core services and the scheduler over a shared, already migrated test database, so
/// several nodes can share one database the way web and worker processes do.</summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private SchedulerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public FeedbackScheduler Handle => Services.GetRequiredService<FeedbackScheduler>();

    public static async Task<SchedulerHost> StartAsync(TestDatabase database, SchedulerRole role = SchedulerRole.All)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:MigrateOnStartup"] = "false",
            ["Scheduler:Role"] = role.ToString().ToLowerInvariant(),
            // Short, so that a dead PostgreSQL node is recovered within seconds.
            ["Scheduler:CheckinInterval"] = "00:00:01",
            ["Scheduler:MisfireThreshold"] = "00:00:01",
        });
        builder.Services.AddFeedbackCore();
        builder.Services.AddFeedbackScheduler();
        var host = builder.Build();
        await host.StartAsync();
        return new SchedulerHost(host);
    }

    public Task<IScheduler> SchedulerAsync() => Handle.GetSchedulerAsync(CancellationToken.None);

    /// <summary>Stops the node the way the host does, which does not wait for running jobs.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
