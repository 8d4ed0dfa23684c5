using Feedback.Core.Storage;
using Feedback.Core.Users;
using Feedback.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Tests.Users;

public abstract class UserDirectoryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly UserSignInOptions _options = new() { MaxFailedSignIns = 3, LockoutDuration = TimeSpan.FromMinutes(10) };
    private TestDatabase _database = null!;

    public sealed class OnSqlite() : UserDirectoryTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : UserDirectoryTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var context = _database.CreateContext();
        await context.Database.MigrateAsync();
        await Users(context).CreateAsync(new UserRequest { UserName = "Ada", Password = "correct horse battery", Roles = ["annotator"] }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Create_StoresOnlyAHashAndALowerCaseName()
    {
        await using var context = _database.CreateContext();

        var user = await context.Users.SingleAsync();

        user.UserName.ShouldBe("ada");
        user.PasswordHash.ShouldNotContain("correct horse");
        user.Roles.ShouldBe(UserRoles.Annotator);
    }

    [Fact]
    public async Task SignIn_RightPassword_Succeeds()
    {
        var outcome = await SignInAsync("ADA", "correct horse battery");

        outcome.Succeeded.ShouldBeTrue();
        outcome.User!.AnnotatorId.ShouldBe("user:ada");
    }

    [Fact]
    public async Task SignIn_AfterMaxFailures_IsLockedUntilTheLockoutEnds()
    {
        for (var i = 0; i < 2; i++)
        {
            (await SignInAsync("ada", "wrong")).LockedUntil.ShouldBeNull($"failure {i + 1} is below the limit");
        }

        (await SignInAsync("ada", "wrong")).LockedUntil.ShouldBe(_clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        _clock.Advance(TimeSpan.FromMinutes(9));
        (await SignInAsync("ada", "correct horse battery")).Succeeded.ShouldBeFalse("still locked after 9 minutes");
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await SignInAsync("ada", "correct horse battery")).Succeeded.ShouldBeTrue("the lockout has ended");
    }

    [Fact]
    public async Task SignIn_ASuccess_ResetsTheFailureCount()
    {
        await SignInAsync("ada", "wrong");
        await SignInAsync("ada", "wrong");
        await SignInAsync("ada", "correct horse battery");

        (await SignInAsync("ada", "wrong")).LockedUntil.ShouldBeNull("the count restarted at the success");
    }

    [Fact]
    public async Task SignIn_UnknownUser_IsInvalidNotLocked()
    {
        var outcome = await SignInAsync("nobody", "whatever");

        outcome.Succeeded.ShouldBeFalse();
        outcome.LockedUntil.ShouldBeNull();
    }

    private async Task<SignInOutcome> SignInAsync(string userName, string password)
    {
        await using var context = _database.CreateContext();
        return await Users(context).SignInAsync(userName, password, CancellationToken.None);
    }

    private UserDirectory Users(FeedbackDbContext context) => new(context, _clock, Options.Create(_options), new PasswordHasher<User>());


    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
