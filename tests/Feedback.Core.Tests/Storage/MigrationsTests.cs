using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

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
        actual.ShouldNotContain("qrtz_", Case.Insensitive, "Quartz's tables are not modelled in EF; QuartzSchemaTests compares them with Quartz's own");
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
