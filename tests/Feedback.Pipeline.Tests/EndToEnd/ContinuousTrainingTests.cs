using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Storage;
using Feedback.Testing;

namespace Feedback.Pipeline.Tests.EndToEnd;

/// <summary>The whole loop over HTTP, as an app and an approver would drive it: log, feed back, join, train, serve,
/// drift, retrain warm, approve, serve the new version, roll back.</summary>
public abstract class ContinuousTrainingTests(FeedbackAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await app.AdminClientAsync();

    public Task DisposeAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }

    internal static JsonObject Definition(string name, string approval, string? window, bool changeThreshold) => new()
    {
        ["name"] = name,
        ["taskType"] = "binary",
        ["labelClasses"] = new JsonArray("no", "yes"),
        ["features"] = new JsonArray(
            new JsonObject { ["name"] = "x1", ["type"] = "numeric" },
            new JsonObject { ["name"] = "x2", ["type"] = "numeric" },
            new JsonObject { ["name"] = "color", ["type"] = "categorical" }),
        ["labelPolicy"] = new JsonObject { ["positiveActions"] = new JsonArray(new JsonObject { ["name"] = "click", ["window"] = "30m" }) },
        ["pipeline"] = new JsonObject { ["minExamples"] = 50, ["window"] = window, ["maxAttempts"] = 2, ["retryBackoff"] = "1s" },
        ["evaluation"] = new JsonObject
        {
            ["slices"] = new JsonArray(new JsonObject { ["featureKeys"] = new JsonArray("color") }),
            ["bootstrap"] = new JsonObject { ["samples"] = 5, ["seed"] = 1 },
            ["metricThresholds"] = new JsonArray(changeThreshold
                ? new JsonObject { ["metric"] = "auc", ["value"] = new JsonObject { ["lowerBound"] = 0.8 }, ["change"] = new JsonObject { ["direction"] = "higherIsBetter", ["absolute"] = 0.1 } }
                : new JsonObject { ["metric"] = "auc", ["value"] = new JsonObject { ["lowerBound"] = 0.8 } }),
        },
        ["approval"] = new JsonObject { ["policy"] = approval, ["timeout"] = "1h" },
    };

    [Fact]
    public async Task Loop_TrainsServesRetrainsWarmAfterDriftAndRollsBack()
    {
        var model = UniqueNames.Model();
        (await _admin.PostJsonAsync("/api/v1/models", Definition(model, "automatic", null, changeThreshold: false))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var world = new SyntheticWorld(_admin, model, seed: 7);

        // World A, three days ago: yes when x1 > 0.
        await world.LiveAsync(400, (x1, _) => x1 > 0, TimeSpan.FromDays(3));
        var join = await (await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).JsonAsync();
        join.Describe().ShouldContain("400");

        // Each rule produced the label the world implies, with its source.
        foreach (var (trackingId, truth, kind) in world.Logged.Take(8))
        {
            var prediction = await (await _admin.GetAsync($"/api/v1/models/{model}/predictions/{trackingId}")).JsonAsync();
            var resolved = prediction["resolvedLabel"]!.AsObject();
            resolved["label"]!.GetValue<string>().ShouldBe(truth ? "yes" : "no", $"{kind} for {trackingId}");
            resolved["source"]!.GetValue<string>().ShouldBe(kind);
        }

        // Run 1: first model, no baseline, blessed on the value threshold, pushed automatically.
        var run1 = await StartRunAsync(model);
        var detail1 = await WaitForAsync(run1, "succeeded");
        detail1["run"]!["outcome"]!.GetValue<string>().ShouldBe("pushed");
        detail1["run"]!["producedVersion"]!.GetValue<int>().ShouldBe(1);
        Steps(detail1).Values.ShouldAllBe(s => s == "succeeded");
        var trainer1 = Step(detail1, "Trainer")["summary"]!;
        trainer1["warmStart"]!.GetValue<bool>().ShouldBeFalse();
        trainer1["coldStartReason"]!.GetValue<string>().ShouldContain("no production version");
        var evaluation1 = Step(detail1, "Evaluator")["summary"]!;
        evaluation1["blessed"]!.GetValue<bool>().ShouldBeTrue();
        evaluation1["candidate"]!["auc"]!.GetValue<double>().ShouldBeGreaterThan(0.9);
        Step(detail1, "ExampleGen")["summary"]!["examples"]!.GetValue<int>().ShouldBe(400);
        var snapshotId = Step(detail1, "ExampleGen")["summary"]!["snapshotId"]!.GetValue<long>();
        var csv = await _admin.GetStringAsync($"/api/v1/models/{model}/snapshots/{snapshotId}/examples?format=csv");
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(401, "a header and the 400 examples");
        (await _admin.GetAsync($"/api/v1/models/{UniqueNames.Model()}/snapshots/{snapshotId}/examples")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a snapshot is only reachable through its own model");
        (await PredictAsync(model, 1.5, -1.5))["version"]!.GetValue<int>().ShouldBe(1);
        (await PredictAsync(model, 1.5, -1.5))["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("yes");

        // The world drifts: now yes when x2 > 0. The definition moves to a recent window and manual approval.
        await world.LiveAsync(400, (_, x2) => x2 > 0, TimeSpan.FromHours(1));
        (await _admin.PutAsync($"/api/v1/models/{model}", System.Net.Http.Json.JsonContent.Create(Definition(model, "manual", "2d", changeThreshold: true)))).IsSuccessStatusCode.ShouldBeTrue();
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);

        // Run 2 warm-starts from v1, beats it on the new data, waits for an approver.
        var run2 = await StartRunAsync(model);
        var waiting = await WaitForAsync(run2, "waitingForApproval");
        var trainer2 = Step(waiting, "Trainer")["summary"]!;
        trainer2["warmStart"]!.GetValue<bool>().ShouldBeTrue();
        trainer2["parentVersion"]!.GetValue<int>().ShouldBe(1);
        var evaluation2 = Step(waiting, "Evaluator")["summary"]!;
        evaluation2["candidate"]!["auc"]!.GetValue<double>().ShouldBeGreaterThan(evaluation2["baseline"]!["auc"]!.GetValue<double>() + 0.1);
        (await PredictAsync(model, -1.5, 1.5))["version"]!.GetValue<int>().ShouldBe(1, "nothing is pushed before the approval");

        var pending = JsonNode.Parse(await _admin.GetStringAsync("/api/v1/approvals?status=pending"))!.AsArray();
        var approval = pending.Single(a => a!["runId"]!.GetValue<long>() == run2)!;
        var approved = await _admin.PostJsonAsync($"/api/v1/approvals/{approval["id"]}:approve", new JsonObject { ["comment"] = "better on the new world" });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await _admin.PostJsonAsync($"/api/v1/approvals/{approval["id"]}:approve", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail2 = await WaitForAsync(run2, "succeeded");
        detail2["run"]!["producedVersion"]!.GetValue<int>().ShouldBe(2);
        Step(detail2, "Approval")["summary"]!["channel"]!.GetValue<string>().ShouldBe("api");
        var served = await PredictAsync(model, -1.5, 1.5);
        served["version"]!.GetValue<int>().ShouldBe(2);
        served["predictions"]![0]!["label"]!.GetValue<string>().ShouldBe("yes");

        // Lineage both ways.
        var lineage = await (await _admin.GetAsync($"/api/v1/models/{model}/versions/2/lineage")).JsonAsync();
        lineage["runId"]!.GetValue<long>().ShouldBe(run2);
        lineage["examples"]!.GetValue<int>().ShouldBe(400, "the 2-day window holds only the drifted world");
        lineage["feedbackEventIds"]!.AsArray().Count.ShouldBe(400);
        var old = world.Logged[0].TrackingId;
        var uses = JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/predictions/{old}/lineage"))!["usedBy"]!.AsArray();
        uses.Select(u => u!["version"]?.GetValue<int>()).ShouldBe([1], "an old example built version 1 only");

        // Rollback: production back to version 1, served at once.
        var rollback = await _admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 1, ["reason"] = "rollback drill" });
        rollback.StatusCode.ShouldBe(HttpStatusCode.OK, await rollback.Content.ReadAsStringAsync());
        (await PredictAsync(model, -1.5, 1.5))["version"]!.GetValue<int>().ShouldBe(1);
    }

    private async Task<long> StartRunAsync(string model)
    {
        var response = await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject { ["reason"] = "test" });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<long>();
    }

    private async Task<JsonObject> PredictAsync(string model, double x1, double x2)
    {
        var predictClient = await app.ClientAsync(["predict"]);
        var response = await predictClient.PostJsonAsync($"/api/v1/models/{model}:predict",
            new JsonObject { ["instances"] = new JsonArray(new JsonObject { ["x1"] = x1, ["x2"] = x2, ["color"] = "red" }) });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    internal static JsonObject Step(JsonObject detail, string name) =>
        detail["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == name)!.AsObject();

    internal static Dictionary<string, string> Steps(JsonObject detail) =>
        detail["steps"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());

    private Task<JsonObject> WaitForAsync(long runId, string status) => RunWaiter.WaitForAsync(_admin, runId, status, RunTimeout);

    public sealed class OnSqlite(SqliteApp app) : ContinuousTrainingTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : ContinuousTrainingTests(app), IClassFixture<PostgresApp>;
}

internal static class RunWaiter
{
    public static async Task<JsonObject> WaitForAsync(HttpClient client, long runId, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonObject detail;
        do
        {
            detail = JsonNode.Parse(await client.GetStringAsync($"/api/v1/runs/{runId}"))!.AsObject();
            var current = detail["run"]!["status"]!.GetValue<string>();
            if (current == status)
            {
                return detail;
            }

            if (current is "failed" or "cancelled" or "succeeded" && current != status)
            {
                throw new ShouldAssertException($"run {runId} ended {current} while waiting for {status}: {detail.Describe()}");
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new ShouldAssertException($"run {runId} did not reach {status} within {timeout}: {detail.Describe()}");
    }
}
