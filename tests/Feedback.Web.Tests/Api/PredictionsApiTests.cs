using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Web.Tests.Api;

public abstract class PredictionsApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : PredictionsApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : PredictionsApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Log_Batch_ReturnsEachRowsTrackingIdClientSuppliedOrGenerated()
    {
        var (model, client) = await SetUpAsync();
        var clientId = UniqueNames.Id("t");

        using var response = await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(clientId), Predictions.Row()));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var rows = (await response.JsonAsync())["predictions"]!.AsArray();
        rows.Count.ShouldBe(2);
        rows[0]!["trackingId"]!.GetValue<string>().ShouldBe(clientId);
        rows[0]!["status"]!.GetValue<string>().ShouldBe("created");
        Guid.TryParse(rows[1]!["trackingId"]!.GetValue<string>(), out var generated).ShouldBeTrue();
        generated.Version.ShouldBe(7, "server-generated tracking IDs are time-ordered UUIDv7");
    }

    [Fact]
    public async Task Get_ReturnsStoredInputsOutputsAndVersionTag()
    {
        var (model, client) = await SetUpAsync();
        var id = UniqueNames.Id("t");
        var body = Predictions.Batch(Predictions.Row(id, text: "späte Zustellung ✓", amount: 0.1, country: "AT"));
        body["version"] = "2024-06-rc1";
        body["predictions"]![0]!["servedAt"] = "2026-11-01T10:00:00.1234567+02:00";
        body["predictions"]![0]!["subject"] = "user-42";
        (await client.PostJsonAsync(Url(model), body)).EnsureSuccessStatusCode();

        var stored = JsonNode.Parse(await client.GetStringAsync($"{Url(model)}/{id}"))!;

        stored["inputs"].Describe().ShouldBe("""{"text":"späte Zustellung ✓","amount":0.1,"country":"AT"}""");
        stored["outputs"]!["label"]!.GetValue<string>().ShouldBe("yes");
        stored["outputs"]!["scores"]!["yes"]!.GetValue<double>().ShouldBe(0.8);
        stored["versionTag"]!.GetValue<string>().ShouldBe("2024-06-rc1");
        stored["subject"]!.GetValue<string>().ShouldBe("user-42");
        DateTimeOffset.Parse(stored["servedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(DateTimeOffset.Parse("2026-11-01T08:00:00.123456Z", System.Globalization.CultureInfo.InvariantCulture), "stored in UTC at microsecond precision");
        stored["feedback"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Log_NdJson_StoresEveryLine()
    {
        var (model, client) = await SetUpAsync();
        var ids = new[] { UniqueNames.Id("t"), UniqueNames.Id("t"), UniqueNames.Id("t") };
        var body = string.Join("\n", ids.Select(id => Predictions.Row(id).ToJsonString())) + "\n\n";

        using var response = await client.PostRawAsync(Url(model), body, "application/x-ndjson");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        foreach (var id in ids)
        {
            (await client.GetAsync($"{Url(model)}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Log_SameRowsAgain_IsIdempotent()
    {
        var (model, client) = await SetUpAsync();
        var body = Predictions.Batch(Predictions.Row(UniqueNames.Id("t")), Predictions.Row(UniqueNames.Id("t")));
        (await client.PostJsonAsync(Url(model), body)).EnsureSuccessStatusCode();

        using var replay = await client.PostJsonAsync(Url(model), body);

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.JsonAsync())["predictions"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()).ShouldBe(["duplicate", "duplicate"]);
    }

    [Fact]
    public async Task Log_ReusedTrackingIdWithOtherContent_Returns409AndStoresNothingFromTheBatch()
    {
        var (model, client) = await SetUpAsync();
        var existing = UniqueNames.Id("t");
        (await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(existing, text: "first")))).EnsureSuccessStatusCode();
        var fresh = UniqueNames.Id("t");

        using var response = await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(fresh), Predictions.Row(existing, text: "second")));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ErrorFieldsAsync()).ShouldBe(["predictions[1].trackingId"]);
        (await client.GetAsync($"{Url(model)}/{fresh}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a rejected batch stores nothing");
        var stored = JsonNode.Parse(await client.GetStringAsync($"{Url(model)}/{existing}"))!;
        stored["inputs"]!["text"]!.GetValue<string>().ShouldBe("first");
    }

    [Fact]
    public async Task Log_TrackingIdOfAnotherModel_Returns409()
    {
        var (model, client) = await SetUpAsync();
        var otherModel = await ModelDefinitionBuilder.Binary().CreateAsync(client);
        var id = UniqueNames.Id("t");
        (await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(id)))).EnsureSuccessStatusCode();

        using var response = await client.PostJsonAsync(Url(otherModel), Predictions.Batch(Predictions.Row(id)));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"text": 5, "country": "DE"}""", "predictions[0].inputs.text")]
    [InlineData("""{"text": "x", "country": "DE", "colour": "red"}""", "predictions[0].inputs.colour")]
    [InlineData("""{"country": "DE"}""", "predictions[0].inputs.text")]
    [InlineData("""{"text": null, "country": "DE"}""", "predictions[0].inputs.text")]
    [InlineData("""{"text": "x", "country": "DE", "amount": "12"}""", "predictions[0].inputs.amount")]
    [InlineData("""{"text": "x", "country": "DE", "amount": 1e999}""", "predictions[0].inputs.amount")]
    [InlineData("""{"text": "x", "country": "DE", "premium": "yes"}""", "predictions[0].inputs.premium")]
    [InlineData("""{"text": "x", "country": ["DE"]}""", "predictions[0].inputs.country")]
    [InlineData("""{"text": "x", "text": "y", "country": "DE"}""", "predictions[0].inputs")]
    [InlineData("""["x"]""", "predictions[0].inputs")]
    public async Task Log_BadInputs_Returns400NamingTheFieldAndStoresNothing(string inputs, string field)
    {
        var (model, client) = await SetUpAsync();
        var good = UniqueNames.Id("t");
        var bad = new JsonObject { ["trackingId"] = UniqueNames.Id("t"), ["inputs"] = JsonNode.Parse(inputs) };
        var body = $$"""{"predictions": [{{Predictions.Row(good).ToJsonString()}}, {"trackingId": "{{UniqueNames.Id("t")}}", "inputs": {{inputs}} }]}""";

        using var response = await client.PostRawAsync(Url(model), body, "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fields = await response.ErrorFieldsAsync();
        fields.ShouldContain(f => f.Replace("[1]", "[0]", StringComparison.Ordinal).StartsWith(field, StringComparison.Ordinal), $"errors: {string.Join(", ", fields)}");
        (await client.GetAsync($"{Url(model)}/{good}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        bad.ShouldNotBeNull();
    }

    [Fact]
    public async Task Log_TextLongerThanSchemaAllows_Returns400()
    {
        var admin = await app.AdminClientAsync();
        var model = await new ModelDefinitionBuilder().WithFeature("text", "text", maxLength: 10).CreateAsync(admin);

        using var response = await admin.PostJsonAsync(Url(model), Predictions.Batch(new JsonObject { ["inputs"] = new JsonObject { ["text"] = new string('x', 11) } }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["predictions[0].inputs.text"]);
    }

    [Theory]
    [InlineData("""{"label": "maybe"}""", "predictions[0].outputs.label")]
    [InlineData("""{"scores": {"yes": 1.5}}""", "predictions[0].outputs.scores.yes")]
    [InlineData("""{"scores": {"perhaps": 0.5}}""", "predictions[0].outputs.scores.perhaps")]
    [InlineData("""{"scores": {"yes": NaN}}""", "predictions[0].outputs.scores.yes")]
    [InlineData("""{"scores": {"yes": "0.5"}}""", "predictions[0].outputs.scores.yes")]
    public async Task Log_BadOutputs_Returns400NamingTheField(string outputs, string field)
    {
        var (model, client) = await SetUpAsync();
        var body = $$"""{"predictions": [{"inputs": {"text": "x", "country": "DE"}, "outputs": {{outputs}} }]}""";

        using var response = await client.PostRawAsync(Url(model), body, "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe([field]);
    }

    [Fact]
    public async Task Log_DuplicateTrackingIdsInOneBatch_Returns400()
    {
        var (model, client) = await SetUpAsync();
        var id = UniqueNames.Id("t");

        using var response = await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(id), Predictions.Row(id)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["predictions[1].trackingId"]);
        (await client.GetAsync($"{Url(model)}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Log_InvalidTrackingIdAndServedAtInFuture_Returns400()
    {
        var (model, client) = await SetUpAsync();
        var row = Predictions.Row("has spaces/and slashes");
        row["servedAt"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O");

        using var response = await client.PostJsonAsync(Url(model), Predictions.Batch(row));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["predictions[0].trackingId", "predictions[0].servedAt"], ignoreOrder: true);
    }

    [Fact]
    public async Task Log_UnknownModel_Returns404()
    {
        var client = await app.AdminClientAsync();

        using var response = await client.PostJsonAsync(Url(UniqueNames.Model()), Predictions.Batch(Predictions.Row()));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Log_MoreRowsThanTheBatchLimit_Returns413()
    {
        var (model, client) = await SetUpAsync();
        var rows = Enumerable.Range(0, 1001).Select(_ => Predictions.Row()).ToArray();

        using var response = await client.PostJsonAsync(Url(model), Predictions.Batch(rows));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ErrorFieldsAsync()).ShouldBe(["predictions"]);
    }

    [Fact]
    public async Task Log_BodyOverTheSizeLimit_Returns413()
    {
        var (model, client) = await SetUpAsync();

        using var response = await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(text: new string('x', 5 * 1024 * 1024))));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ErrorFieldsAsync()).ShouldBe(["body"]);
    }

    [Theory]
    [InlineData("{\"predictions\": [", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"predictions\": []}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"predictions\": [{}]}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("{\"predictions\": [{}]}", "application/xml", HttpStatusCode.UnsupportedMediaType)]
    public async Task Log_MalformedBodyOrWrongContentType_IsRejectedWithProblemDetails(string body, string contentType, HttpStatusCode expected)
    {
        var (model, client) = await SetUpAsync();

        using var response = await client.PostRawAsync(Url(model), body, contentType);

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.JsonAsync())["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Log_WithFeedbackKey_Returns403()
    {
        var (model, _) = await SetUpAsync();
        var feedbackOnly = await app.ClientAsync(["feedback"]);

        using var response = await feedbackOnly.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row()));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Log_KeyRestrictedToAnotherModel_Returns404()
    {
        var (model, admin) = await SetUpAsync();
        var other = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var restricted = await app.ClientAsync(["predict"], models: [other]);

        using var response = await restricted.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row()));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a key limited to other models cannot learn that this one exists");
    }

    [Fact]
    public async Task Get_UnknownTrackingIdOrWrongModel_Returns404()
    {
        var (model, client) = await SetUpAsync();
        var other = await ModelDefinitionBuilder.Binary().CreateAsync(client);
        var id = UniqueNames.Id("t");
        (await client.PostJsonAsync(Url(model), Predictions.Batch(Predictions.Row(id)))).EnsureSuccessStatusCode();

        (await client.GetAsync($"{Url(model)}/{UniqueNames.Id("t")}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"{Url(other)}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<(string Model, HttpClient Client)> SetUpAsync()
    {
        var admin = await app.AdminClientAsync();
        return (await ModelDefinitionBuilder.Binary().CreateAsync(admin), admin);
    }

    private static string Url(string model) => $"/api/v1/models/{model}/predictions";
}
