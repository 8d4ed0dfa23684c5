using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Feedback.Core.Tests.Storage;

/// <summary>Migration <c>20261122140000_Quartz</c> creates exactly the job store Quartz provisions for itself, so a
/// Quartz upgrade that changes its schema fails here instead of in production.</summary>
public abstract class QuartzSchemaTests(DatabaseProvider provider)
{
    private const string QuartzMigration = "20261122140000_Quartz";

    [Fact]
    public async Task Migrate_CreatesExactlyTheSchemaQuartzProvisions()
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var provisioned = await TestDatabase.CreateAsync(provider);
        await using (var context = migrated.CreateContext())
        {
            await context.Database.MigrateAsync();
        }

        await ProvisionWithQuartzAsync(provisioned);

        var expected = await SchemaDump.ReadAsync(provider, provisioned.ConnectionString, SchemaPart.Quartz);
        var actual = await SchemaDump.ReadAsync(provider, migrated.ConnectionString, SchemaPart.Quartz);
        expected.ShouldContain("execution_history", Case.Insensitive, "the dump must cover Quartz 4's tables");
        expected.ShouldContain("retry_policy", Case.Insensitive, "the dump must cover Quartz 4's columns");
        actual.ShouldBe(expected, $"migration {QuartzMigration} differs from what this Quartz version provisions on {provider}: add a migration for the difference");
    }

    [Fact]
    public async Task Down_DropsEveryQuartzTable()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.CreateContext();
        await context.Database.MigrateAsync();
        var migrations = context.Database.GetMigrations().ToList();
        var previous = migrations[migrations.IndexOf(QuartzMigration) - 1];

        await context.GetService<IMigrator>().MigrateAsync(previous);

        (await SchemaDump.ReadAsync(provider, database.ConnectionString, SchemaPart.Quartz)).ShouldBeEmpty();
        (await SchemaDump.ReadAsync(provider, database.ConnectionString)).ShouldContain("predictions");
    }

    /// <summary>Lets Quartz create its schema the way <c>ProvisionSchema()</c> does in an application.</summary>
    private static async Task ProvisionWithQuartzAsync(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQuartz(quartz => quartz.UsePersistentStore(store =>
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                store.UsePostgres(database.ConnectionString);
            }
            else
            {
                store.UseSqlite(database.ConnectionString);
            }

            store.UseSystemTextJsonSerializer();
            store.ConfigureStore(options => options.TablePrefix = "qrtz_");
            store.ProvisionSchema();
        }));
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Shutdown();
    }

    public sealed class OnSqlite() : QuartzSchemaTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : QuartzSchemaTests(DatabaseProvider.PostgreSql);
}
