using Feedback.Core.Storage;
using Feedback.Core.Users;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Ui;

/// <summary>A fresh install creates the first UI account, <c>admin</c>, with a generated password stored hashed.</summary>
public sealed class FirstAdminTests(FirstAdminTests.FreshInstall app) : IClassFixture<FirstAdminTests.FreshInstall>
{
    public sealed class FreshInstall() : FeedbackAppFixture(DatabaseProvider.Sqlite)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Bootstrap:CreateAdminUser"] = "true" };
    }

    [Fact]
    public async Task FirstStart_CreatesTheAdminUserWithAHashedPassword()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();

        var users = await context.Users.ToListAsync();

        var admin = users.ShouldHaveSingleItem();
        admin.UserName.ShouldBe("admin");
        admin.Roles.ShouldBe(UserRoles.Admin);
        admin.PasswordHash.Length.ShouldBeGreaterThan(40, "a PasswordHasher hash, not a password");
    }
}
