using Feedback.Core.Access;
using Feedback.Core.Storage;
using Feedback.Core.Users;
using Feedback.Testing;
using Feedback.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Tests.Hosting;

[Collection(nameof(AdminCommandsTests))]
public sealed class AdminCommandsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task UserCreate_MigratesAndCreatesTheAccount(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var exit = await AdminCommands.RunAsync(["user", "create", "--name", "ana", "--role", "annotator", "--role", "expert", "--password", "correct horse battery"], Settings(database));

        exit.ShouldBe(0);
        await using var context = database.CreateContext();
        var user = await context.Users.SingleAsync();
        user.UserName.ShouldBe("ana");
        new Microsoft.AspNetCore.Identity.PasswordHasher<User>().VerifyHashedPassword(user, user.PasswordHash, "correct horse battery")
            .ShouldNotBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
    }

    [Fact]
    public async Task UserCreate_InvalidRole_FailsAndStoresNothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var exit = await AdminCommands.RunAsync(["user", "create", "--name", "ana", "--role", "wizard"], Settings(database));

        exit.ShouldBe(1);
        await using var context = database.CreateContext();
        (await context.Users.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task ApiKeyCreate_StoresAKeyWithItsScopeAndModels()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var exit = await AdminCommands.RunAsync(["apikey", "create", "--name", "app", "--scope", "feedback", "--model", "churn"], Settings(database));

        exit.ShouldBe(0);
        await using var context = database.CreateContext();
        var key = await context.ApiKeys.SingleAsync();
        key.Scopes.ShouldBe(ApiKeyScopes.Feedback);
        key.Models.ShouldBe(["churn"]);
    }

    private static Dictionary<string, string?> Settings(TestDatabase database) => new()
    {
        ["Database:Provider"] = database.Provider.ToString(),
        ["Database:ConnectionString"] = database.ConnectionString,
    };

}
