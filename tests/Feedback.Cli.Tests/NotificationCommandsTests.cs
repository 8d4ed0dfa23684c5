using Feedback.Core.Storage;
using Feedback.Pipeline.Notifications;
using Feedback.Testing;

namespace Feedback.Cli.Tests;

/// <summary><c>feedback notifications</c> end to end, in-process, on a real database and a real local receiver: add a
/// channel (secret printed once), list it without the secret, send a test message, list deliveries and dead letters.</summary>
public abstract class NotificationCommandsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CliRunner _cli = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _cli = new CliRunner(_database);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ChannelsAddListTestDeliveries_WorkAgainstARealReceiver_AndNeverPrintTheSecretAgain()
    {
        await using var good = await WebhookReceiver.StartAsync();
        await using var broken = await WebhookReceiver.StartAsync(500);
        var model = UniqueNames.Model();
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), SyntheticHistory.Definition(model));
        (await _cli.RunAsync("model", "create", "-f", "model.yaml")).Exit.ShouldBe(ExitCodes.Ok);

        var added = await _cli.RunAsync("notifications", "channels", "add", "--model", model, "--name", "ops", "--url", good.Url.ToString(), "--event", "approval.decided");
        added.Exit.ShouldBe(ExitCodes.Ok, added.ToString());
        var secret = added.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        secret.ShouldStartWith(ChannelSecrets.Prefix);
        (await _cli.RunAsync("notifications", "channels", "add", "--model", model, "--name", "down", "--url", broken.Url.ToString())).Exit.ShouldBe(ExitCodes.Ok);

        var listed = await _cli.RunAsync("notifications", "channels", "list", "--model", model);
        listed.Output.ShouldContain("ops");
        listed.Output.ShouldContain("approval.decided");
        listed.Output.ShouldNotContain(secret[ChannelSecrets.Prefix.Length..]);

        var test = await _cli.RunAsync("notifications", "test", "--model", model, "--channel", "1");
        test.Exit.ShouldBe(ExitCodes.Ok, test.ToString());
        test.Output.ShouldContain("delivered after 1 attempt(s)");
        test.Output.ShouldContain(" 200 ");
        good.Received.ShouldHaveSingleItem().Headers["webhook-signature"].ShouldStartWith("v1,");

        var failed = await _cli.RunAsync("notifications", "test", "--model", model, "--channel", "2");
        failed.Exit.ShouldBe(ExitCodes.Failure, "the test message was not delivered");
        failed.Output.ShouldContain(" 500 ");

        var deliveries = await _cli.RunAsync("notifications", "deliveries", "--model", model);
        deliveries.Output.ShouldContain("to ops: delivered");
        deliveries.Output.ShouldContain("to down: pending");
        (await _cli.RunAsync("notifications", "deliveries", "--model", model, "--status", "deadLettered")).Output.ShouldBeEmpty();
        var bad = await _cli.RunAsync("notifications", "deliveries", "--model", model, "--status", "lost");
        bad.Exit.ShouldNotBe(ExitCodes.Ok);
        bad.Error.ShouldContain("--status");
    }
}

public sealed class SqliteNotificationCommandsTests() : NotificationCommandsTests(DatabaseProvider.Sqlite);

public sealed class PostgresNotificationCommandsTests() : NotificationCommandsTests(DatabaseProvider.PostgreSql);
