using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Tests.Api;

/// <summary>A model's first version without traffic: the 409 names the API steps to one, or a declared fallback answers.</summary>
public abstract class ServingFallbackTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : ServingFallbackTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : ServingFallbackTests(app), IClassFixture<PostgresApp>;

    private const string Body = """{"instances": [{"text": "x", "country": "DE"}, {"text": "y", "country": "FR"}]}""";

    [Fact]
    public async Task Predict_NoVersionButAFallback_AnswersTheFallback_AndRecordsThePredictionsWithoutAVersion()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary().Build();
        definition["fallback"] = new JsonObject { ["label"] = "no" };
        var model = definition["name"]!.GetValue<string>();
        (await admin.PostJsonAsync("/api/v1/models", definition)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostRawAsync($"/api/v1/models/{model}:predict", Body, "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        body["fallback"]!.GetValue<bool>().ShouldBeTrue();
        body["version"].ShouldBeNull();
        var predictions = body["predictions"]!.AsArray();
        predictions.Select(p => p!["label"]!.GetValue<string>()).ShouldBe(["no", "no"]);
        await using var context = app.Database.CreateContext();
        var ids = predictions.Select(p => p!["trackingId"]!.GetValue<string>()).ToList();
        var stored = await context.Predictions.Where(p => ids.Contains(p.TrackingId)).ToListAsync();
        stored.Count.ShouldBe(2);
        stored.ShouldAllBe(p => p.ModelVersion == null && p.VersionTag == "fallback" && p.OutputLabel == "no");
    }

    [Fact]
    public async Task Predict_NoVersionAndNoFallback_Answers409NamingTheApiStepsToAFirstVersion()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostRawAsync($"/api/v1/models/{model}:predict", Body, "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail = (await response.JsonAsync())["detail"]!.GetValue<string>();
        detail.ShouldContain($"POST /api/v1/models/{model}/predictions");
        detail.ShouldContain($"POST /api/v1/models/{model}/runs");
        detail.ShouldContain("fallback");
    }

    [Fact]
    public async Task Create_FallbackThatIsNotAClass_Returns400NamingTheField_AndStoresNothing()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary().Build();
        definition["fallback"] = new JsonObject { ["label"] = "maybe" };
        var model = definition["name"]!.GetValue<string>();

        using var response = await admin.PostJsonAsync("/api/v1/models", definition);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.JsonAsync())["errors"]!["fallback.label"]![0]!.GetValue<string>().ShouldContain("no, yes");
        (await admin.GetAsync($"/api/v1/models/{model}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
