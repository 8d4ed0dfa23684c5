using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Notifications;
using Feedback.Core.Predictions;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Feedback.Pipeline.Approvals;
using Feedback.Pipeline.Notifications;
using Feedback.Pipeline.Runs;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests.Notifications;

/// <summary>The transactional outbox end to end against a real local HTTP receiver: an approval decision commits its
/// notification, the drain delivers it signed per Standard Webhooks, failures are retried with back-off and recorded,
/// the last failure dead-letters, and a process that dies between commit and send, or in the middle of a send, loses
/// nothing. Each "node" is a service provider of its own over the same database; the scheduler is off, so the test
/// drains itself (the Hangfire job calls the same <see cref="NotificationDispatcher.DrainAsync"/>).</summary>
public abstract class NotificationOutboxTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);
    private readonly FastClock _clock = new();
    private readonly List<ServiceProvider> _nodes = [];
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var scope = Node().CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Decision_CommitsItsNotification_AndTheDrainDeliversItSignedPerStandardWebhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var node = Node();
        var (model, approvalId) = await PendingApprovalAsync(node);
        var secret = await CreateChannelAsync(node, model, receiver.Url);

        await DecideAsync(node, approvalId, approve: true, "ada");
        var pending = await MessagesAsync();
        pending.ShouldHaveSingleItem().Status.ShouldBe(NotificationStatus.Pending, "the decision's commit wrote the outbox row");
        receiver.Received.ShouldBeEmpty("nothing is sent inside the transaction");

        (await DrainAsync(node)).ShouldBe(1);
        var request = receiver.Received.ShouldHaveSingleItem();
        var id = request.Headers["webhook-id"];
        id.ShouldBe(pending[0].MessageId);
        var timestamp = long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        WebhookSignature.Verify(secret, id, timestamp, request.Body, request.Headers["webhook-signature"]).ShouldBeTrue();
        WebhookSignature.Verify(ChannelSecrets.Create(), id, timestamp, request.Body, request.Headers["webhook-signature"]).ShouldBeFalse("another secret does not verify");
        WebhookSignature.Verify(secret, id, timestamp, request.Body.Replace("ada", "eve", StringComparison.Ordinal), request.Headers["webhook-signature"]).ShouldBeFalse("a changed body does not verify");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("type").GetString().ShouldBe(NotificationEvents.ApprovalDecided);
        var data = body.RootElement.GetProperty("data");
        data.GetProperty("approvalId").GetInt64().ShouldBe(approvalId);
        data.GetProperty("model").GetString().ShouldBe(model);
        data.GetProperty("status").GetString().ShouldBe("approved");
        data.GetProperty("decidedBy").GetString().ShouldBe("ada");
        data.GetProperty("channel").GetString().ShouldBe("api");

        var delivered = (await MessagesAsync()).ShouldHaveSingleItem();
        delivered.Status.ShouldBe(NotificationStatus.Delivered);
        var attempt = (await AttemptsAsync()).ShouldHaveSingleItem();
        attempt.StatusCode.ShouldBe(200);
        attempt.Error.ShouldBeNull();
        attempt.LatencyMilliseconds.ShouldBeGreaterThan(0);
        (await DrainAsync(node)).ShouldBe(0, "a delivered message is not sent again");
        receiver.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReceiverFailing_IsRetriedWithExponentialBackoff_ThenDeadLettered_WithEveryAttemptRecorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var node = Node(maxAttempts: 3);
        var (model, approvalId) = await PendingApprovalAsync(node);
        await CreateChannelAsync(node, model, receiver.Url);
        await DecideAsync(node, approvalId, approve: false, "ada");

        await DrainAsync(node);
        (await MessagesAsync()).Single().Attempts.ShouldBe(1);
        await DrainAsync(node);
        receiver.Received.Count.ShouldBe(1, "the retry waits for its back-off");

        _clock.Advance(FirstRetry);
        await DrainAsync(node);
        receiver.Received.Count.ShouldBe(2);
        _clock.Advance(FirstRetry);
        await DrainAsync(node);
        receiver.Received.Count.ShouldBe(2, "the second back-off is twice the first");
        _clock.Advance(FirstRetry);
        await DrainAsync(node);
        receiver.Received.Count.ShouldBe(3);

        var message = (await MessagesAsync()).Single();
        message.Status.ShouldBe(NotificationStatus.DeadLettered);
        message.LastError!.ShouldContain("500");
        var attempts = await AttemptsAsync();
        attempts.Select(a => a.Attempt).ShouldBe([1, 2, 3]);
        attempts.ShouldAllBe(a => a.StatusCode == 500 && a.Error != null);
        receiver.Received.Select(r => r.Headers["webhook-id"]).Distinct().ShouldHaveSingleItem("every attempt carries the same id");

        _clock.Advance(TimeSpan.FromHours(2));
        await DrainAsync(node);
        receiver.Received.Count.ShouldBe(3, "a dead letter is never sent again");
        var listed = await node.CreateScope().ServiceProvider.GetRequiredService<NotificationChannels>().ListDeliveriesAsync(model, NotificationStatus.DeadLettered, 50, CancellationToken.None);
        listed.ShouldHaveSingleItem().AttemptLog.Count.ShouldBe(3);
    }

    [Fact]
    public async Task ReceiverDownForThreeAttempts_ThenUp_IsDeliveredOnce()
    {
        var down = 0;
        await using var receiver = await WebhookReceiver.StartAsync(n => Task.FromResult(n <= 3 ? 503 : 204));
        var node = Node(maxAttempts: 6);
        var (model, approvalId) = await PendingApprovalAsync(node);
        await CreateChannelAsync(node, model, receiver.Url);
        await DecideAsync(node, approvalId, approve: true, "ada");

        for (var i = 0; i < 10; i++)
        {
            down += await DrainAsync(node) == 0 ? 1 : 0;
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        receiver.Received.Count.ShouldBe(4);
        (await MessagesAsync()).Single().Status.ShouldBe(NotificationStatus.Delivered);
        (await AttemptsAsync()).Select(a => a.StatusCode).ShouldBe([503, 503, 503, 204]);
        down.ShouldBe(9, "one drain delivered");
    }

    [Fact]
    public async Task ProcessGoneBetweenCommitAndSend_LosesNothing_AnotherNodeDeliversIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = Node();
        var (model, approvalId) = await PendingApprovalAsync(first);
        await CreateChannelAsync(first, model, receiver.Url);
        await DecideAsync(first, approvalId, approve: true, "ada");
        await first.DisposeAsync();
        _nodes.Remove(first);

        var second = Node();
        (await DrainAsync(second)).ShouldBe(1);
        receiver.Received.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ProcessGoneDuringTheSend_IsSentAgainWithTheSameId_AfterTheClaimTimesOut()
    {
        var hang = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? hang.Task : Task.FromResult(200));
        var first = Node();
        var (model, approvalId) = await PendingApprovalAsync(first);
        await CreateChannelAsync(first, model, receiver.Url);
        await DecideAsync(first, approvalId, approve: true, "ada");

        using (var stopping = new CancellationTokenSource())
        {
            await using var scope = first.CreateAsyncScope();
            var drain = scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DrainAsync(stopping.Token);
            while (receiver.Received.Count == 0)
            {
                await Task.Delay(20);
            }

            // The node stops while the receiver has the request but has not answered: no attempt is recorded.
            await stopping.CancelAsync();
            var stopped = false;
            try
            {
                await drain;
            }
            catch (OperationCanceledException)
            {
                stopped = true;
            }

            stopped.ShouldBeTrue("the drain stops with its node");
        }

        hang.SetResult(200);
        var second = Node();
        (await DrainAsync(second)).ShouldBe(0, "the dead node's claim still holds the message");
        _clock.Advance(Claim);
        (await DrainAsync(second)).ShouldBe(1);
        receiver.Received.Count.ShouldBe(2);
        receiver.Received.Select(r => r.Headers["webhook-id"]).Distinct().ShouldHaveSingleItem("the duplicate carries the id receivers de-duplicate on");
        (await MessagesAsync()).Single().Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task TwentyConcurrentDecisions_RecordOneDecision_AndOneNotification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var node = Node();
        var (model, approvalId) = await PendingApprovalAsync(node);
        await CreateChannelAsync(node, model, receiver.Url);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await DecideAsync(node, approvalId, approve: i % 2 == 0, $"approver-{i}");
                return null;
            }
            catch (ConflictException conflict)
            {
                return conflict.Message;
            }
        }));

        outcomes.Count(o => o is null).ShouldBe(1);
        await using var db = _database.CreateContext();
        var decided = await db.ApprovalRequests.SingleAsync(a => a.Id == approvalId);
        outcomes.Where(o => o is not null).ShouldAllBe(o => o!.Contains($"by {decided.DecidedBy}"), "the losers are told who decided first");
        (await MessagesAsync()).ShouldHaveSingleItem().EventType.ShouldBe(NotificationEvents.ApprovalDecided);
    }

    [Fact]
    public async Task Expiry_NotifiesApprovalExpired_OnlyToChannelsThatTakeIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var node = Node();
        var (model, approvalId) = await PendingApprovalAsync(node);
        await CreateChannelAsync(node, model, receiver.Url, name: "expiries", events: [NotificationEvents.ApprovalExpired]);
        await CreateChannelAsync(node, model, receiver.Url, name: "requests", events: [NotificationEvents.ApprovalRequested]);

        _clock.Advance(TimeSpan.FromHours(2));
        await using (var scope = node.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ApprovalDecisions>().ExpireAsync(approvalId, CancellationToken.None)).ShouldBeTrue();
        }

        var message = (await MessagesAsync()).ShouldHaveSingleItem();
        message.EventType.ShouldBe(NotificationEvents.ApprovalExpired);
        await DrainAsync(node);
        using var body = JsonDocument.Parse(receiver.Received.ShouldHaveSingleItem().Body);
        body.RootElement.GetProperty("data").GetProperty("status").GetString().ShouldBe("expired");
    }

    [Fact]
    public async Task Secret_IsStoredProtected_NeverListed_AndReadByAnotherNodeThroughTheKeyRingInTheDatabase()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = Node();
        var (model, _) = await PendingApprovalAsync(first);
        var secret = await CreateChannelAsync(first, model, receiver.Url);

        await using (var db = _database.CreateContext())
        {
            var stored = await db.NotificationChannels.SingleAsync();
            stored.ProtectedSecret.ShouldNotContain(secret[ChannelSecrets.Prefix.Length..]);
            (await db.DataProtectionKeys.CountAsync()).ShouldBeGreaterThan(0, "the key ring lives in the database");
        }

        await using var scope = Node().CreateAsyncScope();
        var channels = scope.ServiceProvider.GetRequiredService<NotificationChannels>();
        JsonSerializer.Serialize(await channels.ListAsync(model, CancellationToken.None), JsonSerializerOptions.Web).ShouldNotContain(secret[ChannelSecrets.Prefix.Length..]);
        var test = await channels.SendTestAsync(model, (await channels.ListAsync(model, CancellationToken.None))[0].Id, "ada", CancellationToken.None);
        test.Status.ShouldBe(NotificationStatus.Delivered, "a second node unprotects the first node's secret");
        var request = receiver.Received.ShouldHaveSingleItem();
        WebhookSignature.Verify(secret, request.Headers["webhook-id"], long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture), request.Body, request.Headers["webhook-signature"]).ShouldBeTrue();
    }

    [Fact]
    public async Task CreateChannel_WithBadFields_IsRefusedNamingEachField_AndStoresNothing()
    {
        var node = Node();
        var (model, _) = await PendingApprovalAsync(node);
        await using var scope = node.CreateAsyncScope();
        var channels = scope.ServiceProvider.GetRequiredService<NotificationChannels>();
        var refused = await Should.ThrowAsync<InvalidInputException>(channels.CreateAsync(model, new ChannelRequest { Name = "a b", Kind = "fax", Url = "ftp://x", Events = ["run.exploded"] }, "ada", CancellationToken.None));
        refused.Errors.Keys.ShouldBe(["name", "kind", "url", "events"], ignoreOrder: true);
        await using var db = _database.CreateContext();
        (await db.NotificationChannels.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task RunNeedingApproval_CommitsApprovalRequested_WithTheHeadlineMetrics_ThenTheDecision_AndThePush()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var node = Node();
        var model = await CreateManualApprovalModelAsync(node);
        await LogLabeledAsync(node, model, 300);
        await CreateChannelAsync(node, model.Name, receiver.Url);
        RunLaunch launch;
        await using (var scope = node.CreateAsyncScope())
        {
            launch = await scope.ServiceProvider.GetRequiredService<RunLauncher>().StartAsync(model, RunTrigger.Manual, "weekly retrain", coldStart: false, "test", CancellationToken.None);
        }

        await ExecuteRunAsync(node, launch.Run.Id);
        (await DrainAsync(node)).ShouldBe(1);
        using (var requested = JsonDocument.Parse(receiver.Received.ShouldHaveSingleItem().Body))
        {
            requested.RootElement.GetProperty("type").GetString().ShouldBe(NotificationEvents.ApprovalRequested);
            var data = requested.RootElement.GetProperty("data");
            data.GetProperty("status").GetString().ShouldBe("pending");
            data.GetProperty("reason").GetString().ShouldBe("weekly retrain");
            data.GetProperty("summary").GetProperty("metrics").GetArrayLength().ShouldBeGreaterThan(0);
            await DecideAsync(node, data.GetProperty("approvalId").GetInt64(), approve: true, "ada");
        }

        await ExecuteRunAsync(node, launch.Run.Id);
        await using (var db = _database.CreateContext())
        {
            (await db.PipelineRuns.SingleAsync(r => r.Id == launch.Run.Id)).Outcome.ShouldBe(RunOutcome.Pushed);
        }

        (await DrainAsync(node)).ShouldBe(1);
        receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString())
            .ShouldBe([NotificationEvents.ApprovalRequested, NotificationEvents.ApprovalDecided]);
    }

    [Fact]
    public async Task SlackChannel_GetsBlockKit_WithButtonsWhilePending_AndTheOutcomeWithoutButtonsOnceDecided()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var node = Node();
        var (model, approvalId) = await PendingApprovalAsync(node);
        await using (var scope = node.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationChannels>()
                .CreateAsync(model, new ChannelRequest { Name = "slack", Kind = "slack", Url = receiver.Url.ToString() }, "test", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
            var request = await db.ApprovalRequests.SingleAsync(a => a.Id == approvalId);
            (await ApprovalEvents.AddAsync(db, scope.ServiceProvider.GetRequiredService<NotificationOutbox>(), request, NotificationEvents.ApprovalRequested, CancellationToken.None)).ShouldBe(1);
            await db.SaveChangesAsync();
        }

        await DrainAsync(node);
        await DecideAsync(node, approvalId, approve: false, "ada");
        await DrainAsync(node);

        receiver.Received.Count.ShouldBe(2);
        receiver.Received.ShouldAllBe(r => r.Headers.ContainsKey("x-feedback-message-id") && !r.Headers.ContainsKey("webhook-signature"));
        var posted = JsonNode.Parse(receiver.Received[0].Body)!;
        posted["text"]!.GetValue<string>().ShouldBe($"Approval needed: {model} run #1");
        var blocks = posted["blocks"]!.AsArray();
        blocks[0]!["type"]!.GetValue<string>().ShouldBe("header");
        var text = blocks.ToJsonString(Readable);
        text.ShouldContain("auc: 0.910 vs 0.880 (+0.030)");
        text.ShouldContain("all passed");
        text.ShouldContain("manual: notifications test");
        var buttons = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        buttons.Select(b => b!["action_id"]!.GetValue<string>()).ShouldBe(["approve", "reject"]);
        buttons.ShouldAllBe(b => b!["value"]!.GetValue<string>() == approvalId.ToString(CultureInfo.InvariantCulture));

        var decided = JsonNode.Parse(receiver.Received[1].Body)!["blocks"]!.AsArray();
        decided.ShouldNotContain(b => b!["type"]!.GetValue<string>() == "actions", "a decided request has no buttons");
        decided.ToJsonString(Readable).ShouldContain("Rejected by ada via api");
    }

    private static async Task<RegisteredModel> CreateManualApprovalModelAsync(ServiceProvider node)
    {
        var document = ModelDefinitionReader.FromJson(Encoding.UTF8.GetBytes($$"""
            {"name": "{{UniqueNames.Model()}}", "taskType": "binary", "labelClasses": ["no", "yes"],
             "features": [{"name": "x", "type": "numeric"}, {"name": "color", "type": "categorical"}],
             "approval": {"policy": "manual", "timeout": "1h"} }
            """));
        await using var scope = node.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ModelCatalog>().CreateAsync(document, "test", CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Models.AsNoTracking().SingleAsync(m => m.Name == created.Name);
    }

    // Predictions whose outcome is "yes" exactly when x > 0, each with its outcome event, then the label join.
    private static async Task LogLabeledAsync(ServiceProvider node, RegisteredModel model, int count)
    {
        var store = node.GetRequiredService<IIngestionStore>();
        var now = DateTimeOffset.UtcNow;
        var predictions = new List<Prediction>();
        var events = new List<FeedbackEvent>();
        for (var i = 0; i < count; i++)
        {
            var x = ((i * 37) % 200 - 100) / 50.0;
            var trackingId = $"{model.Name}-{i}";
            var served = now.AddMinutes(-count + i);
            predictions.Add(new Prediction
            {
                TrackingId = trackingId,
                ModelId = model.Id,
                Inputs = string.Create(CultureInfo.InvariantCulture, $$"""{"x":{{x}},"color":"{{(i % 3 == 0 ? "red" : "blue")}}"}"""),
                ServedAt = served,
                ReceivedAt = served,
                ExpiresAt = served.AddDays(90),
                ContentHash = new byte[16],
            });
            events.Add(new FeedbackEvent
            {
                Source = "test",
                EventId = trackingId,
                TrackingId = trackingId,
                Kind = FeedbackKind.Outcome,
                Label = x > 0 ? "yes" : "no",
                OccurredAt = served.AddMinutes(1),
                ReceivedAt = now,
                ContentHash = new byte[16],
            });
        }

        (await store.InsertPredictionsAsync(predictions, CancellationToken.None)).Committed.ShouldBeTrue();
        (await store.InsertFeedbackAsync(events, CancellationToken.None)).Committed.ShouldBeTrue();
        await using var scope = node.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<LabelJoiner>().JoinAsync(model.Id, CancellationToken.None)).Counts.Labeled.ShouldBe(count);
    }

    private static async Task ExecuteRunAsync(ServiceProvider node, long runId)
    {
        await using var scope = node.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunExecutor>().ExecuteAsync(runId, "test", CancellationToken.None);
    }

    private ServiceProvider Node(int maxAttempts = 6)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Scheduler:Enabled"] = "false",
            ["Notifications:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:FirstRetryDelay"] = FirstRetry.ToString(),
            ["Notifications:ClaimTimeout"] = Claim.ToString(),
        }).Build();
        var node = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddFeedbackCore()
            .AddFeedbackPipeline()
            .AddSingleton<TimeProvider>(_clock)
            .BuildServiceProvider();
        _nodes.Add(node);
        return node;
    }

    private async Task<(string Model, long ApprovalId)> PendingApprovalAsync(ServiceProvider node)
    {
        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var now = _clock.GetUtcNow();
        var model = new RegisteredModel { Name = UniqueNames.Model(), TaskType = TaskType.Binary, CurrentRevision = 1, Definition = "{}", CreatedAt = now, UpdatedAt = now };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        var run = new PipelineRun { ModelId = model.Id, ActiveModelId = model.Id, Number = 1, Status = RunStatus.WaitingForApproval, Trigger = RunTrigger.Manual, Reason = "notifications test", CreatedAt = now, UpdatedAt = now };
        db.PipelineRuns.Add(run);
        await db.SaveChangesAsync();
        var approval = new ApprovalRequest
        {
            RunId = run.Id,
            ModelId = model.Id,
            Status = ApprovalStatus.Pending,
            Summary = """{"metrics":[{"metric":"auc","candidate":0.91,"production":0.88,"delta":0.03}],"checksPassed":true}""",
            CreatedAt = now,
            ExpiresAt = now.AddHours(1),
        };
        db.ApprovalRequests.Add(approval);
        await db.SaveChangesAsync();
        return (model.Name, approval.Id);
    }

    private static async Task<string> CreateChannelAsync(ServiceProvider node, string model, Uri url, string name = "hooks", string[]? events = null)
    {
        await using var scope = node.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<NotificationChannels>()
            .CreateAsync(model, new ChannelRequest { Name = name, Kind = "webhook", Url = url.ToString(), Events = events }, "test", CancellationToken.None);
        created.Secret.ShouldStartWith(ChannelSecrets.Prefix);
        return created.Secret;
    }

    private static async Task DecideAsync(ServiceProvider node, long approvalId, bool approve, string who)
    {
        await using var scope = node.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ApprovalDecisions>().DecideAsync(approvalId, approve, who, "api", null, CancellationToken.None);
    }

    private static async Task<int> DrainAsync(ServiceProvider node)
    {
        await using var scope = node.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DrainAsync(CancellationToken.None);
    }

    private async Task<List<NotificationMessage>> MessagesAsync()
    {
        await using var db = _database.CreateContext();
        return await db.NotificationMessages.OrderBy(m => m.Id).ToListAsync();
    }

    private async Task<List<NotificationAttempt>> AttemptsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.NotificationAttempts.OrderBy(a => a.Attempt).ToListAsync();
    }
}

public sealed class SqliteNotificationOutboxTests() : NotificationOutboxTests(DatabaseProvider.Sqlite);

public sealed class PostgresNotificationOutboxTests() : NotificationOutboxTests(DatabaseProvider.PostgreSql);
