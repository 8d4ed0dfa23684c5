using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Annotation;
using Feedback.Core.Errors;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Api;

public abstract class AnnotationApiTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : AnnotationApiTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : AnnotationApiTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task CreateProject_ThenGet_ReturnsSettingsWithTheModelsClasses()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);

        using var created = await admin.PostJsonAsync("/api/v1/annotation/projects", Project(model, "p-" + model, overlap: 2));

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var project = await (await admin.GetAsync($"/api/v1/annotation/projects/p-{model}")).JsonAsync();
        project["choices"]!.Describe().ShouldBe("""["no","yes"]""");
        project["overlap"]!.GetValue<int>().ShouldBe(2);
        project["instructions"]!.GetValue<string>().ShouldBe("Is this **urgent**?");
        project["pools"]!.Describe().ShouldBe("""["crowd","expert"]""");
    }

    [Fact]
    public async Task CreateProject_BadSettings_Returns400NamingEachFieldAndStoresNothing()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var body = Project(model, "p-" + model, overlap: 0);
        body["sources"] = new JsonArray(new JsonObject { ["kind"] = "thumbs-down", ["quota"] = 5 }, new JsonObject { ["kind"] = "slices", ["quota"] = 5, ["feature"] = "text" });
        body["goldRate"] = 0.9;

        using var response = await admin.PostJsonAsync("/api/v1/annotation/projects", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorFieldsAsync()).ShouldBe(["overlap", "goldRate", "sources[0].kind", "sources[1].feature"], ignoreOrder: true);
        (await admin.GetAsync($"/api/v1/annotation/projects/p-{model}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a rejected project is not stored");
    }

    [Fact]
    public async Task Get_UnknownProject_Returns404()
    {
        var client = await app.ClientAsync(["annotate"]);

        using var response = await client.GetAsync("/api/v1/annotation/projects/nope-" + Guid.NewGuid().ToString("N")[..8]);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/annotation/nope/next")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ManagementAndWork_WithTheWrongScope_Return403()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var project = await CreateProjectAsync(admin, model, overlap: 1);
        var annotator = await app.ClientAsync(["annotate"]);
        var feedbackOnly = await app.ClientAsync(["feedback"]);

        (await annotator.PostJsonAsync("/api/v1/annotation/projects", Project(model, "x-" + model))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await annotator.PostJsonAsync($"/api/v1/annotation/projects/{project}:populate", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await feedbackOnly.GetAsync($"/api/v1/annotation/{project}/next")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await annotator.GetAsync($"/api/v1/annotation/{project}/next?pool=expert")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Populate_RunsEachSourceUpToItsQuota_AndNeverQueuesAPredictionTwice()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var ids = await LogAsync(admin, model, 0.95, 0.52, 0.1, 0.45, 0.8, 0.99);
        var body = Project(model, "p-" + model, overlap: 1);
        body["sources"] = new JsonArray(
            new JsonObject { ["kind"] = "uncertainty", ["quota"] = 2 },
            new JsonObject { ["kind"] = "explicit", ["quota"] = 10, ["trackingIds"] = new JsonArray(ids[1], ids[5], "t-unknown") },
            new JsonObject { ["kind"] = "random", ["quota"] = 2 });
        (await admin.PostJsonAsync("/api/v1/annotation/projects", body)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var first = await (await admin.PostJsonAsync($"/api/v1/annotation/projects/p-{model}:populate", new JsonObject())).JsonAsync();
        var second = await (await admin.PostJsonAsync($"/api/v1/annotation/projects/p-{model}:populate", new JsonObject())).JsonAsync();

        var sources = first["sources"]!.AsArray();
        sources[0]!["queued"]!.GetValue<int>().ShouldBe(2, "uncertainty takes its quota: 0.52 and 0.45 are nearest 0.5");
        sources[1]!["queued"]!.GetValue<int>().ShouldBe(1, "the explicit list's first ID was already taken by uncertainty");
        sources[1]!["missing"]!.Describe().ShouldBe("""["t-unknown"]""");
        sources[2]!["queued"]!.GetValue<int>().ShouldBe(2);
        first["queued"]!.GetValue<int>().ShouldBe(5);
        second["queued"]!.GetValue<int>().ShouldBe(1, "only one prediction was left: nothing is queued twice");
        var project = await (await admin.GetAsync($"/api/v1/annotation/projects/p-{model}")).JsonAsync();
        project["progress"]!["items"]!.GetValue<int>().ShouldBe(6);
    }

    [Fact]
    public async Task Populate_ThumbsDownConflictsAndSlices_PickThePredictionsTheyDescribe()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Multiclass("a", "b", "c").WithFeature("region", "categorical", role: "slice-only").CreateAsync(admin);
        var rows = new[] { ("eu", "a"), ("eu", "a"), ("eu", "b"), ("eu", "a"), ("us", "c"), ("apac", "a") };
        var ids = new List<string>();
        var batch = new JsonArray();
        foreach (var (region, label) in rows)
        {
            var id = UniqueNames.Id("t");
            ids.Add(id);
            batch.Add(new JsonObject { ["trackingId"] = id, ["inputs"] = new JsonObject { ["text"] = "x", ["region"] = region }, ["outputs"] = new JsonObject { ["label"] = label } });
        }

        (await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", new JsonObject { ["predictions"] = batch })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var feedback = Events.Batch(Events.Rating(ids[0], "down"), Events.Rating(ids[1], "up"), Events.Correction(ids[2], "c"), Events.Correction(ids[3], "a"));
        (await admin.PostJsonAsync("/api/v1/feedback", feedback)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = Project(model, "p-" + model, overlap: 1);
        body["sources"] = new JsonArray(
            new JsonObject { ["kind"] = "thumbs-down", ["quota"] = 5 },
            new JsonObject { ["kind"] = "conflicts", ["quota"] = 5 },
            new JsonObject { ["kind"] = "slices", ["quota"] = 2, ["feature"] = "region" });
        (await admin.PostJsonAsync("/api/v1/annotation/projects", body)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var result = await (await admin.PostJsonAsync($"/api/v1/annotation/projects/p-{model}:populate", new JsonObject())).JsonAsync();

        var sources = result["sources"]!.AsArray();
        sources[0]!["queued"]!.GetValue<int>().ShouldBe(1, "one thumbs down");
        sources[1]!["queued"]!.GetValue<int>().ShouldBe(1, "one correction disagrees with its prediction, the other agrees");
        sources[2]!["queued"]!.GetValue<int>().ShouldBe(2, "the two rarest regions, us and apac, come first");
        var annotator = await app.ClientAsync(["annotate"]);
        var seen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var task = await NextAsync(annotator, $"p-{model}");
            seen.Add(task!["trackingId"]!.GetValue<string>());
            await SkipAsync(annotator, task);
        }

        seen.ShouldBe([ids[0], ids[2], ids[4], ids[5]], ignoreOrder: true);
    }

    [Fact]
    public async Task NextAnswer_FillsEachItemsSlotsWithDifferentAnnotators_AndResolvesByMajority()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var ids = await LogAsync(admin, model, 0.3);
        var project = await CreateProjectAsync(admin, model, overlap: 2, explicitIds: ids);
        var alice = await app.ClientAsync(["annotate"]);
        var bob = await app.ClientAsync(["annotate"]);

        var aliceTask = await NextAsync(alice, project);
        (await NextAsync(alice, project))!["taskId"]!.GetValue<long>().ShouldBe(aliceTask!["taskId"]!.GetValue<long>(), "asking again returns the lease held");
        var answered = await AnswerAsync(alice, aliceTask, "yes");
        answered["itemStatus"]!.GetValue<string>().ShouldBe("open");
        (await alice.GetAsync($"/api/v1/annotation/{project}/next")).StatusCode.ShouldBe(HttpStatusCode.NoContent, "alice answered the only item");
        var bobTask = await NextAsync(bob, project);
        bobTask!["taskId"]!.GetValue<long>().ShouldNotBe(aliceTask["taskId"]!.GetValue<long>());
        var resolved = await AnswerAsync(bob, bobTask, "yes");

        resolved["itemStatus"]!.GetValue<string>().ShouldBe("resolved");
        resolved["resolvedLabel"]!.GetValue<string>().ShouldBe("yes");
        resolved["resolvedConfidence"]!.GetValue<double>().ShouldBe(1.0);
    }

    [Fact]
    public async Task Answer_WithoutALease_Returns409_AndAnInvalidChoice_Returns400()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var project = await CreateProjectAsync(admin, model, overlap: 2, explicitIds: await LogAsync(admin, model, 0.3));
        var alice = await app.ClientAsync(["annotate"]);
        var mallory = await app.ClientAsync(["annotate"]);
        var task = await NextAsync(alice, project);
        var url = $"/api/v1/annotation/tasks/{task!["taskId"]}";

        using var stolen = await mallory.PostJsonAsync(url, new JsonObject { ["label"] = "yes" });
        using var invalid = await alice.PostJsonAsync(url, new JsonObject { ["label"] = "maybe" });
        using var unknown = await alice.PostJsonAsync("/api/v1/annotation/tasks/999999999", new JsonObject { ["label"] = "yes" });

        stolen.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stolen.ErrorFieldsAsync()).ShouldBe(["lease"]);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await invalid.ErrorFieldsAsync()).ShouldBe(["label"]);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AnswerAsync(alice, task, "no"))["label"]!.GetValue<string>().ShouldBe("no", "the rejected requests changed nothing");
        (await alice.PostJsonAsync(url, new JsonObject { ["label"] = "no" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "a task is answered once");
    }

    [Fact]
    public async Task Skip_TheItemIsNeverOfferedToThatAnnotatorAgain_ButGoesToOthers()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var ids = await LogAsync(admin, model, 0.3);
        var project = await CreateProjectAsync(admin, model, overlap: 1, explicitIds: ids);
        var alice = await app.ClientAsync(["annotate"]);
        var bob = await app.ClientAsync(["annotate"]);

        await SkipAsync(alice, await NextAsync(alice, project));

        (await alice.GetAsync($"/api/v1/annotation/{project}/next")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await NextAsync(bob, project))!["trackingId"]!.GetValue<string>().ShouldBe(ids[0]);
    }

    [Fact]
    public async Task Next_ManyAnnotatorsAtOnce_NeverHandOutOneSlotTwice()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var ids = await LogAsync(admin, model, 0.1, 0.2, 0.3, 0.4, 0.6);
        var project = await CreateProjectAsync(admin, model, overlap: 2, explicitIds: ids);
        var annotators = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => app.ClientAsync(["annotate"])));

        var responses = await Task.WhenAll(annotators.Select(a => Task.Run(() => a.GetAsync($"/api/v1/annotation/{project}/next"))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.NoContent);
        var tasks = new List<long>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            tasks.Add((await response.JsonAsync())["taskId"]!.GetValue<long>());
        }

        tasks.Count.ShouldBe(10, "5 items × overlap 2 = 10 slots, and 16 annotators asked");
        tasks.Distinct().Count().ShouldBe(10, "no slot is leased to two annotators");
    }

    [Fact]
    public async Task Disagreement_GoesToExpertReview_AndTheExpertsAnswerIsFinal()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var ids = await LogAsync(admin, model, 0.3);
        var project = await CreateProjectAsync(admin, model, overlap: 2, explicitIds: ids);
        var alice = await app.ClientAsync(["annotate"]);
        var bob = await app.ClientAsync(["annotate"]);
        await AnswerAsync(alice, await NextAsync(alice, project), "yes");
        (await AnswerAsync(bob, await NextAsync(bob, project), "no"))["itemStatus"]!.GetValue<string>().ShouldBe("in-review");

        var review = await (await admin.GetAsync($"/api/v1/annotation/{project}/next?pool=expert")).JsonAsync();

        review["isReview"]!.GetValue<bool>().ShouldBeTrue();
        review["review"]!["tie"]!.GetValue<bool>().ShouldBeTrue();
        review["review"]!["answers"]!.AsArray().Select(a => a!["label"]!.GetValue<string>()).ShouldBe(["yes", "no"], ignoreOrder: true);
        var final = await AnswerAsync(admin, review, "no");
        final["itemStatus"]!.GetValue<string>().ShouldBe("resolved");
        final["resolvedLabel"]!.GetValue<string>().ShouldBe("no");
    }

    [Fact]
    public async Task Lease_ExpiresAfterTheLeaseDuration_AndTheSlotGoesToTheNextAnnotator()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var project = await CreateProjectAsync(admin, model, overlap: 1, explicitIds: await LogAsync(admin, model, 0.3));
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        await using var scope = app.Services.CreateAsyncScope();
        var assignments = ActivatorUtilities.CreateInstance<AnnotationAssignments>(scope.ServiceProvider, (TimeProvider)clock);
        var alice = new Annotator("user:alice", AnnotatorPool.Crowd);
        var bob = new Annotator("user:bob", AnnotatorPool.Crowd);

        var leased = await assignments.NextAsync(project, alice, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(9));
        (await assignments.NextAsync(project, bob, CancellationToken.None)).ShouldBeNull("alice's 10-minute lease still holds the only slot");
        clock.Advance(TimeSpan.FromMinutes(2));
        var returned = await assignments.NextAsync(project, bob, CancellationToken.None);

        returned!.TaskId.ShouldBe(leased!.TaskId, "the expired lease returned the slot");
        var late = await Should.ThrowAsync<ConflictException>(() => assignments.AnswerAsync(leased.TaskId, alice, "yes", CancellationToken.None));
        late.Field.ShouldBe("lease");
        (await assignments.AnswerAsync(returned.TaskId, bob, "yes", CancellationToken.None)).ItemStatus.ShouldBe(AnnotationItemStatus.Resolved);
    }

    [Fact]
    public async Task GoldQualityAggregatesAndEvidence_ScoreAnnotatorsAndExposeResolvedLabels()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var regular = await LogAsync(admin, model, 0.3, 0.6);
        var gold = await LogAsync(admin, model, 0.2, 0.9);
        var body = Project(model, "p-" + model, overlap: 2);
        body["goldRate"] = 0.5;
        body["sources"] = new JsonArray(new JsonObject { ["kind"] = "explicit", ["quota"] = 10, ["trackingIds"] = new JsonArray([.. regular.Select(i => (JsonNode)i)]) });
        (await admin.PostJsonAsync("/api/v1/annotation/projects", body)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var goldBody = new JsonObject { ["items"] = new JsonArray([.. gold.Select(i => (JsonNode)new JsonObject { ["trackingId"] = i, ["label"] = "yes" })]) };
        (await (await admin.PostJsonAsync($"/api/v1/annotation/projects/p-{model}/gold", goldBody)).JsonAsync())["added"]!.GetValue<int>().ShouldBe(2);
        (await admin.PostJsonAsync($"/api/v1/annotation/projects/p-{model}:populate", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var alice = await app.ClientAsync(["annotate"]);
        var bob = await app.ClientAsync(["annotate"]);

        var seenByAlice = await AnswerEverythingAsync(alice, $"p-{model}", "yes");
        await AnswerEverythingAsync(bob, $"p-{model}", "no");

        new[] { seenByAlice[1], seenByAlice[3] }.ShouldBe(gold.ToArray(), "gold is mixed in at the rate 0.5: every second task");
        new[] { seenByAlice[0], seenByAlice[2] }.ShouldBe(regular, ignoreOrder: true);
        var quality = await (await admin.GetAsync($"/api/v1/annotation/projects/p-{model}/quality")).JsonAsync();
        var annotators = quality["annotators"]!.AsArray();
        annotators.Count.ShouldBe(2);
        annotators.Select(a => a!["goldAccuracy"]!.GetValue<double>()).ShouldBe([1.0, 0.0], ignoreOrder: true);
        annotators.ShouldAllBe(a => a!["goldAnswered"]!.GetValue<int>() == 2 && a["answers"]!.GetValue<int>() == 4);
        quality["agreement"]!["percentAgreement"]!.GetValue<double>().ShouldBe(0.0, "alice and bob disagree on both regular items");
        quality["disagreementItems"]!.AsArray().Count.ShouldBe(2);
        var majority = (await (await admin.GetAsync($"/api/v1/annotation/projects/p-{model}/aggregates")).Content.ReadAsStringAsync());
        majority.ShouldContain("\"tie\":true");
        var dawidSkene = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync($"/api/v1/annotation/projects/p-{model}/aggregates?method=dawid-skene"))!.AsArray();
        dawidSkene.Select(a => a!["label"]!.GetValue<string>()).ShouldBe(["yes", "yes"], "gold shows alice is right and bob is wrong, so DS sides with alice");
        (await admin.GetAsync($"/api/v1/annotation/projects/p-{model}/aggregates?method=vibes")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var review = await (await admin.GetAsync($"/api/v1/annotation/p-{model}/next?pool=expert")).JsonAsync();
        await AnswerAsync(admin, review, "yes");
        var resolved = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync($"/api/v1/annotation/projects/p-{model}/resolved"))!.AsArray();
        resolved.Count.ShouldBe(1);
        resolved[0]!["source"]!.GetValue<string>().ShouldBe("expert");
        resolved[0]!["confidence"]!.GetValue<double>().ShouldBe(1.0);
        resolved[0]!["evidenceIds"]!.AsArray().Count.ShouldBe(1);
    }

    private static async Task<List<string>> AnswerEverythingAsync(HttpClient client, string project, string label)
    {
        var seen = new List<string>();
        while (true)
        {
            using var response = await client.GetAsync($"/api/v1/annotation/{project}/next");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return seen;
            }

            var task = await response.JsonAsync();
            seen.Add(task["trackingId"]!.GetValue<string>());
            await AnswerAsync(client, task, label);
        }
    }

    internal static JsonObject Project(string model, string name, int overlap = 3) => new()
    {
        ["name"] = name,
        ["model"] = model,
        ["instructions"] = "Is this **urgent**?",
        ["overlap"] = overlap,
    };

    private static async Task<string> CreateProjectAsync(HttpClient admin, string model, int overlap, IReadOnlyList<string>? explicitIds = null)
    {
        var body = Project(model, "p-" + model, overlap);
        if (explicitIds is not null)
        {
            body["sources"] = new JsonArray(new JsonObject { ["kind"] = "explicit", ["quota"] = 100, ["trackingIds"] = new JsonArray([.. explicitIds.Select(i => (JsonNode)i)]) });
        }

        using var created = await admin.PostJsonAsync("/api/v1/annotation/projects", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var populated = await admin.PostJsonAsync($"/api/v1/annotation/projects/p-{model}:populate", new JsonObject());
        populated.StatusCode.ShouldBe(HttpStatusCode.OK, await populated.Content.ReadAsStringAsync());
        return "p-" + model;
    }

    /// <summary>Logs one prediction per score (the positive class's probability); returns their tracking IDs.</summary>
    private static async Task<List<string>> LogAsync(HttpClient admin, string model, params double[] scores)
    {
        var ids = scores.Select(_ => UniqueNames.Id("t")).ToList();
        var rows = scores.Select((s, i) =>
        {
            var row = Predictions.Row(ids[i], label: s >= 0.5 ? "yes" : "no");
            row["outputs"]!["scores"] = new JsonObject { ["yes"] = s, ["no"] = 1 - s };
            return row;
        }).ToArray();
        using var response = await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", Predictions.Batch(rows));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return ids;
    }

    private static async Task<JsonObject?> NextAsync(HttpClient client, string project)
    {
        using var response = await client.GetAsync($"/api/v1/annotation/{project}/next");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task<JsonObject> AnswerAsync(HttpClient client, JsonObject? task, string label)
    {
        using var response = await client.PostJsonAsync($"/api/v1/annotation/tasks/{task!["taskId"]}", new JsonObject { ["label"] = label });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static async Task SkipAsync(HttpClient client, JsonObject? task)
    {
        using var response = await client.PostJsonAsync($"/api/v1/annotation/tasks/{task!["taskId"]}:skip", new JsonObject());
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }
}

internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
