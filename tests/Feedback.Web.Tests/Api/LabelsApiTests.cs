using System.Net;
using System.Text.Json.Nodes;
using Feedback.Testing;

namespace Feedback.Web.Tests.Api;

public abstract class LabelsApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : LabelsApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : LabelsApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task Join_LabelsFromFeedback_ThenCountsAndThePredictionShowTheLabel()
    {
        var (admin, model) = await SetUpAsync();
        var (up, corrected, silent) = (UniqueNames.Id("t"), UniqueNames.Id("t"), UniqueNames.Id("t"));
        (await admin.PostJsonAsync(Predictions(model), JsonBatch(up, corrected, silent))).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/feedback", Events.Batch(
            Events.Rating(up, "up"), Events.Rating(corrected, "up"), Events.Correction(corrected, "no")))).EnsureSuccessStatusCode();

        using var joined = await admin.PostAsync($"/api/v1/models/{model}/labels:join", null);

        joined.StatusCode.ShouldBe(HttpStatusCode.OK, await joined.Content.ReadAsStringAsync());
        var result = await joined.JsonAsync();
        result["inserted"]!.GetValue<int>().ShouldBe(2);
        result["fullRescan"]!.GetValue<bool>().ShouldBeTrue();
        var counts = await (await admin.GetAsync($"/api/v1/models/{model}/labels")).JsonAsync();
        (counts["predictions"]!.GetValue<int>(), counts["withFeedback"]!.GetValue<int>(), counts["labeled"]!.GetValue<int>(), counts["conflicts"]!.GetValue<int>())
            .ShouldBe((3, 2, 2, 1));

        var label = (await (await admin.GetAsync($"{Predictions(model)}/{corrected}")).JsonAsync())["resolvedLabel"]!;
        label["label"]!.GetValue<string>().ShouldBe("no");
        label["source"]!.GetValue<string>().ShouldBe("correction");
        label["confidence"]!.GetValue<double>().ShouldBe(0.95);
        label["evidence"]!.AsArray().Single()!.GetValue<string>().ShouldStartWith("feedback:");
        var conflict = label["conflicts"]!.AsArray().Single()!;
        (conflict["source"]!.GetValue<string>(), conflict["label"]!.GetValue<string>()).ShouldBe(("rating", "yes"), "the thumbs up disagreed");
        (await (await admin.GetAsync($"{Predictions(model)}/{silent}")).JsonAsync())["resolvedLabel"].ShouldBeNull("no feedback, no label");
    }

    [Fact]
    public async Task Join_Twice_TheSecondRunChangesNothing()
    {
        var (admin, model) = await SetUpAsync();
        var id = UniqueNames.Id("t");
        (await admin.PostJsonAsync(Predictions(model), JsonBatch(id))).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/feedback", Events.Rating(id, "down"))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).EnsureSuccessStatusCode();

        var second = await (await admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).JsonAsync();

        (second["inserted"]!.GetValue<int>(), second["updated"]!.GetValue<int>(), second["removed"]!.GetValue<int>()).ShouldBe((0, 0, 0));
        second["counts"]!["labeled"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Counts_BeforeTheFirstJoin_AreZero()
    {
        var (admin, model) = await SetUpAsync();

        var counts = await (await admin.GetAsync($"/api/v1/models/{model}/labels")).JsonAsync();

        counts["labeled"]!.GetValue<int>().ShouldBe(0);
        counts["predictions"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task UnknownOrHiddenModel_Returns404_AndOtherScopes403()
    {
        var (admin, model) = await SetUpAsync();
        var other = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var limited = await app.ClientAsync(["admin"], [other]);
        var feedbackOnly = await app.ClientAsync(["feedback"]);

        (await admin.GetAsync("/api/v1/models/no-such-model/labels")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsync("/api/v1/models/no-such-model/labels:join", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await limited.GetAsync($"/api/v1/models/{model}/labels")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a key limited to other models does not see it");
        (await feedbackOnly.PostAsync($"/api/v1/models/{model}/labels:join", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await feedbackOnly.GetAsync($"/api/v1/models/{model}/labels")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private async Task<(HttpClient Admin, string Model)> SetUpAsync()
    {
        var admin = await app.AdminClientAsync();
        return (admin, await ModelDefinitionBuilder.Binary().CreateAsync(admin));
    }

    private static string Predictions(string model) => $"/api/v1/models/{model}/predictions";

    private static JsonObject JsonBatch(params string[] ids) => Testing.Predictions.Batch([.. ids.Select(id => Testing.Predictions.Row(id))]);
}
