using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Tests.Security;

/// <summary>One test per finding of the attack on the product (issue: security, hostile input and abuse limits).
/// Each failed on the code before the fix.</summary>
public abstract class SecurityRegressionTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : SecurityRegressionTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : SecurityRegressionTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task LimitedAdminKey_CannotCreateAWiderKey()
    {
        var admin = await app.AdminClientAsync();
        var (mine, other) = (await ModelDefinitionBuilder.Binary().CreateAsync(admin), await ModelDefinitionBuilder.Binary().CreateAsync(admin));
        var limited = await app.ClientAsync(["admin"], [mine]);

        using var unrestricted = await limited.PostJsonAsync("/api/v1/apikeys", Key(["admin"]));
        using var elsewhere = await limited.PostJsonAsync("/api/v1/apikeys", Key(["predict"], other));
        using var within = await limited.PostJsonAsync("/api/v1/apikeys", Key(["predict"], mine));

        unrestricted.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        within.StatusCode.ShouldBe(HttpStatusCode.Created, await within.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LimitedAdminKey_CannotCreateUsersNorRevokeWiderKeys()
    {
        var admin = await app.AdminClientAsync();
        var mine = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var limited = await app.ClientAsync(["admin"], [mine]);
        var wide = await app.CreateKeyAsync(["feedback"]);

        using var user = await limited.PostJsonAsync("/api/v1/users", new JsonObject { ["userName"] = "mallory", ["password"] = "correct horse battery", ["roles"] = new JsonArray("admin") });
        using var revoke = await limited.DeleteAsync($"/api/v1/apikeys/{wide.ApiKey.Id}");
        var listed = JsonNode.Parse(await limited.GetStringAsync("/api/v1/apikeys"))!.AsArray();

        user.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        revoke.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a wider key is invisible to a limited key");
        listed.Select(k => k!["id"]!.GetValue<string>()).ShouldNotContain(wide.ApiKey.Id);
        await using var context = app.Database.CreateContext();
        (await context.ApiKeys.SingleAsync(k => k.Id == wide.ApiKey.Id)).RevokedAt.ShouldBeNull();
        (await context.Users.AnyAsync(u => u.UserName == "mallory")).ShouldBeFalse();
    }

    [Fact]
    public async Task NonAdminKey_CannotManageKeys()
    {
        var feedback = await app.ClientAsync(["feedback", "predict", "annotate"]);

        using var response = await feedback.PostJsonAsync("/api/v1/apikeys", Key(["admin"]));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OrphanFeedbackFromAKeyOfModelA_NeverLabelsAPredictionOfModelB()
    {
        var admin = await app.AdminClientAsync();
        var (a, b) = (await ModelDefinitionBuilder.Binary().CreateAsync(admin), await ModelDefinitionBuilder.Binary().CreateAsync(admin));
        var keyOfA = await app.ClientAsync(["feedback"], [a]);
        var (planted, honest) = (UniqueNames.Id("t"), UniqueNames.Id("t"));
        (await keyOfA.PostJsonAsync("/api/v1/feedback", Events.Correction(planted, "no"))).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/feedback", Events.Correction(honest, "no"))).EnsureSuccessStatusCode();

        (await admin.PostJsonAsync($"/api/v1/models/{b}/predictions", Predictions.Batch(Predictions.Row(planted), Predictions.Row(honest)))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/models/{b}/labels:join", null)).EnsureSuccessStatusCode();

        var plantedLabel = (await (await admin.GetAsync($"/api/v1/models/{b}/predictions/{planted}")).JsonAsync())["resolvedLabel"];
        var honestLabel = (await (await admin.GetAsync($"/api/v1/models/{b}/predictions/{honest}")).JsonAsync())["resolvedLabel"];
        plantedLabel.ShouldBeNull("feedback of a key limited to model A must not label model B");
        honestLabel!["label"]!.GetValue<string>().ShouldBe("no", "the control: an unrestricted key's orphan joins");
    }

    [Theory]
    [InlineData("comment", "{\"trackingId\":\"t-nul\",\"eventId\":\"e1\",\"kind\":\"harm\",\"category\":\"spam\",\"severity\":\"low\",\"comment\":\"a\\u0000b\"}")]
    [InlineData("subject", "{\"trackingId\":\"t-nul\",\"eventId\":\"e2\",\"kind\":\"rating\",\"value\":\"up\",\"subject\":\"u\\u0000\"}")]
    [InlineData("trackingId", "{\"trackingId\":\"t\\ud800\",\"eventId\":\"e3\",\"kind\":\"rating\",\"value\":\"up\"}")]
    public async Task Feedback_WithTextTheDatabaseCannotStore_Answers400NamingTheField_AndTheNextRequestSucceeds(string field, string body)
    {
        var client = await app.ClientAsync(["feedback"]);

        using var response = await client.PostRawAsync("/api/v1/feedback", body, "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldContain(field);
        using var next = await client.PostJsonAsync("/api/v1/feedback", Events.Rating(UniqueNames.Id("t"), "up"));
        next.StatusCode.ShouldBe(HttpStatusCode.OK, "a rejected request leaves no connection broken");
    }

    [Fact]
    public async Task Predictions_WithALoneSurrogateOrNulInAFeatureOrVersion_Answer400()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var url = $"/api/v1/models/{model}/predictions";

        using var surrogate = await admin.PostRawAsync(url, "{\"predictions\":[{\"inputs\":{\"text\":\"x\\udc00\",\"country\":\"DE\",\"amount\":1}}]}", "application/json");
        using var nul = await admin.PostRawAsync(url, "{\"version\":\"v\\u0000\",\"predictions\":[{\"inputs\":{\"text\":\"x\",\"country\":\"DE\",\"amount\":1}}]}", "application/json");

        surrogate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await surrogate.ErrorFieldsAsync()).ShouldContain("predictions[0].inputs.text");
        nul.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await nul.ErrorFieldsAsync()).ShouldContain("version");
        (await admin.PostJsonAsync(url, Predictions.Batch(Predictions.Row()))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task QueryOrPathWithNul_Answers400()
    {
        var admin = await app.AdminClientAsync();

        using var query = await admin.GetAsync("/api/v1/approvals?status=%00");
        using var path = await admin.GetAsync("/api/v1/models/a%00b");

        query.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        path.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task YamlBillionLaughs_IsRefusedAtOnce()
    {
        var admin = await app.AdminClientAsync();
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(',', Enumerable.Repeat($"*{previous}", 9))).Append("]\n");
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await admin.PostRawAsync("/api/v1/models", yaml.ToString(), "application/yaml");
        started.Stop();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).ShouldContain("alias");
    }

    [Fact]
    public async Task YamlNestedTooDeeply_IsRefused()
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.PostRawAsync("/api/v1/models", new string('[', 5000) + new string(']', 5000), "application/yaml");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnonymousApprovalList_Answers401WithProblemDetails()
    {
        using var response = await app.AnonymousClient().GetAsync("/api/v1/approvals");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.JsonAsync())["status"]!.GetValue<int>().ShouldBe(401);
    }

    [Fact]
    public async Task ApproverCookie_PostWithoutAntiforgeryToken_IsRefused_WithTokenItPasses()
    {
        using var approver = await UiClient.SignedInAsync(app, await app.CreateUserAsync("approver"));

        using var forged = await approver.Http.PostAsync("/api/v1/approvals/999999:approve", new StringContent("{}", Encoding.UTF8, "application/json"));
        var token = JsonNode.Parse(await approver.Http.GetStringAsync("/api/v1/session/antiforgery"))!["token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/approvals/999999:approve") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CSRF-TOKEN", token);
        using var genuine = await approver.Http.SendAsync(request);

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("antiforgery", Case.Insensitive);
        genuine.StatusCode.ShouldBe(HttpStatusCode.NotFound, "past the antiforgery check, the approval does not exist");
    }

    [Fact]
    public async Task SignIn_UnknownUserAndLockedUser_GetTheSameAnswer()
    {
        var name = await app.CreateUserAsync("annotator");
        using var client = new UiClient(app);
        for (var i = 0; i < 5; i++)
        {
            (await client.SignInAsync(name, $"wrong-{i}")).Dispose();
        }

        using var locked = await client.SignInAsync(name, UiSeeds.Password);
        using var unknown = await client.SignInAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], UiSeeds.Password);

        locked.StatusCode.ShouldBe(unknown.StatusCode);
        locked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErrorText(await locked.Content.ReadAsStringAsync()).ShouldBe(ErrorText(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AnnotatePage_WithAnUnparsableCounter_ShowsThePage()
    {
        var project = await app.CreateProjectAsync(items: 2, overlap: 1);
        using var annotator = await UiClient.SignedInAsync(app, await app.CreateUserAsync("annotator"));

        using var response = await annotator.Http.GetAsync($"/annotate/{project.Name}?answered=abc");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnnotateKey_CannotReadTheDefinitionOfAProjectItHasNoTaskIn()
    {
        var project = await app.CreateProjectAsync(items: 2, overlap: 1);
        var annotate = await app.ClientAsync(["annotate"]);

        using var before = await annotate.GetAsync($"/api/v1/annotation/projects/{project.Name}");
        var listedBefore = JsonNode.Parse(await annotate.GetStringAsync("/api/v1/annotation/projects"))!.AsArray();
        (await annotate.GetAsync($"/api/v1/annotation/{project.Name}/next")).EnsureSuccessStatusCode();
        using var after = await annotate.GetAsync($"/api/v1/annotation/projects/{project.Name}");

        before.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        listedBefore.Select(p => p!["name"]!.GetValue<string>()).ShouldNotContain(project.Name);
        after.StatusCode.ShouldBe(HttpStatusCode.OK, "holding a task in it, the annotator may read its instructions");
    }

    [Fact]
    public async Task EveryResponse_CarriesSecurityHeaders()
    {
        using var page = await app.AnonymousClient().GetAsync("/signin");
        using var api = await app.AnonymousClient().GetAsync("/api/v1/models");

        foreach (var response in new[] { page, api })
        {
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            csp.ShouldContain("script-src 'self'");
            csp.ShouldNotContain("script-src 'self' 'unsafe-inline'");
            csp.ShouldContain("frame-ancestors 'none'");
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.Contains("Referrer-Policy").ShouldBeTrue();
        }
    }

    [Fact]
    public async Task UnknownAddress_ABrowserGetsAPage_AProgramGetsProblemDetails()
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        browser.Headers.Accept.ParseAdd("text/html");
        using var page = await app.AnonymousClient().SendAsync(browser);
        using var api = await app.AnonymousClient().GetAsync("/api/v1/no-such-thing");

        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("There is nothing at this address");
        api.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static JsonObject Key(string[] scopes, string? model = null)
    {
        var key = new JsonObject { ["name"] = "k", ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]) };
        if (model is not null)
        {
            key["models"] = new JsonArray(model);
        }

        return key;
    }

    private static string ErrorText(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"sign-in-error\">([^<]*)<");
        return match.Success ? match.Groups[1].Value : "(no error shown)";
    }
}
