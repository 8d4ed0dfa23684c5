using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Notifications;
using Feedback.Pipeline.Notifications;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Tests.Api;

/// <summary>The notification API over real HTTP against a real local receiver: channels (secret once, never listed),
/// refusals naming the field with nothing stored, a test message delivered signed, and deliveries with attempts.</summary>
public abstract class NotificationsApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : NotificationsApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : NotificationsApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task CreateChannel_ReturnsTheSecretOnce_ListsWithoutIt_AndATestMessageArrivesSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);

        using var created = await admin.PostJsonAsync($"/api/v1/models/{model}/notifications/channels",
            new JsonObject { ["name"] = "ops", ["kind"] = "webhook", ["url"] = receiver.Url.ToString(), ["events"] = new JsonArray("approval.requested", "approval.decided") });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.JsonAsync();
        var secret = body["secret"]!.GetValue<string>();
        secret.ShouldStartWith("whsec_");
        var id = body["channel"]!["id"]!.GetValue<long>();
        var listed = await admin.GetStringAsync($"/api/v1/models/{model}/notifications/channels");
        listed.ShouldContain("\"ops\"");
        listed.ShouldNotContain(secret["whsec_".Length..]);

        using var test = await admin.PostAsync($"/api/v1/models/{model}/notifications/channels/{id}:test", null);
        test.StatusCode.ShouldBe(HttpStatusCode.OK);
        var delivery = await test.JsonAsync();
        delivery["status"]!.GetValue<string>().ShouldBe("delivered");
        delivery["attemptLog"]!.AsArray().ShouldHaveSingleItem()!["statusCode"]!.GetValue<int>().ShouldBe(200);
        var request = receiver.Received.ShouldHaveSingleItem();
        request.Headers["webhook-id"].ShouldBe(delivery["messageId"]!.GetValue<string>());
        WebhookSignature.Verify(secret, request.Headers["webhook-id"], long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture), request.Body, request.Headers["webhook-signature"])
            .ShouldBeTrue();

        var deliveries = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/notifications/deliveries?status=delivered"))!.AsArray();
        deliveries.ShouldHaveSingleItem()!["eventType"]!.GetValue<string>().ShouldBe(NotificationEvents.Test);
        JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/notifications/deliveries?status=deadLettered"))!.AsArray().ShouldBeEmpty();

        (await admin.DeleteAsync($"/api/v1/models/{model}/notifications/channels/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetStringAsync($"/api/v1/models/{model}/notifications/channels")).ShouldBe("[]");
    }

    [Theory]
    [InlineData("""{"name":"ops","kind":"webhook","url":"not a url"}""", "url")]
    [InlineData("""{"name":"ops","kind":"webhook","url":"file:///etc/passwd"}""", "url")]
    [InlineData("""{"name":"ops","kind":"carrier-pigeon","url":"https://example.com/hook"}""", "kind")]
    [InlineData("""{"name":"o p s","kind":"webhook","url":"https://example.com/hook"}""", "name")]
    [InlineData("""{"kind":"webhook","url":"https://example.com/hook"}""", "name")]
    [InlineData("""{"name":"ops","kind":"webhook","url":"https://example.com/hook","events":["run.exploded"]}""", "events")]
    public async Task CreateChannel_BadInput_Returns400NamingTheField_AndStoresNothing(string json, string field)
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);

        using var response = await admin.PostAsync($"/api/v1/models/{model}/notifications/channels", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldContain(field);
        await using var db = app.Database.CreateContext();
        (await db.NotificationChannels.CountAsync(c => c.ModelId == db.Models.Single(m => m.Name == model).Id)).ShouldBe(0);
    }

    [Fact]
    public async Task ApproveThroughTheApi_IsDeliveredByTheHangfireJob_WithoutAnyoneDraining()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        (await admin.PostJsonAsync($"/api/v1/models/{model}/notifications/channels",
            new JsonObject { ["name"] = "ops", ["kind"] = "webhook", ["url"] = receiver.Url.ToString(), ["events"] = new JsonArray("approval.decided") })).StatusCode.ShouldBe(HttpStatusCode.Created);
        long approvalId;
        await using (var db = app.Database.CreateContext())
        {
            var modelId = await db.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
            var now = DateTimeOffset.UtcNow;
            var run = new Core.Runs.PipelineRun { ModelId = modelId, ActiveModelId = modelId, Number = 1, Status = Core.Runs.RunStatus.WaitingForApproval, Trigger = Core.Runs.RunTrigger.Manual, Reason = "api test", CreatedAt = now, UpdatedAt = now };
            db.PipelineRuns.Add(run);
            await db.SaveChangesAsync();
            var approval = new Core.Runs.ApprovalRequest { RunId = run.Id, ModelId = modelId, Status = Core.Runs.ApprovalStatus.Pending, Summary = "{}", CreatedAt = now, ExpiresAt = now.AddHours(1) };
            db.ApprovalRequests.Add(approval);
            await db.SaveChangesAsync();
            approvalId = approval.Id;
        }

        (await admin.PostJsonAsync($"/api/v1/approvals/{approvalId}:approve", new JsonObject { ["comment"] = "ship it" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The decision enqueued the drain job; Hangfire's worker delivers it (polled, with a generous bound for a busy machine).
        for (var i = 0; i < 600 && receiver.Received.Count == 0; i++)
        {
            await Task.Delay(100);
        }

        var received = receiver.Received.ShouldHaveSingleItem();
        received.Body.ShouldContain("\"comment\":\"ship it\"");
        // The job records the attempt just after the receiver answers.
        var status = NotificationStatus.Pending;
        for (var i = 0; i < 600 && status != NotificationStatus.Delivered; i++)
        {
            await using var check = app.Database.CreateContext();
            status = await check.NotificationMessages.Where(m => m.MessageId == received.Headers["webhook-id"]).Select(m => m.Status).SingleAsync();
            if (status != NotificationStatus.Delivered)
            {
                await Task.Delay(100);
            }
        }

        status.ShouldBe(NotificationStatus.Delivered);
    }

    [Fact]
    public async Task Deliveries_UnknownStatus_Returns400NamingIt()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);

        using var response = await admin.GetAsync($"/api/v1/models/{model}/notifications/deliveries?status=lost");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["status"]);
    }
}
