using Feedback.Cli;
using Feedback.Testing;

namespace Feedback.Cli.Tests;

/// <summary>Run from a checkout, the CLI and the web host share appsettings.json and the default SQLite file.</summary>
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
    public async Task Migrate_FromTheCheckoutRoot_UsesTheWebHostsDefaultDatabaseFile()
    {
        var web = CreateCheckout();
        using var output = new StringWriter();
        using var error = new StringWriter();

        // No connection string: the default, as the web host resolves it against its content root.
        var exit = await FeedbackCli.RunAsync(["migrate"], new CliEnvironment { CurrentDirectory = _checkout }, output, error, CancellationToken.None);

        exit.ShouldBe(ExitCodes.Ok, error.ToString());
        File.Exists(Path.Combine(web, "data", "feedback.db")).ShouldBeTrue();
        File.Exists(Path.Combine(_checkout, "data", "feedback.db")).ShouldBeFalse();
    }

    private string CreateCheckout()
    {
        File.WriteAllText(Path.Combine(_checkout, "Feedback.sln"), string.Empty);
        var web = Directory.CreateDirectory(Path.Combine(_checkout, "web", "Feedback.Web")).FullName;
        File.WriteAllText(Path.Combine(web, "appsettings.json"), """{"Database": {"Provider": "Sqlite", "DataDirectory": "data"}}""");
        return web;
    }
}
