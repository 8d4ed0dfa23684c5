using Feedback.Cli;
using Feedback.Testing;

namespace Feedback.Cli.Tests;

/// <summary>Run from a checkout, the CLI reads the web host's appsettings.json; its SQLite file is in the user's data
/// folder unless configured elsewhere.</summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("feedback-checkout-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_checkout, recursive: true);
    }

    [Fact]
    public void Locate_InACheckout_IsTheWebProject_AndElsewhereTheCurrentDirectory()
    {
        var web = CreateCheckout();
        var nested = Directory.CreateDirectory(Path.Combine(_checkout, "src", "deeper")).FullName;

        ContentRoot.Locate(_checkout).ShouldBe(web);
        ContentRoot.Locate(nested).ShouldBe(web);
        var elsewhere = Path.GetTempPath();
        ContentRoot.Locate(elsewhere).ShouldBe(elsewhere);
    }

    [Fact]
    public async Task Migrate_ByDefault_UsesTheUsersDataFolder_NotTheCheckoutOrTheCurrentDirectory()
    {
        var web = CreateCheckout();
        var userData = Path.Combine(_checkout, "home", ".local", "share", "feedback");
        using var output = new StringWriter();
        using var error = new StringWriter();

        // No connection string and no DataDirectory override: appsettings.json's "data" is not where the file goes.
        var exit = await FeedbackCli.RunAsync(["migrate"], new CliEnvironment { CurrentDirectory = _checkout, UserDataDirectory = userData }, output, error, CancellationToken.None);

        exit.ShouldBe(ExitCodes.Ok, error.ToString());
        File.Exists(Path.Combine(userData, "feedback.db")).ShouldBeTrue();
        output.ToString().ShouldContain($"File: {Path.Combine(userData, "feedback.db")}");
        File.Exists(Path.Combine(web, "data", "feedback.db")).ShouldBeFalse();
        File.Exists(Path.Combine(_checkout, "data", "feedback.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Migrate_WithDataDirectoryConfigured_UsesIt()
    {
        CreateCheckout();
        var chosen = Path.Combine(_checkout, "elsewhere");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            CurrentDirectory = _checkout,
            UserDataDirectory = Path.Combine(_checkout, "home"),
            Configuration = new Dictionary<string, string?> { ["Database:DataDirectory"] = chosen },
        };

        var exit = await FeedbackCli.RunAsync(["migrate"], environment, output, error, CancellationToken.None);

        exit.ShouldBe(ExitCodes.Ok, error.ToString());
        File.Exists(Path.Combine(chosen, "feedback.db")).ShouldBeTrue();
        Directory.Exists(Path.Combine(_checkout, "home")).ShouldBeFalse();
    }

    [Fact]
    public void UserDataDirectory_IsTheLocalApplicationDataFolder_ByDefault()
    {
        var expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "feedback");

        new CliEnvironment().UserDataDirectory.ShouldBe(expected);
        Path.IsPathFullyQualified(expected).ShouldBeTrue();
    }

    private string CreateCheckout()
    {
        File.WriteAllText(Path.Combine(_checkout, "Feedback.sln"), string.Empty);
        var web = Directory.CreateDirectory(Path.Combine(_checkout, "web", "Feedback.Web")).FullName;
        File.WriteAllText(Path.Combine(web, "appsettings.json"), """{"Database": {"Provider": "Sqlite", "DataDirectory": "data"}}""");
        return web;
    }
}
