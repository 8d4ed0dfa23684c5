using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Feedback.Core.Tests.Storage;

public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrate_ProducesExactlyTheSchemaOfTheModel(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var fromModel = await TestDatabase.CreateAsync(provider);

        await using (var context = migrated.CreateContext())
        {
            await context.Database.MigrateAsync();
        }

        await using (var context = fromModel.CreateContext())
        {
            (await context.Database.EnsureCreatedAsync()).ShouldBeTrue();
        }

        var expected = await SchemaDump.ReadAsync(provider, fromModel.ConnectionString);
        var actual = await SchemaDump.ReadAsync(provider, migrated.ConnectionString);
        expected.ShouldContain("predictions", Case.Sensitive, "the dump must cover the product's tables");
        actual.ShouldBe(expected, $"the hand-written {provider} migrations drifted from the EF model: add a migration for the difference");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Model_HasNoChangesThatLackAMigration(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.CreateContext();

        // What `dotnet ef migrations has-pending-model-changes` checks: the EF model against the provider's snapshot.
        context.Database.HasPendingModelChanges().ShouldBeFalse(
            $"the EF model changed without a {provider} migration: run `dotnet tool restore`, then `dotnet ef migrations add <Name> --project {database.Configured.MigrationsAssembly.Replace("Feedback.", "migrations/Feedback.", StringComparison.Ordinal)}` for each provider");
        context.GetService<IMigrationsAssembly>().ModelSnapshot.ShouldNotBeNull("each provider's migrations carry a model snapshot");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrate_Twice_IsANoOp(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.CreateContext();

        await context.Database.MigrateAsync();
        await context.Database.MigrateAsync();

        (await context.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await context.Database.GetAppliedMigrationsAsync()).ShouldBe(context.Database.GetMigrations());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Migrate_DropsTheTablesOfTheEarlierJobStore_FromADatabaseThatHasThem(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var context = database.CreateContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261122150000_Pipeline");
            // What a database created before Hangfire holds: the earlier scheduler's tables (prefix qrtz_), with rows.
            await context.Database.ExecuteSqlRawAsync("CREATE TABLE qrtz_job_details (sched_name varchar(120) NOT NULL, job_name varchar(150) NOT NULL, PRIMARY KEY (sched_name, job_name))");
            await context.Database.ExecuteSqlRawAsync("CREATE TABLE qrtz_locks (sched_name varchar(120) NOT NULL, lock_name varchar(40) NOT NULL, PRIMARY KEY (sched_name, lock_name))");
            await context.Database.ExecuteSqlRawAsync("INSERT INTO qrtz_locks VALUES ('feedback', 'TRIGGER_ACCESS')");
            (await SchemaDump.ReadAsync(provider, database.ConnectionString)).ShouldContain("qrtz_locks");

            await context.Database.MigrateAsync();
        }

        var schema = await SchemaDump.ReadAsync(provider, database.ConnectionString);
        schema.ShouldNotContain("qrtz_", Case.Insensitive);
    }

    [Fact]
    public async Task Migrate_OnPostgreSql_StoresFeatureValuesAsJsonb()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        await using (var context = database.CreateContext())
        {
            await context.Database.MigrateAsync();
        }

        var schema = await SchemaDump.ReadAsync(DatabaseProvider.PostgreSql, database.ConnectionString);

        schema.ShouldContain("column predictions.inputs jsonb(0) nullable=NO");
        schema.ShouldContain("column predictions.output_scores jsonb(0) nullable=YES");
    }
}
