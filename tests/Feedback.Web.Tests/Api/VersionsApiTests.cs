using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Models;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Api;

public abstract class VersionsApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : VersionsApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : VersionsApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Versions_ListNewestFirst_WithTheAliasesPointingAtEach()
    {
        var (model, admin) = await ModelWithVersionsAsync(3);
        await MoveAsync(admin, model, "production", 2);
        await MoveAsync(admin, model, "candidate", 3);

        var versions = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/versions"))!.AsArray();

        versions.Select(v => v!["version"]!.GetValue<int>()).ShouldBe([3, 2, 1]);
        versions.Select(v => string.Join(",", v!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()))).ShouldBe(["candidate", "production", ""]);
        versions[0]!["definitionRevision"]!.GetValue<int>().ShouldBe(1);
        versions[0]!["bundleHash"]!.GetValue<string>().Length.ShouldBe(64);
        versions[2]!["metadata"]!["trainer"]!.GetValue<string>().ShouldBe("logistic-regression");
        versions[2]!["metadata"]!["auc"]!.GetValue<double>().ShouldBe(0.9);
    }

    [Fact]
    public async Task Version_ReadsOne_AndAnUnknownOneIs404()
    {
        var (model, admin) = await ModelWithVersionsAsync(2);
        await MoveAsync(admin, model, "production", 1);

        var one = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/versions/1"))!;
        using var unknownVersion = await admin.GetAsync($"/api/v1/models/{model}/versions/9");
        using var unknownModel = await admin.GetAsync("/api/v1/models/no-such-model/versions/1");
        using var unknownModelList = await admin.GetAsync("/api/v1/models/no-such-model/versions");

        one["version"]!.GetValue<int>().ShouldBe(1);
        one["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["production"]);
        unknownVersion.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownModel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownModelList.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Aliases_PromoteAndRollBack_AreRecordedWithWhoWhenAndWhy()
    {
        var (model, _) = await ModelWithVersionsAsync(2);
        var key = await app.CreateKeyAsync(["admin"]);
        var admin = app.AnonymousClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);

        var first = await MoveAsync(admin, model, "production", 1, "first model");
        var promote = await MoveAsync(admin, model, "production", 2, "blessed");
        var rollback = await MoveAsync(admin, model, "production", 1, "complaints after the push");
        var state = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/aliases"))!;

        first["previousVersion"].ShouldBeNull();
        promote["previousVersion"]!.GetValue<int>().ShouldBe(1);
        rollback["version"]!.GetValue<int>().ShouldBe(1);
        rollback["previousVersion"]!.GetValue<int>().ShouldBe(2);
        rollback["movedBy"]!.GetValue<string>().ShouldBe(key.ApiKey.Id);
        state["aliases"]!.AsArray().Select(a => (a!["alias"]!.GetValue<string>(), a["version"]!.GetValue<int>())).ShouldBe([("production", 1)]);
        var history = state["history"]!.AsArray();
        history.Select(h => (h!["version"]!.GetValue<int>(), h["previousVersion"]?.GetValue<int>(), h["reason"]!.GetValue<string>()))
            .ShouldBe([(1, 2, "complaints after the push"), (2, 1, "blessed"), (1, (int?)null, "first model")]);
        history.ShouldAllBe(h => h!["movedAt"] != null);
    }

    [Theory]
    [InlineData("production", """{"version": 9}""", HttpStatusCode.NotFound, null)]
    [InlineData("production", """{"reason": "no version"}""", HttpStatusCode.BadRequest, "version")]
    [InlineData("production", """{"version": "1"}""", HttpStatusCode.BadRequest, "version")]
    [InlineData("Pro%20duction", """{"version": 1}""", HttpStatusCode.BadRequest, "alias")]
    public async Task MoveAlias_BadRequests_AreRejectedAndRecordNothing(string alias, string body, HttpStatusCode expected, string? field)
    {
        var (model, admin) = await ModelWithVersionsAsync(1);

        using var response = await admin.PostRawAsync($"/api/v1/models/{model}/aliases/{alias}", body, "application/json");

        response.StatusCode.ShouldBe(expected);
        if (field is not null)
        {
            (await response.ErrorFieldsAsync()).ShouldContain(f => f.Contains(field, StringComparison.Ordinal));
        }

        var state = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/aliases"))!;
        state["history"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task MoveAlias_NeedsAdmin_AndReadsNeedTheModel()
    {
        var (model, admin) = await ModelWithVersionsAsync(1);
        var predict = await app.ClientAsync(["predict"]);
        var otherModel = await app.ClientAsync(["predict"], ["some-other-model"]);

        using var moveByPredictKey = await predict.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 1 });
        using var readByPredictKey = await predict.GetAsync($"/api/v1/models/{model}/versions");
        using var readByOtherModelsKey = await otherModel.GetAsync($"/api/v1/models/{model}/versions");
        using var aliasesByOtherModelsKey = await otherModel.GetAsync($"/api/v1/models/{model}/aliases");

        moveByPredictKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        readByPredictKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        readByOtherModelsKey.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        aliasesByOtherModelsKey.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/aliases"))!["history"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenApi_DocumentsTheServingAndVersionEndpoints()
    {
        var document = JsonNode.Parse(await app.AnonymousClient().GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/models/{name}:predict");
        paths.ShouldContain("/api/v1/models/{name}/versions");
        paths.ShouldContain("/api/v1/models/{name}/versions/{version}");
        paths.ShouldContain("/api/v1/models/{name}/aliases");
        paths.ShouldContain("/api/v1/models/{name}/aliases/{alias}");
        document["paths"]!["/api/v1/models/{name}:predict"]!["post"]!["requestBody"]!["content"]!["application/json"].ShouldNotBeNull();
    }

    private async Task<(string Model, HttpClient Admin)> ModelWithVersionsAsync(int count)
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        var bundle = TrainedBundleBuilder.For(definition.Build()).BuildBytes();
        await using var scope = app.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
        var id = await ModelIdAsync(model);
        for (var i = 0; i < count; i++)
        {
            await registry.RegisterAsync(id, 1, i == 0 ? null : i, bundle, """{"trainer":"logistic-regression","auc":0.9}""", CancellationToken.None);
        }

        return (model, admin);
    }

    private async Task<long> ModelIdAsync(string model)
    {
        await using var context = app.Database.CreateContext();
        return context.Models.Single(m => m.Name == model).Id;
    }

    private static async Task<JsonNode> MoveAsync(HttpClient admin, string model, string alias, int version, string? reason = null)
    {
        var body = new JsonObject { ["version"] = version };
        if (reason is not null)
        {
            body["reason"] = reason;
        }

        using var response = await admin.PostJsonAsync($"/api/v1/models/{model}/aliases/{alias}", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }
}
