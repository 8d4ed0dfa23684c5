using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Web.Tests.Api;

public abstract class ApiKeysApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : ApiKeysApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : ApiKeysApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Create_ReturnsAWorkingKeyOnceAndListsItWithoutTheSecret()
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.PostJsonAsync("/api/v1/apikeys", new JsonObject { ["name"] = "mobile app", ["scopes"] = new JsonArray("feedback") });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var issued = await response.JsonAsync();
        var key = issued["key"]!.GetValue<string>();
        key.ShouldStartWith("fbk_");
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await client.PostJsonAsync("/api/v1/feedback", Events.Rating("t-1", "up"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = await admin.GetStringAsync("/api/v1/apikeys");
        listed.ShouldContain(issued["apiKey"]!["id"]!.GetValue<string>());
        var secret = key[(key.IndexOf('_', "fbk_".Length) + 1)..]; // base64url: the secret itself may contain '_'
        secret.Length.ShouldBeGreaterThan(20);
        listed.ShouldNotContain(secret);
    }

    [Fact]
    public async Task Create_UnknownScope_Returns400NamingIt()
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.PostJsonAsync("/api/v1/apikeys", new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("feedback", "root") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["scopes[1]"]);
    }

    [Fact]
    public async Task Create_WithNonAdminKey_Returns403()
    {
        var client = await app.ClientAsync(["predict", "feedback"]);

        using var response = await client.PostJsonAsync("/api/v1/apikeys", new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("admin") });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Request_WithWrongSecret_Returns401()
    {
        var key = await app.CreateKeyAsync(["admin"]);
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key[..^2] + "xx");

        using var response = await client.GetAsync("/api/v1/models");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
