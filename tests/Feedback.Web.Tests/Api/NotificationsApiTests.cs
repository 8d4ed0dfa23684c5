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
    public async Task Deliveries_UnknownStatus_Returns400NamingIt()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);

        using var response = await admin.GetAsync($"/api/v1/models/{model}/notifications/deliveries?status=lost");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["status"]);
    }
}
