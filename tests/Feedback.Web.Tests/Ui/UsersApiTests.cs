using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Web.Tests.Ui;

public abstract class UsersApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : UsersApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : UsersApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Create_WithAdminKey_CreatesAUserWhoCanSignIn()
    {
        var admin = await app.AdminClientAsync();
        var name = UniqueNames.Id("u")[..20];

        using var response = await admin.PostJsonAsync("/api/v1/users", Body(name, "a long enough password", "annotator", "expert"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.JsonAsync();
        created["userName"]!.GetValue<string>().ShouldBe(name);
        created.ToJsonString().ShouldNotContain("password", Case.Insensitive);
        using var browser = await UiClient.SignedInAsync(app, name, "a long enough password");
        (await admin.GetStringAsync("/api/v1/users")).ShouldContain(name);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachAndStoresNothing()
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.PostJsonAsync("/api/v1/users", Body("Bad Name!", "short", "annotator", "root"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["userName", "password", "roles[1]"], ignoreOrder: true);
        (await admin.GetStringAsync("/api/v1/users")).ShouldNotContain("bad name", Case.Insensitive);
    }

    [Fact]
    public async Task Create_ExistingName_Returns409()
    {
        var admin = await app.AdminClientAsync();
        var name = await app.CreateUserAsync(UserRole.Annotator);

        using var response = await admin.PostJsonAsync("/api/v1/users", Body(name, "a long enough password", "admin"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ErrorFieldsAsync()).ShouldBe(["userName"]);
    }

    [Fact]
    public async Task Create_WithAnnotateKey_Returns403()
    {
        var client = await app.ClientAsync(["annotate"]);

        using var response = await client.PostJsonAsync("/api/v1/users", Body("someone", "a long enough password", "admin"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static JsonObject Body(string userName, string password, params string[] roles) =>
        new() { ["userName"] = userName, ["password"] = password, ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]) };
}
