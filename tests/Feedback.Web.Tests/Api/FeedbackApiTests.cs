using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Web.Tests.Api;

public abstract class FeedbackApiTests(FeedbackAppFixture app)
{
    private const string Url = "/api/v1/feedback";

    public sealed class OnSqlite(SqliteApp app) : FeedbackApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : FeedbackApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Record_SingleEvent_IsStoredAndLinkedToItsPrediction()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);

        using var response = await client.PostJsonAsync(Url, Events.Rating(trackingId, "up", eventId: "e-1"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        body["created"]!.GetValue<int>().ShouldBe(1);
        body["events"]![0]!["linked"]!.GetValue<bool>().ShouldBeTrue();
        var feedback = await FeedbackOfAsync(model, trackingId);
        feedback.Count.ShouldBe(1);
        feedback[0]!["kind"]!.GetValue<string>().ShouldBe("rating");
        feedback[0]!["value"]!.GetValue<string>().ShouldBe("up");
    }

    [Fact]
    public async Task Record_BatchOfEveryKind_StoresEachWithItsFields()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);
        var batch = Events.Batch(
            Events.Rating(trackingId, 4),
            Events.Correction(trackingId, "no"),
            Events.Action(trackingId, "click", value: 2.5),
            Events.Outcome(trackingId, "yes"),
            Events.Harm(trackingId, "offensive", "high", comment: "call me on 555-123-4567 or write to jane.doe@example.com"));

        using var response = await client.PostJsonAsync(Url, batch);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var feedback = await FeedbackOfAsync(model, trackingId);
        feedback.Select(e => e!["kind"]!.GetValue<string>()).ShouldBe(["rating", "correction", "action", "outcome", "harm"], ignoreOrder: true);
        var byKind = feedback.ToDictionary(e => e!["kind"]!.GetValue<string>());
        byKind["rating"]!["value"]!.GetValue<double>().ShouldBe(4);
        byKind["correction"]!["label"]!.GetValue<string>().ShouldBe("no");
        byKind["action"]!["action"]!.GetValue<string>().ShouldBe("click");
        byKind["action"]!["value"]!.GetValue<double>().ShouldBe(2.5);
        byKind["harm"]!["severity"]!.GetValue<string>().ShouldBe("high");
        byKind["harm"]!["comment"]!.GetValue<string>().ShouldBe("call me on [phone] or write to [email]", "personal data is scrubbed before storage");
    }

    [Fact]
    public async Task Record_NdJson_StoresEveryLine()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);

        using var response = await client.PostRawAsync(Url, Events.NdJson(Events.Rating(trackingId, "down"), Events.Correction(trackingId, "no")), "application/x-ndjson");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await FeedbackOfAsync(model, trackingId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Record_ReplayedEventIds_SucceedAsDuplicatesAndStoreOnce()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);
        var batch = Events.Batch(Events.Rating(trackingId, "up"), Events.Correction(trackingId, "yes"));
        (await client.PostJsonAsync(Url, batch)).EnsureSuccessStatusCode();

        using var replay = await client.PostJsonAsync(Url, batch);

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await replay.JsonAsync();
        body["created"]!.GetValue<int>().ShouldBe(0);
        body["duplicates"]!.GetValue<int>().ShouldBe(2);
        (await FeedbackOfAsync(model, trackingId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Record_SameEventIdFromAnotherSource_IsADifferentEvent()
    {
        var (model, trackingId) = await PredictionAsync();
        var mobile = await app.ClientAsync(["feedback"], source: UniqueNames.Id("mobile"));
        var web = await app.ClientAsync(["feedback"], source: UniqueNames.Id("web"));

        (await mobile.PostJsonAsync(Url, Events.Rating(trackingId, "up", eventId: "42"))).EnsureSuccessStatusCode();
        using var second = await web.PostJsonAsync(Url, Events.Rating(trackingId, "down", eventId: "42"));

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.JsonAsync())["created"]!.GetValue<int>().ShouldBe(1);
        (await FeedbackOfAsync(model, trackingId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Record_ReusedEventIdWithOtherContent_Returns409AndStoresNothingFromTheBatch()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);
        var eventId = UniqueNames.Id("e");
        (await client.PostJsonAsync(Url, Events.Rating(trackingId, "up", eventId))).EnsureSuccessStatusCode();

        using var response = await client.PostJsonAsync(Url, Events.Batch(Events.Correction(trackingId, "no"), Events.Rating(trackingId, "down", eventId)));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ErrorFieldsAsync()).ShouldBe(["events[1].eventId"]);
        var feedback = await FeedbackOfAsync(model, trackingId);
        feedback.Count.ShouldBe(1);
        feedback[0]!["value"]!.GetValue<string>().ShouldBe("up");
    }

    [Fact]
    public async Task Record_BeforeThePredictionExists_IsKeptAndShownOnceItArrives()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var trackingId = UniqueNames.Id("late");
        var client = await app.ClientAsync(["feedback"]);

        using var early = await client.PostJsonAsync(Url, Events.Correction(trackingId, "no"));
        early.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await early.JsonAsync())["events"]![0]!["linked"]!.GetValue<bool>().ShouldBeFalse();

        (await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", Predictions.Batch(Predictions.Row(trackingId)))).EnsureSuccessStatusCode();

        var feedback = await FeedbackOfAsync(model, trackingId);
        feedback.Count.ShouldBe(1);
        feedback[0]!["label"]!.GetValue<string>().ShouldBe("no");
    }

    [Theory]
    [InlineData("""{"trackingId": "t", "kind": "rating", "value": "up"}""", "eventId")]
    [InlineData("""{"eventId": "e", "kind": "rating", "value": "up"}""", "trackingId")]
    [InlineData("""{"eventId": "e", "trackingId": "t bad", "kind": "rating", "value": "up"}""", "trackingId")]
    [InlineData("""{"eventId": "e", "trackingId": "t"}""", "kind")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "like"}""", "kind")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": "sideways"}""", "value")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": 6}""", "value")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": 4.5}""", "value")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating"}""", "value")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "correction"}""", "label")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "correction", "label": ""}""", "label")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "correction", "label": true}""", "label")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "action"}""", "action")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "action", "action": "Click Me"}""", "action")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "action", "action": "dwell", "value": "long"}""", "value")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "harm", "category": "abuse", "severity": "apocalyptic"}""", "severity")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "harm", "severity": "low"}""", "category")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": "up", "label": "yes"}""", "label")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": "up", "occurredAt": "yesterday"}""", "occurredAt")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": "up", "occurredAt": "2999-01-01T00:00:00Z"}""", "occurredAt")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": "up", "mood": "happy"}""", "mood")]
    [InlineData("""{"eventId": "e", "trackingId": "t", "kind": "rating", "value": "up", "kind": "rating"}""", "kind")]
    [InlineData("""{"eventId": 7, "trackingId": "t", "kind": "rating", "value": "up"}""", "eventId")]
    public async Task Record_BadEvent_Returns400NamingTheField(string json, string field)
    {
        var client = await app.ClientAsync(["feedback"]);

        using var single = await client.PostRawAsync(Url, json, "application/json");
        using var batch = await client.PostRawAsync(Url, $$"""{"events": [{"eventId": "{{UniqueNames.Id("ok")}}", "trackingId": "t", "kind": "rating", "value": "up"}, {{json}}]}""", "application/json");

        single.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await single.ErrorFieldsAsync()).ShouldContain(field);
        batch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await batch.ErrorFieldsAsync()).ShouldContain($"events[1].{field}");
    }

    [Fact]
    public async Task Record_RejectedBatch_StoresNoneOfItsValidEvents()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);
        var invalid = Events.Rating(trackingId, "sideways");

        using var response = await client.PostJsonAsync(Url, Events.Batch(Events.Rating(trackingId, "up"), invalid));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await FeedbackOfAsync(model, trackingId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Record_LabelThatIsNotAClassOfTheKnownPredictionsModel_Returns400()
    {
        var (model, trackingId) = await PredictionAsync();
        var client = await app.ClientAsync(["feedback"]);

        using var response = await client.PostJsonAsync(Url, Events.Batch(Events.Correction(trackingId, "maybe")));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["events[0].label"]);
        (await FeedbackOfAsync(model, trackingId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Record_NumericOutcomeForRegressionModel_IsStoredAsItsLabel()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Regression().CreateAsync(admin);
        var trackingId = UniqueNames.Id("t");
        var row = new JsonObject { ["trackingId"] = trackingId, ["inputs"] = new JsonObject { ["amount"] = 3 }, ["outputs"] = new JsonObject { ["label"] = 2.5 } };
        (await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", Predictions.Batch(row))).EnsureSuccessStatusCode();

        using var numeric = await admin.PostJsonAsync(Url, Events.Outcome(trackingId, 3.25));
        using var text = await admin.PostJsonAsync(Url, Events.Outcome(trackingId, "high"));

        numeric.StatusCode.ShouldBe(HttpStatusCode.OK);
        text.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await FeedbackOfAsync(model, trackingId)).Single()!["label"]!.GetValue<string>().ShouldBe("3.25");
    }

    [Fact]
    public async Task Record_DuplicateEventIdsInOneBatch_Returns400()
    {
        var client = await app.ClientAsync(["feedback"]);
        var eventId = UniqueNames.Id("e");

        using var response = await client.PostJsonAsync(Url, Events.Batch(Events.Rating("t1", "up", eventId), Events.Rating("t2", "down", eventId)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["events[1].eventId"]);
    }

    [Fact]
    public async Task Record_EventsMixedWithSingleEventFields_Returns400()
    {
        var client = await app.ClientAsync(["feedback"]);
        var body = Events.Batch(Events.Rating("t1", "up"));
        body["eventId"] = "stray";

        using var response = await client.PostJsonAsync(Url, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["events"]);
    }

    [Fact]
    public async Task Record_NdJsonWithABadLine_NamesTheRecordAndLine()
    {
        var client = await app.ClientAsync(["feedback"]);
        var invalidValue = Events.NdJson(Events.Rating("t1", "up")) + "\n{\"eventId\": \"x\", \"trackingId\": \"t\", \"kind\": \"rating\", \"value\": \"meh\"}\n";
        var invalidSyntax = Events.NdJson(Events.Rating("t1", "up"), Events.Rating("t2", "up")) + "\n{not json}\n";

        using var semantic = await client.PostRawAsync(Url, invalidValue, "application/x-ndjson");
        using var syntax = await client.PostRawAsync(Url, invalidSyntax, "application/x-ndjson");

        semantic.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await semantic.ErrorFieldsAsync()).ShouldBe(["events[1].value"]);
        syntax.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await syntax.JsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["events[2]"]);
        errors["events[2]"]![0]!.GetValue<string>().ShouldStartWith("line 4:", Case.Sensitive, "blank lines are skipped but still counted");
    }

    [Fact]
    public async Task Record_MoreEventsThanTheBatchLimit_Returns413()
    {
        var client = await app.ClientAsync(["feedback"]);
        var events = Enumerable.Range(0, 1001).Select(i => Events.Rating($"t{i}", "up")).ToArray();

        using var json = await client.PostJsonAsync(Url, Events.Batch(events));
        using var ndjson = await client.PostRawAsync(Url, Events.NdJson(events), "application/x-ndjson");

        json.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        ndjson.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Record_EmptyBatch_Returns400()
    {
        var client = await app.ClientAsync(["feedback"]);

        using var response = await client.PostRawAsync(Url, """{"events": []}""", "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["events"]);
    }

    [Fact]
    public async Task Record_WithPredictKey_Returns403()
    {
        var client = await app.ClientAsync(["predict"]);

        using var response = await client.PostJsonAsync(Url, Events.Rating("t1", "up"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Record_OnAnotherModelsPredictionWithRestrictedKey_Returns403AndStoresNothing()
    {
        var (model, trackingId) = await PredictionAsync();
        var admin = await app.AdminClientAsync();
        var other = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var restricted = await app.ClientAsync(["feedback"], models: [other]);

        using var response = await restricted.PostJsonAsync(Url, Events.Rating(trackingId, "up"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await FeedbackOfAsync(model, trackingId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Record_WithRevokedKey_Returns401()
    {
        var key = await app.CreateKeyAsync(["feedback"]);
        var admin = await app.AdminClientAsync();
        (await admin.DeleteAsync($"/api/v1/apikeys/{key.ApiKey.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);

        using var response = await client.PostJsonAsync(Url, Events.Rating("t1", "up"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(string Model, string TrackingId)> PredictionAsync()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var trackingId = UniqueNames.Id("t");
        (await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", Predictions.Batch(Predictions.Row(trackingId)))).EnsureSuccessStatusCode();
        return (model, trackingId);
    }

    private async Task<JsonArray> FeedbackOfAsync(string model, string trackingId)
    {
        var admin = await app.AdminClientAsync();
        var prediction = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/models/{model}/predictions/{trackingId}"))!;
        return prediction["feedback"]!.AsArray();
    }
}
