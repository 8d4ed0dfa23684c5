using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Web.Tests.Security;

/// <summary>Rate limits, burst quarantine and erasure (SPEC §3.4) on a host with small limits.</summary>
public abstract class AbuseLimitTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(LimitedSqliteApp app) : AbuseLimitTests(app), IClassFixture<LimitedSqliteApp>;

    public sealed class OnPostgreSql(LimitedPostgresApp app) : AbuseLimitTests(app), IClassFixture<LimitedPostgresApp>;

    [Fact]
    public async Task Feedback_OverTheKeysRate_Answers429WithRetryAfter_AndStoresNothingOfTheRefusedRequest()
    {
        var client = await app.ClientAsync(["feedback"]);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await client.PostJsonAsync("/api/v1/feedback", Events.Rating(UniqueNames.Id("rl"), "up", eventId: $"rl-{i}")));
        }

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.ShouldNotBeEmpty("the limit is 20 per second");
        refused[0].Headers.RetryAfter.ShouldNotBeNull();
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        await using var context = app.Database.CreateContext();
        (await context.FeedbackEvents.CountAsync(f => f.EventId.StartsWith("rl-"))).ShouldBe(accepted);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task SignIn_OverThePerAddressRate_Answers429()
    {
        using var client = new UiClient(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.SignInAsync("nobody", "wrong password");
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldContain(HttpStatusCode.TooManyRequests, "the limit is 5 attempts per minute per address");
    }

    [Fact]
    public async Task SubjectBurst_IsHeldOutOfTheJoin_UntilReleased()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var subject = UniqueNames.Id("burst");
        var ids = Enumerable.Range(0, 8).Select(_ => UniqueNames.Id("t")).ToArray();
        (await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", Predictions.Batch([.. ids.Select(id => Predictions.Row(id))]))).EnsureSuccessStatusCode();
        var events = ids.Select(id => Correction(id, subject)).ToArray();

        (await admin.PostJsonAsync("/api/v1/feedback", Events.Batch(events))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).EnsureSuccessStatusCode();
        var labeledBefore = (await (await admin.GetAsync($"/api/v1/models/{model}/labels")).JsonAsync())["labeled"]!.GetValue<int>();
        var held = JsonNode.Parse(await admin.GetStringAsync("/api/v1/quarantine"))!.AsArray().Single(s => s!["subject"]!.GetValue<string>() == subject)!;

        using var released = await admin.PostAsync($"/api/v1/quarantine/{subject}:release", null);
        (await admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).EnsureSuccessStatusCode();
        var labeledAfter = (await (await admin.GetAsync($"/api/v1/models/{model}/labels")).JsonAsync())["labeled"]!.GetValue<int>();

        labeledBefore.ShouldBe(5, "the burst limit is 5 events per subject per minute: the rest are held");
        held["events"]!.GetValue<int>().ShouldBe(3);
        held["models"]!.AsArray().Single()!.GetValue<string>().ShouldBe(model);
        released.StatusCode.ShouldBe(HttpStatusCode.OK);
        labeledAfter.ShouldBe(8, "released events join like new ones");
    }

    [Fact]
    public async Task Erase_RemovesEverythingOfTheSubject_AndIsIdempotent()
    {
        var project = await app.CreateProjectAsync(items: 2, overlap: 1);
        var admin = await app.AdminClientAsync();
        var subject = UniqueNames.Id("erase-me");
        var mine = UniqueNames.Id("t");
        var row = Predictions.Row(mine);
        row["subject"] = subject;
        (await admin.PostJsonAsync($"/api/v1/models/{project.Model}/predictions", Predictions.Batch(row))).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/feedback", Events.Batch(Correction(mine, subject), Correction(project.TrackingIds[0], subject)))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/models/{project.Model}/labels:join", null)).EnsureSuccessStatusCode();

        using var erased = await admin.DeleteAsync($"/api/v1/subjects/{subject}");
        using var again = await admin.DeleteAsync($"/api/v1/subjects/{subject}");

        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        var result = await erased.JsonAsync();
        (result["predictions"]!.GetValue<int>(), result["feedbackEvents"]!.GetValue<int>(), result["labeledExamples"]!.GetValue<int>()).ShouldBe((1, 2, 2), "the subject's prediction's label and the label its correction gave another prediction");
        (await again.JsonAsync())["alreadyErased"]!.GetValue<bool>().ShouldBeTrue();
        var leftovers = await DatabaseText.FindAsync(app.Database, [subject, mine]);
        leftovers.ShouldBeEmpty("nothing of the subject remains in any table");
        (await admin.GetAsync($"/api/v1/models/{project.Model}/predictions/{project.TrackingIds[0]}")).StatusCode.ShouldBe(HttpStatusCode.OK, "other subjects' data stays");
    }

    private static JsonObject Correction(string trackingId, string subject)
    {
        var correction = Events.Correction(trackingId, "no");
        correction["subject"] = subject;
        return correction;
    }
}

public abstract class LimitedApp(DatabaseProvider provider) : FeedbackAppFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:FeedbackPerSecond"] = "20",
        ["RateLimits:SignInPerMinute"] = "5",
        ["Abuse:SubjectBurstLimit"] = "5",
    };
}

public sealed class LimitedSqliteApp() : LimitedApp(DatabaseProvider.Sqlite);

public sealed class LimitedPostgresApp() : LimitedApp(DatabaseProvider.PostgreSql);
