using Feedback.Core;
using Feedback.Pipeline.Scheduling;
using Feedback.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Pipeline.Tests.Scheduling;

/// <summary>A node without HTTP: core services and the scheduler over a shared, already migrated test database, so
/// several nodes can share one database the way web and worker processes do.</summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private SchedulerHost(IHost host, string name)
    {
        _host = host;
        Name = name;
    }

    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    public FeedbackScheduler Handle => Services.GetRequiredService<FeedbackScheduler>();

    public static async Task<SchedulerHost> StartAsync(TestDatabase database, SchedulerRole role = SchedulerRole.All, int workers = 4)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider.ToString(),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:MigrateOnStartup"] = "false",
            ["Scheduler:Role"] = role.ToString().ToLowerInvariant(),
            ["Scheduler:WorkerCount"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scheduler:ShutdownTimeout"] = "00:00:02",
        });
        var name = $"{role}-{Guid.NewGuid():N}";
        builder.Services.AddSingleton(new NodeName(name));
        builder.Services.AddTransient<RecordingJob>();
        builder.Services.AddFeedbackCore();
        builder.Services.AddFeedbackScheduler();
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<FeedbackScheduler>().WhenReadyAsync(CancellationToken.None);
        return new SchedulerHost(host, name);
    }

    /// <summary>Stops the node the way the host does.</summary>
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
