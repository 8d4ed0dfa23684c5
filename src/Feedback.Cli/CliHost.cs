using Feedback.Core;
using Feedback.Core.Storage;
using Feedback.Pipeline;
using Microsoft.Extensions.Options;

namespace Feedback.Cli;

/// <summary>The product's services for one command, configured exactly as the web host configures them (same
/// appsettings.json, same environment variables, same <c>Database</c> keys), migrated, but serving nothing.</summary>
/// <remarks>The hosted services stay stopped unless a command needs the scheduler (<see cref="StartSchedulerAsync"/>).
/// The CLI never executes scheduled jobs: it is forced to the scheduler's <c>web</c> role, so what it enqueues is
/// executed by a worker node.</remarks>
internal sealed class CliHost : IAsyncDisposable
{
    // Quiet by default: command output goes to stdout, logs to stderr; Logging__LogLevel__Default=Information raises it.
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    private static readonly Dictionary<string, string?> Forced = new()
    {
        ["Scheduler:Enabled"] = "true",
        ["Scheduler:Role"] = "web",
    };

    private readonly IHost _host;
    private bool _started;

    private CliHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Builds the services and, when <c>Database:MigrateOnStartup</c> is on (the default), migrates.</summary>
    public static async Task<CliHost> CreateAsync(CliEnvironment environment, bool migrate, CancellationToken cancellationToken)
    {
        var contentRoot = environment.ContentRoot ?? ContentRoot.Locate(environment.CurrentDirectory);
        var environmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environments.Production;
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(contentRoot, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(contentRoot, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false);
        configuration.AddInMemoryCollection(Defaults);
        // Over appsettings.json (whose "data" would put the database wherever the command happens to run), under the
        // environment variables and explicit configuration that choose another place.
        UserDataFolder.UseAsDefaultDataDirectory(configuration, environment.UserDataDirectory);

        configuration.AddEnvironmentVariables();
        if (environment.Configuration is { } overrides)
        {
            configuration.AddInMemoryCollection(overrides);
        }

        configuration.AddInMemoryCollection(Forced);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot,
            EnvironmentName = environmentName,
            Configuration = configuration,
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddFeedbackCore();
        builder.Services.AddFeedbackPipeline();
        // The recurring pipeline schedules (recovery sweep, triggers, cron) belong to the server nodes; a CLI process
        // that lives for one command must not re-register them.
        var schedules = builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "PipelineSchedules").ToList();
        foreach (var descriptor in schedules)
        {
            builder.Services.Remove(descriptor);
        }

        var host = builder.Build();
        var cli = new CliHost(host);
        try
        {
            // Fails here, naming the key, when the configuration is invalid (e.g. PostgreSQL without a connection string).
            _ = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<Feedback.Core.IngestionOptions>>().Value;
            if (migrate && host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            {
                await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            }

            return cli;
        }
        catch
        {
            await cli.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the hosted services, which bring up the scheduler (web role: it only enqueues jobs).</summary>
    public async Task StartSchedulerAsync(CancellationToken cancellationToken)
    {
        await _host.StartAsync(cancellationToken);
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync(CancellationToken.None);
        }

        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
