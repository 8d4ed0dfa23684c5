using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Web.Tests.Api;

public abstract class ModelsApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : ModelsApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : ModelsApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Create_FromJson_ReturnsRevisionOneWithCanonicalDefinition()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();

        using var response = await admin.PostJsonAsync("/api/v1/models", model.Build());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/models/{model.Name}");
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var body = await response.JsonAsync();
        body["revision"]!.GetValue<int>().ShouldBe(1);
        body["taskType"]!.GetValue<string>().ShouldBe("binary");
        var definition = body["definition"]!;
        definition["features"]!.AsArray().Count.ShouldBe(4);
        definition["retention"]!.GetValue<string>().ShouldBe("90d", "defaults are written out so the stored revision is complete");
        definition["labelPolicy"]!["stars"]!["up"].Describe().ShouldBe("[4,5]");
    }

    [Fact]
    public async Task Create_FromYaml_StoresTheSameDefinitionAsJson()
    {
        var admin = await app.AdminClientAsync();
        var name = UniqueNames.Model();
        var yaml = $"""
            name: {name}
            taskType: binary
            labelClasses: [no, yes]   # plain scalars, not booleans
            features:
              - name: text
                type: text
                maxLength: 500
              - name: amount
                type: numeric
                required: false
            labelPolicy:
              positiveActions:
                - name: click
                  window: 30m
              minCrowdConfidence: 0.8
            retention: 30d
            """;

        using var response = await admin.PostAsync("/api/v1/models", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var definition = (await response.JsonAsync())["definition"]!;
        definition["labelClasses"].Describe().ShouldBe("[\"no\",\"yes\"]");
        definition["features"]![0]!["maxLength"]!.GetValue<int>().ShouldBe(500);
        definition["features"]![1]!["required"]!.GetValue<bool>().ShouldBeFalse();
        definition["labelPolicy"]!["positiveActions"]![0]!["window"]!.GetValue<string>().ShouldBe("30m");
        definition["labelPolicy"]!["minCrowdConfidence"]!.GetValue<double>().ShouldBe(0.8);
        definition["retention"]!.GetValue<string>().ShouldBe("30d");
    }

    [Theory]
    [InlineData("name: x\nfeatures: [a, b\n", "line")]
    [InlineData("name: x\nfeatures: [a, b\ntaskType: binary\n", "not valid YAML")]
    [InlineData("a: b: c\n", "line 1")]
    public async Task Create_MalformedYaml_Returns400SayingWhere(string yaml, string expected)
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.PostAsync("/api/v1/models", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        problem["errors"]!["body"]![0]!.GetValue<string>().ShouldContain(expected);
    }

    [Fact]
    public async Task Create_InvalidDefinition_Returns400NamingEveryBadField()
    {
        var admin = await app.AdminClientAsync();
        var document = new JsonObject
        {
            ["name"] = "Bad Name!",
            ["taskType"] = "binary",
            ["labelClasses"] = new JsonArray("a", "b", "c"),
            ["features"] = new JsonArray(
                new JsonObject { ["name"] = "x", ["type"] = "vector" },
                new JsonObject { ["name"] = "x", ["type"] = "numeric" }),
            ["labelPolicy"] = new JsonObject { ["stars"] = new JsonObject { ["up"] = new JsonArray(6) } },
            ["retention"] = "forever",
        };

        using var response = await admin.PostJsonAsync("/api/v1/models", document);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fields = await response.ErrorFieldsAsync();
        fields.ShouldBe(["name", "labelClasses", "features[0].type", "features[1].name", "labelPolicy.stars.up[0]", "retention"], ignoreOrder: true);
    }

    [Fact]
    public async Task Create_BadTrainingFrictionSettings_Returns400NamingThem_AndStoresNothing()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        var document = model.Build();
        var firstFeature = document["features"]![0]!["name"]!.GetValue<string>();
        document["pipeline"] = new JsonObject { ["trainer"] = "logistic-regression", ["hyperParameters"] = new JsonObject { ["l2"] = 0.001, ["C"] = 1.0 } };
        document["evaluation"] = new JsonObject { ["thresholds"] = "some" };
        document["import"] = new JsonObject { ["missingValues"] = new JsonArray("NA", "na"), ["ignoreColumns"] = new JsonArray(firstFeature) };

        using var response = await admin.PostJsonAsync("/api/v1/models", document);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.JsonAsync();
        (await response.ErrorFieldsAsync()).ShouldBe(["pipeline.hyperParameters", "evaluation.thresholds", "import.missingValues", "import.ignoreColumns[0]"], ignoreOrder: true);
        var both = problem["errors"]!["pipeline.hyperParameters"]![0]!.GetValue<string>();
        both.ShouldContain("l2");
        both.ShouldContain("C");
        (await admin.GetAsync($"/api/v1/models/{model.Name}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WithImportAndThresholdsNone_StoresThemInTheCanonicalDefinition()
    {
        var admin = await app.AdminClientAsync();
        var document = ModelDefinitionBuilder.Binary().Build();
        document["pipeline"] = new JsonObject { ["trainer"] = "logistic-regression", ["hyperParameters"] = new JsonObject { ["C"] = 0.5, ["tolerance"] = 1e-6 } };
        document["evaluation"] = new JsonObject { ["thresholds"] = "none" };
        document["import"] = new JsonObject { ["missingValues"] = new JsonArray("?"), ["ignoreExtraColumns"] = true };

        using var response = await admin.PostJsonAsync("/api/v1/models", document);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var definition = (await response.JsonAsync())["definition"]!;
        definition["pipeline"]!["hyperParameters"]!["C"]!.GetValue<double>().ShouldBe(0.5);
        definition["evaluation"]!["thresholds"]!.GetValue<string>().ShouldBe("none");
        definition["import"]!["missingValues"].Describe().ShouldBe("[\"?\"]");
        definition["import"]!["ignoreExtraColumns"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Create_UnknownField_Returns400NamingIt()
    {
        var admin = await app.AdminClientAsync();
        var document = ModelDefinitionBuilder.Binary().Build();
        document["featurs"] = new JsonArray();

        using var response = await admin.PostJsonAsync("/api/v1/models", document);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["featurs"]);
    }

    [Fact]
    public async Task Create_ExistingName_Returns409AndKeepsTheOriginal()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        await model.CreateAsync(admin);

        using var response = await admin.PostJsonAsync("/api/v1/models", ModelDefinitionBuilder.Multiclass("a", "b", "c").Named(model.Name).Build());

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var current = await admin.GetFromJsonAsync(model.Name);
        current["taskType"]!.GetValue<string>().ShouldBe("binary");
    }

    [Fact]
    public async Task Update_ChangedDefinition_AppendsRevisionAndKeepsHistory()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        await model.CreateAsync(admin);

        var edited = model.WithFeature("channel", "categorical", required: false).Build();
        using var update = await admin.PutAsync($"/api/v1/models/{model.Name}", Json(edited));

        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        (await update.JsonAsync())["revision"]!.GetValue<int>().ShouldBe(2);
        var revisions = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model.Name}/revisions"))!.AsArray();
        revisions.Select(r => r!["revision"]!.GetValue<int>()).ShouldBe([2, 1]);
        revisions[1]!["definition"]!["features"]!.AsArray().Count.ShouldBe(4);
        revisions[0]!["definition"]!["features"]!.AsArray().Count.ShouldBe(5);
    }

    [Fact]
    public async Task Update_IdenticalDefinition_DoesNotAppendRevision()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        await model.CreateAsync(admin);

        using var update = await admin.PutAsync($"/api/v1/models/{model.Name}", Json(model.Build()));

        update.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await update.JsonAsync())["revision"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412AndChangesNothing()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        await model.CreateAsync(admin);
        using (var first = await admin.PutAsync($"/api/v1/models/{model.Name}", Json(model.WithRetention("10d").Build())))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/models/{model.Name}") { Content = Json(model.WithRetention("20d").Build()) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var stale = await admin.SendAsync(request);

        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var current = await admin.GetFromJsonAsync(model.Name);
        current["revision"]!.GetValue<int>().ShouldBe(2);
        current["definition"]!["retention"]!.GetValue<string>().ShouldBe("10d");
    }

    [Fact]
    public async Task Update_ChangingTaskTypeOrName_Returns400()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        await model.CreateAsync(admin);

        using var taskType = await admin.PutAsync($"/api/v1/models/{model.Name}", Json(ModelDefinitionBuilder.Multiclass("a", "b", "c").Named(model.Name).Build()));
        using var rename = await admin.PutAsync($"/api/v1/models/{model.Name}", Json(ModelDefinitionBuilder.Binary().Build()));

        taskType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await taskType.ErrorFieldsAsync()).ShouldBe(["taskType"]);
        rename.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await rename.ErrorFieldsAsync()).ShouldBe(["name"]);
    }

    [Fact]
    public async Task Get_UnknownModel_Returns404()
    {
        var admin = await app.AdminClientAsync();

        using var response = await admin.GetAsync($"/api/v1/models/{UniqueNames.Model()}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithFeedbackKey_Returns403AndCreateToo()
    {
        var admin = await app.AdminClientAsync();
        var model = ModelDefinitionBuilder.Binary();
        await model.CreateAsync(admin);
        var feedbackOnly = await app.ClientAsync(["feedback"]);

        using var update = await feedbackOnly.PutAsync($"/api/v1/models/{model.Name}", Json(model.WithRetention("1d").Build()));
        using var create = await feedbackOnly.PostJsonAsync("/api/v1/models", ModelDefinitionBuilder.Binary().Build());

        update.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.GetFromJsonAsync(model.Name))["revision"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Get_KeyRestrictedToAnotherModel_SeesNeitherItNorItInTheList()
    {
        var admin = await app.AdminClientAsync();
        var mine = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var other = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var restricted = await app.ClientAsync(["predict"], models: [mine]);

        using var hidden = await restricted.GetAsync($"/api/v1/models/{other}");
        var list = JsonNode.Parse(await restricted.GetStringAsync("/api/v1/models"))!.AsArray();

        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        list.Select(m => m!["name"]!.GetValue<string>()).ShouldBe([mine]);
    }

    [Fact]
    public async Task AnyEndpoint_WithoutKey_Returns401Problem()
    {
        using var response = await app.AnonymousClient().GetAsync("/api/v1/models");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}

internal static class ModelClientExtensions
{
    public static async Task<JsonObject> GetFromJsonAsync(this HttpClient client, string modelName) =>
        (JsonNode.Parse(await client.GetStringAsync($"/api/v1/models/{modelName}")) as JsonObject)!;
}
