using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Predictions;
using Feedback.Core.Serving;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Tests.Api;

public abstract class ServingApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : ServingApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : ServingApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Predict_Binary_AnswersTheBundlesScores_AndRecordsEachPredictionFirst()
    {
        var (model, bundles, admin) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var bundle = bundles.Build();
        var random = new Random(11);
        var rows = Enumerable.Range(0, 3).Select(_ => bundles.Row(random)).ToArray();
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostJsonAsync(Url(model), Body(rows, subject: "user-7"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        body["model"]!.GetValue<string>().ShouldBe(model);
        body["version"]!.GetValue<int>().ShouldBe(1);
        var predictions = body["predictions"]!.AsArray();
        predictions.Count.ShouldBe(3);
        await using var context = app.Database.CreateContext();
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = bundle.Predict(rows[i]);
            var served = predictions[i]!;
            served["scores"]!["no"]!.GetValue<double>().ShouldBe(expected[0]);
            served["scores"]!["yes"]!.GetValue<double>().ShouldBe(expected[1]);
            served["label"]!.GetValue<string>().ShouldBe(expected[1] > expected[0] ? "yes" : "no");
            served["exploration"]!.GetValue<bool>().ShouldBeFalse("the model reserves no exploration share");
            served["value"].ShouldBeNull();
            var trackingId = served["trackingId"]!.GetValue<string>();
            Guid.Parse(trackingId).Version.ShouldBe(7);

            var stored = await context.Predictions.SingleAsync(p => p.TrackingId == trackingId);
            stored.Origin.ShouldBe(PredictionOrigin.Served);
            stored.ModelVersion.ShouldBe(1);
            stored.VersionTag.ShouldBeNull();
            stored.OutputLabel.ShouldBe(served["label"]!.GetValue<string>());
            stored.Subject.ShouldBe("user-7");
            stored.Exploration.ShouldBeFalse();
            JsonNode.Parse(stored.Inputs)!["text"]!.GetValue<string>().ShouldBe((string)rows[i]["text"]!);
            JsonNode.Parse(stored.OutputScores!)!["yes"]!.GetValue<double>().ShouldBe(expected[1]);
        }

        var read = await admin.GetStringAsync($"/api/v1/models/{model}/predictions/{predictions[0]!["trackingId"]!.GetValue<string>()}");
        JsonNode.Parse(read)!["outputs"]!["label"]!.GetValue<string>().ShouldBe(predictions[0]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Predict_Multiclass_LabelIsTheClassWithTheHighestScore()
    {
        var (model, bundles, _) = await ServedModelAsync(ModelDefinitionBuilder.Multiclass("low", "mid", "high").WithFeature("amount", "numeric"));
        var bundle = bundles.Build();
        var rows = Enumerable.Range(0, 20).Select(i => bundles.Row(new Random(i))).ToArray();
        var client = await app.ClientAsync(["predict"]);

        var body = await (await client.PostJsonAsync(Url(model), Body(rows))).JsonAsync();

        var predictions = body["predictions"]!.AsArray();
        string[] classes = ["low", "mid", "high"];
        for (var i = 0; i < rows.Length; i++)
        {
            var expected = bundle.Predict(rows[i]);
            classes.Select(c => predictions[i]!["scores"]![c]!.GetValue<double>()).ShouldBe(expected);
            predictions[i]!["label"]!.GetValue<string>().ShouldBe(classes[Array.IndexOf(expected, expected.Max())]);
        }

        predictions.Select(p => p!["label"]!.GetValue<string>()).Distinct().Count().ShouldBeGreaterThan(1, "the synthetic rule uses more than one class");
    }

    [Fact]
    public async Task Predict_Regression_AnswersAValue()
    {
        var (model, bundles, _) = await ServedModelAsync(ModelDefinitionBuilder.Regression());
        var row = bundles.Row(new Random(3));
        var client = await app.ClientAsync(["predict"]);

        var body = await (await client.PostJsonAsync(Url(model), Body([row]))).JsonAsync();

        var served = body["predictions"]![0]!;
        served["value"]!.GetValue<double>().ShouldBe(bundles.Build().Predict(row)[0]);
        served["label"].ShouldBeNull();
        served["scores"].ShouldBeNull();
        await using var context = app.Database.CreateContext();
        var trackingId = served["trackingId"]!.GetValue<string>();
        (await context.Predictions.SingleAsync(p => p.TrackingId == trackingId)).OutputLabel
            .ShouldBe(served["value"]!.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Predict_ExplorationShare_FlagsAboutThatShare_DecidedByTheTrackingId()
    {
        var definition = ModelDefinitionBuilder.Binary();
        var document = definition.Build();
        document["explorationShare"] = 0.25;
        var (model, bundles, _) = await ServedModelAsync(definition, document);
        var random = new Random(1);
        var client = await app.ClientAsync(["predict"]);

        var flags = new List<(string TrackingId, bool Exploration)>();
        for (var request = 0; request < 8; request++)
        {
            var body = await (await client.PostJsonAsync(Url(model), Body(Enumerable.Range(0, 50).Select(_ => bundles.Row(random)).ToArray()))).JsonAsync();
            flags.AddRange(body["predictions"]!.AsArray().Select(p => (p!["trackingId"]!.GetValue<string>(), p["exploration"]!.GetValue<bool>())));
        }

        flags.ShouldAllBe(f => f.Exploration == ExplorationSampler.IsExploration(f.TrackingId, 0.25));
        // 400 draws at 0.25: the standard error is 0.022, so ±0.1 is over four of them.
        ((double)flags.Count(f => f.Exploration) / flags.Count).ShouldBe(0.25, 0.1);
        await using var context = app.Database.CreateContext();
        var stored = await context.Predictions.Where(p => p.ModelId == context.Models.Single(m => m.Name == model).Id)
            .ToDictionaryAsync(p => p.TrackingId, p => p.Exploration);
        flags.ShouldAllBe(f => stored[f.TrackingId] == f.Exploration, "the stored flag is the answered one");
    }

    [Theory]
    [InlineData("""{"text": 5}""", "instances[1].text")]
    [InlineData("""{"text": "x", "colour": "red"}""", "instances[1].colour")]
    [InlineData("""{"amount": 3}""", "instances[1].text")]
    [InlineData("""{"text": "x", "amount": "12"}""", "instances[1].amount")]
    [InlineData("""{"text": "x", "amount": 1e999}""", "instances[1].amount")]
    [InlineData("""{"text": "x", "premium": "yes"}""", "instances[1].premium")]
    [InlineData("""["x"]""", "instances[1]")]
    [InlineData("null", "instances[1]")]
    public async Task Predict_BadInstance_Returns400NamingTheField_AndStoresNothing(string instance, string field)
    {
        var (model, bundles, _) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var good = TrainedBundleBuilder.ToJson(bundles.Row(new Random(2))).ToJsonString();
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostRawAsync(Url(model), $$"""{"instances": [{{good}}, {{instance}}]}""", "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fields = await response.ErrorFieldsAsync();
        fields.ShouldContain(f => f.StartsWith(field, StringComparison.Ordinal), $"errors: {string.Join(", ", fields)}");
        (await StoredCountAsync(model)).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"instances": []}""", "instances")]
    [InlineData("""{}""", "instances")]
    [InlineData("""{"instances": [{"text": "x", "country": "DE"}], "context": 5}""", "context")]
    [InlineData("""{"instances": [{"text": "x", "country": "DE"}], "extra": 1}""", "extra")]
    public async Task Predict_BadBody_Returns400NamingTheField(string body, string field)
    {
        var (model, _, _) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostRawAsync(Url(model), body, "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldContain(f => f.Contains(field, StringComparison.Ordinal));
        (await StoredCountAsync(model)).ShouldBe(0);
    }

    [Fact]
    public async Task Predict_ContextAndSubject_AreAccepted()
    {
        var (model, bundles, _) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var client = await app.ClientAsync(["predict"]);
        var body = Body([bundles.Row(new Random(4))], subject: "user-1");
        body["context"] = new JsonObject { ["surface"] = "checkout" };

        using var response = await client.PostJsonAsync(Url(model), body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Predict_MoreInstancesThanTheBatchLimit_Returns413()
    {
        var (model, _, _) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var client = await app.ClientAsync(["predict"]);
        var instances = string.Join(',', Enumerable.Repeat("""{"text": "x", "country": "DE"}""", 1001));

        using var response = await client.PostRawAsync(Url(model), $$"""{"instances": [{{instances}}]}""", "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ErrorFieldsAsync()).ShouldBe(["instances"]);
        (await StoredCountAsync(model)).ShouldBe(0);
    }

    [Fact]
    public async Task Predict_UnknownModel_Returns404()
    {
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostRawAsync(Url("no-such-model"), """{"instances": [{"text": "x", "country": "DE"}]}""", "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Predict_NoProductionVersion_Returns409_EvenWithACandidate()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        var client = await app.ClientAsync(["predict"]);
        var body = """{"instances": [{"text": "x", "country": "DE"}]}""";

        using var before = await client.PostRawAsync(Url(model), body, "application/json");
        await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Build(), alias: "candidate");
        using var withCandidate = await client.PostRawAsync(Url(model), body, "application/json");

        before.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        withCandidate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await withCandidate.JsonAsync())["detail"]!.GetValue<string>().ShouldContain("production");
        (await StoredCountAsync(model)).ShouldBe(0);
    }

    [Fact]
    public async Task Predict_WrongContentType_Returns415()
    {
        var (model, _, _) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostRawAsync(Url(model), """{"instances": [{"text": "x", "country": "DE"}]}""", "text/plain");

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Predict_NeedsThePredictScopeAndTheModel()
    {
        var (model, _, _) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var body = """{"instances": [{"text": "x", "country": "DE"}]}""";

        using var anonymous = await app.AnonymousClient().PostRawAsync(Url(model), body, "application/json");
        using var feedbackOnly = await (await app.ClientAsync(["feedback"])).PostRawAsync(Url(model), body, "application/json");
        using var otherModel = await (await app.ClientAsync(["predict"], ["some-other-model"])).PostRawAsync(Url(model), body, "application/json");
        using var thisModel = await (await app.ClientAsync(["predict"], [model])).PostRawAsync(Url(model), body, "application/json");
        using var admin = await (await app.AdminClientAsync()).PostRawAsync(Url(model), body, "application/json");

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        feedbackOnly.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        otherModel.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a key limited to other models cannot even learn that this one exists");
        thisModel.StatusCode.ShouldBe(HttpStatusCode.OK);
        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredCountAsync(model)).ShouldBe(2);
    }

    [Fact]
    public async Task Predict_AfterPromotionAndRollback_ServesTheVersionTheAliasPointsAt()
    {
        var (model, bundles, admin) = await ServedModelAsync(ModelDefinitionBuilder.Binary());
        var inverted = TrainedBundleBuilder.For(bundles.Definition).Inverted();
        await ModelVersions.RegisterAsync(app.Services, model, inverted.Build(), alias: null);
        var row = bundles.Row(new Random(9));
        var client = await app.ClientAsync(["predict"]);

        var first = await ServeAsync(client, model, row);
        (await admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 2 })).EnsureSuccessStatusCode();
        var promoted = await ServeAsync(client, model, row);
        (await admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 1, ["reason"] = "rollback" })).EnsureSuccessStatusCode();
        var rolledBack = await ServeAsync(client, model, row);

        (first.Version, promoted.Version, rolledBack.Version).ShouldBe((1, 2, 1));
        first.Yes.ShouldBe(bundles.Build().Predict(row)[1]);
        promoted.Yes.ShouldBe(inverted.Build().Predict(row)[1]);
        promoted.Yes.ShouldNotBe(first.Yes);
        rolledBack.Yes.ShouldBe(first.Yes);
    }

    private static string Url(string model) => $"/api/v1/models/{model}:predict";

    private static JsonObject Body(IEnumerable<Dictionary<string, object?>> rows, string? subject = null)
    {
        var body = new JsonObject { ["instances"] = new JsonArray([.. rows.Select(r => (JsonNode)TrainedBundleBuilder.ToJson(r))]) };
        if (subject is not null)
        {
            body["subject"] = subject;
        }

        return body;
    }

    private static async Task<(int Version, double Yes)> ServeAsync(HttpClient client, string model, Dictionary<string, object?> row)
    {
        var body = await (await client.PostJsonAsync(Url(model), Body([row]))).JsonAsync();
        return (body["version"]!.GetValue<int>(), body["predictions"]![0]!["scores"]!["yes"]!.GetValue<double>());
    }

    /// <summary>Creates the model, registers a trained bundle as version 1 and points <c>production</c> at it.</summary>
    private async Task<(string Model, TrainedBundleBuilder Bundles, HttpClient Admin)> ServedModelAsync(ModelDefinitionBuilder definition, JsonObject? document = null)
    {
        var admin = await app.AdminClientAsync();
        document ??= definition.Build();
        (await admin.PostJsonAsync("/api/v1/models", document)).EnsureSuccessStatusCode();
        var bundles = TrainedBundleBuilder.For(document);
        await ModelVersions.RegisterAsync(app.Services, definition.Name, bundles.Build());
        return (definition.Name, bundles, admin);
    }

    private async Task<int> StoredCountAsync(string model)
    {
        await using var context = app.Database.CreateContext();
        return await context.Predictions.CountAsync(p => p.ModelId == context.Models.Single(m => m.Name == model).Id);
    }
}
