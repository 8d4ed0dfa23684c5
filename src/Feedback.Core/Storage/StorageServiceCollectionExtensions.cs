using Feedback.Core.Storage.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database (provider from the <c>Database</c> section), the EF context pool and the bulk ingestion store.</summary>
    public static IServiceCollection AddFeedbackStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Validate(o => o.Provider != DatabaseProvider.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is PostgreSql.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Database:DataDirectory must not be empty.")
            .ValidateOnStart();

        services.AddSingleton(sp => new ConfiguredDatabase(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()));

        services.AddDbContextPool<FeedbackDbContext>((sp, options) => Configure(options, sp.GetRequiredService<ConfiguredDatabase>()));
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<IIngestionStore>(sp => sp.GetRequiredService<ConfiguredDatabase>().Provider == DatabaseProvider.PostgreSql
            ? ActivatorUtilities.CreateInstance<PostgresIngestionStore>(sp)
            : ActivatorUtilities.CreateInstance<SqliteIngestionStore>(sp));
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, ConfiguredDatabase database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(database.DataSource!, npgsql => npgsql.MigrationsAssembly(database.MigrationsAssembly));
        }
        else
        {
            options.UseSqlite(database.ConnectionString, sqlite => sqlite.MigrationsAssembly(database.MigrationsAssembly));
        }

        // Each provider's migrations carry a model snapshot; a model change without a migration fails
        // MigrationsTests.Model_HasNoChangesThatLackAMigration, so starting a node never needs to be the place it shows.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
    }
}
