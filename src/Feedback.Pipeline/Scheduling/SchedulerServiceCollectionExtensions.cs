using Feedback.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Feedback.Pipeline.Scheduling;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>The prefix of Quartz's tables, which migration <c>20261122140000_Quartz</c> creates.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>Registers the pipeline's Quartz.NET scheduler on the product's database (options in the
    /// <c>Scheduler</c> section) and the hosted service that starts it after the migrations. Reads <c>Database</c> and
    /// <c>Scheduler</c> from the <see cref="IConfiguration"/> the host registered.</summary>
    /// <remarks>Jobs, triggers and listeners are added with <see cref="AddFeedbackJobs"/> (or Quartz's own
    /// <c>services.AddQuartz(q => …)</c>, which configures the same default scheduler).</remarks>
    public static IServiceCollection AddFeedbackScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddFeedbackScheduler(HostConfiguration(services));
    }

    /// <summary>The configuration the host builder registered. Host and WebApplication builders register their live
    /// <c>ConfigurationManager</c> through a factory that ignores its argument, so it can be read before the container
    /// exists; what tests add with <c>UseSetting</c> or in-memory sources is already in it.</summary>
    private static IConfiguration HostConfiguration(IServiceCollection services)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IConfiguration) && !d.IsKeyedService);
        var configuration = descriptor?.ImplementationInstance as IConfiguration;
        if (configuration is null && descriptor?.ImplementationFactory is { } factory)
        {
            using var empty = new ServiceCollection().BuildServiceProvider();
            configuration = factory(empty) as IConfiguration;
        }

        return configuration ?? throw new InvalidOperationException(
            "AddFeedbackScheduler needs the host's IConfiguration (any Host or WebApplication builder registers it); otherwise pass it explicitly.");
    }

    /// <inheritdoc cref="AddFeedbackScheduler(IServiceCollection)"/>
    /// <remarks>The database provider and the scheduler options are read here, at registration, because they decide
    /// which Quartz services exist (dialect, clustering). Connection strings are resolved later, from
    /// <see cref="ConfiguredDatabase"/>, exactly as the rest of the product resolves them.</remarks>
    public static IServiceCollection AddFeedbackScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<FeedbackScheduler>();

        var options = new SchedulerOptions();
        configuration.GetSection(SchedulerOptions.SectionName).Bind(options);
        var validation = new SchedulerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SchedulerOptions.SectionName, typeof(SchedulerOptions), validation.Failures);
        }

        if (!options.Enabled)
        {
            return services;
        }

        var database = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.SectionName).Bind(database);
        var clustered = database.Provider == DatabaseProvider.PostgreSql;
        // Unique per process, and per host within one process (tests run several), readable in qrtz_scheduler_state.
        var machine = Environment.MachineName;
        var instanceId = $"{machine[..Math.Min(machine.Length, 100)]}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        services.AddSingleton<SchedulerDataSource>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.InstanceName;
                if (clustered)
                {
                    scheduler.InstanceId = instanceId;
                }

                // A shutdown never waits for jobs (see SchedulerHostedService), so running jobs are told to stop.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenNotWaitingForJobs;
            });
            quartz.UseDefaultThreadPool(options.ThreadCount);
            quartz.UsePersistentStore(store =>
            {
                if (clustered)
                {
                    store.UsePostgres(source => source.DataSourceFactory = sp => sp.GetRequiredService<SchedulerDataSource>().DataSource);
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = options.CheckinInterval;
                        cluster.CheckinMisfireThreshold = options.MisfireThreshold;
                    });
                }
                else
                {
                    store.UseSqlite(source => source.DataSourceFactory = sp => sp.GetRequiredService<SchedulerDataSource>().DataSource);
                }

                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(jobStore =>
                {
                    jobStore.TablePrefix = TablePrefix;
                    jobStore.MisfireThreshold = options.MisfireThreshold;
                    // Our migrations own the schema; Quartz only checks it is all there.
                    jobStore.SchemaProvisioning = SchemaProvisioning.Validate;
                    jobStore.RecoverFiringsCancelledByShutdown = true;
                });
            });
        });
        services.AddHostedService<SchedulerHostedService>();
        return services;
    }

    /// <summary>Adds jobs, triggers, listeners or calendars to the pipeline's scheduler, e.g.
    /// <c>services.AddFeedbackJobs(q => q.AddJob&lt;TrainJob&gt;(j => j.StoreDurably().RequestRecovery()))</c>.
    /// Call it from any area's <c>AddX</c>, before or after <see cref="AddFeedbackScheduler(IServiceCollection)"/>.</summary>
    public static IServiceCollection AddFeedbackJobs(this IServiceCollection services, Action<IQuartzBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddQuartz(configure);
    }
}

/// <summary>The connections Quartz uses: its own pool, apart from the product's, so that its many statements neither
/// take the product's auto-prepared slots nor its pooled connections. Disposed with the container.</summary>
internal sealed class SchedulerDataSource(ConfiguredDatabase database) : IAsyncDisposable
{
    private readonly Lazy<System.Data.Common.DbDataSource> _dataSource = new(() => database.Provider == DatabaseProvider.PostgreSql
        ? NpgsqlDataSource.Create(database.ConnectionString)
        : SqliteFactory.Instance.CreateDataSource(database.ConnectionString));

    public System.Data.Common.DbDataSource DataSource => _dataSource.Value;

    public ValueTask DisposeAsync() => _dataSource.IsValueCreated ? _dataSource.Value.DisposeAsync() : ValueTask.CompletedTask;
}
