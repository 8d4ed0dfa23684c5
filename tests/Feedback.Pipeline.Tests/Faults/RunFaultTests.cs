using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Storage;
using Feedback.Pipeline.Events;
using Feedback.Pipeline.Tests.EndToEnd;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests.Faults;

/// <summary>What goes wrong in production: a step that keeps failing, a process killed mid-training, triggers racing,
/// an approver who never answers.</summary>
public abstract class RunFaultTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    // Short clocks so that a dead process is noticed in seconds, not the production default of 30 s.
    private static readonly Dictionary<string, string?> FastRecovery = new()
    {
        ["Pipeline:HeartbeatInterval"] = "00:00:00.500",
        ["Pipeline:StaleAfter"] = "00:00:03",
        ["Pipeline:RecoveryInterval"] = "00:00:01",
    };

    private TestDatabase _database = null!;
    private AppNode _node = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        (_node, _admin) = await StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _node.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task FailingStep_IsRetriedWithBackOff_ThenFailsTheRun_AndResumeCompletesItFromThatStep()
    {
        var exportRoot = Path.Combine(Path.GetTempPath(), $"feedback-export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(exportRoot);
        var blocker = Path.Combine(exportRoot, "models");
        await File.WriteAllTextAsync(blocker, "a file where the export directory should be");
        try
        {
            var model = await CreateModelAsync(d => d["pipeline"]!["exportDirectory"] = exportRoot);
            var runId = await StartRunAsync(model);

            var failed = await RunWaiter.WaitForAsync(_admin, runId, "failed", Timeout);
            failed["run"]!["error"]!.GetValue<string>().ShouldStartWith("Pusher:");
            var pusher = ContinuousTrainingTests.Step(failed, "Pusher");
            pusher["status"]!.GetValue<string>().ShouldBe("failed");
            var history = pusher["history"]!.AsArray();
            history.Count.ShouldBe(2, "maxAttempts is 2");
            history.ShouldAllBe(a => a!["status"]!.GetValue<string>() == "failed" && a["error"]!.GetValue<string>().Contains("Exception: ", StringComparison.Ordinal));
            (history[1]!["startedAt"]!.GetValue<DateTimeOffset>() - history[0]!["finishedAt"]!.GetValue<DateTimeOffset>()).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), "the retry waits its back-off");
            (await PredictStatusAsync(model)).ShouldBe(HttpStatusCode.Conflict, "a failed export leaves production unset");

            File.Delete(blocker);
            (await _admin.PostAsync($"/api/v1/runs/{runId}:resume", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            var resumed = await RunWaiter.WaitForAsync(_admin, runId, "succeeded", Timeout);
            resumed["run"]!["outcome"]!.GetValue<string>().ShouldBe("pushed");
            ContinuousTrainingTests.Step(resumed, "Pusher")["history"]!.AsArray().Select(a => a!["status"]!.GetValue<string>()).ShouldBe(["failed", "failed", "succeeded"]);
            ContinuousTrainingTests.Step(resumed, "Trainer")["history"]!.AsArray().Count.ShouldBe(1, "steps before the failed one are not repeated");
            File.Exists(Path.Combine(exportRoot, "models", model, "1", "model.fbm")).ShouldBeTrue();
            (await PredictStatusAsync(model)).ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(exportRoot, recursive: true);
        }
    }

    [Fact]
    public async Task ConcurrentTriggers_ForOneModel_ProduceOneRun_WhichCanBeCancelledWhileItWaits()
    {
        // Manual approval keeps the run active however fast it trains, so every racing request meets it.
        var model = await CreateModelAsync(d => d["approval"] = new JsonObject { ["policy"] = "manual", ["timeout"] = "1h" });
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject { ["reason"] = "race" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        var created = (await responses.Single(r => r.StatusCode == HttpStatusCode.Accepted).JsonAsync())["id"]!.GetValue<long>();
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await conflict.JsonAsync())["activeRun"]!["id"]!.GetValue<long>().ShouldBe(created);
        }

        await RunWaiter.WaitForAsync(_admin, created, "waitingForApproval", Timeout);
        JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/models/{model}/runs"))!.AsArray().Count.ShouldBe(1);

        (await _admin.PostAsync($"/api/v1/runs/{created}:cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cancelled = await RunWaiter.WaitForAsync(_admin, created, "cancelled", Timeout);
        ContinuousTrainingTests.Step(cancelled, "Pusher")["status"]!.GetValue<string>().ShouldBe("cancelled");
        JsonNode.Parse(await _admin.GetStringAsync("/api/v1/approvals"))!.AsArray().Single(a => a!["runId"]!.GetValue<long>() == created)!["status"]!.GetValue<string>().ShouldBe("withdrawn");
        (await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.Accepted, "a cancelled run no longer blocks the model");
    }

    [Fact]
    public async Task ApprovalThatTimesOut_EndsTheRunUnpushed()
    {
        var model = await CreateModelAsync(d => d["approval"] = new JsonObject { ["policy"] = "manual", ["timeout"] = "2s" });
        var runId = await StartRunAsync(model);
        await RunWaiter.WaitForAsync(_admin, runId, "waitingForApproval", Timeout);

        var ended = await RunWaiter.WaitForAsync(_admin, runId, "succeeded", Timeout);
        ended["run"]!["outcome"]!.GetValue<string>().ShouldBe("approvalExpired");
        ended["run"]!["producedVersion"].ShouldBeNull();
        ContinuousTrainingTests.Step(ended, "Pusher")["status"]!.GetValue<string>().ShouldBe("skipped");
        var approval = JsonNode.Parse(await _admin.GetStringAsync("/api/v1/approvals"))!.AsArray().Single(a => a!["runId"]!.GetValue<long>() == runId)!;
        approval["status"]!.GetValue<string>().ShouldBe("expired");
        approval["channel"]!.GetValue<string>().ShouldBe("timeout");
        (await PredictStatusAsync(model)).ShouldBe(HttpStatusCode.Conflict, "nothing was pushed");
        (await _admin.PostJsonAsync($"/api/v1/approvals/{approval["id"]}:approve", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task HostStoppedMidTraining_LeavesARunThatANewHostResumesToCompletion()
    {
        // Enough boosting rounds that training is still going when the host goes down.
        var model = await CreateModelAsync(d => d["pipeline"]!["trainer"] = "gradient-boosted-trees", d =>
            d["pipeline"]!["hyperParameters"] = new JsonObject { ["rounds"] = 4000, ["learningRate"] = 0.01, ["maxLeaves"] = 31, ["minExamplesPerLeaf"] = 2 });
        using var events = _node.Services.GetRequiredService<PipelineEventBus>().Subscribe();
        var runId = await StartRunAsync(model);
        await WaitForTrainingAsync(events, runId);

        _admin.Dispose();
        await _node.DisposeAsync();
        var stopped = await ReadRunAsync(runId);
        stopped.ShouldBe("running", "a stopped host leaves its run to be resumed, not failed");

        (_node, _admin) = await StartNodeAsync();
        var detail = await RunWaiter.WaitForAsync(_admin, runId, "succeeded", Timeout);
        var trainer = ContinuousTrainingTests.Step(detail, "Trainer")["history"]!.AsArray().Select(a => a!["status"]!.GetValue<string>()).ToList();
        trainer[0].ShouldBe("interrupted");
        trainer[^1].ShouldBe("succeeded");
        ContinuousTrainingTests.Step(detail, "ExampleGen")["history"]!.AsArray().Count.ShouldBe(1, "finished steps are not repeated");
        detail["run"]!["producedVersion"]!.GetValue<int>().ShouldBe(1);
    }

    private async Task<(AppNode Node, HttpClient Admin)> StartNodeAsync()
    {
        var node = AppNode.Start(_database, FastRecovery);
        await node.Services.GetRequiredService<Feedback.Pipeline.Scheduling.FeedbackScheduler>().WhenReadyAsync(CancellationToken.None);
        await using var scope = node.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<Core.Access.ApiKeyIssuer>().CreateAsync($"admin-{Guid.NewGuid():N}", ["admin", "predict"], null, null, CancellationToken.None);
        return (node, node.Client(key.Key));
    }

    private async Task<string> CreateModelAsync(params Action<JsonObject>[] edits)
    {
        var model = UniqueNames.Model();
        var definition = ContinuousTrainingTests.Definition(model, "automatic", null, changeThreshold: false);
        definition["pipeline"]!["maxAttempts"] = 2;
        foreach (var edit in edits)
        {
            edit(definition);
        }

        var created = await _admin.PostJsonAsync("/api/v1/models", definition);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        await new SyntheticWorld(_admin, model, seed: 3).LiveAsync(300, (x1, _) => x1 > 0, TimeSpan.FromDays(1));
        (await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).IsSuccessStatusCode.ShouldBeTrue();
        return model;
    }

    private async Task<long> StartRunAsync(string model)
    {
        var response = await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject());
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<long>();
    }

    private async Task<HttpStatusCode> PredictStatusAsync(string model) =>
        (await _admin.PostJsonAsync($"/api/v1/models/{model}:predict",
            new JsonObject { ["instances"] = new JsonArray(new JsonObject { ["x1"] = 1.0, ["x2"] = 0.5, ["color"] = "red" }) })).StatusCode;

    private async Task<string> ReadRunAsync(long runId)
    {
        await using var context = _database.CreateContext();
        var status = context.PipelineRuns.Where(r => r.Id == runId).Select(r => r.Status).Single();
        return status == Core.Runs.RunStatus.Running ? "running" : status.ToString();
    }

    private static async Task WaitForTrainingAsync(PipelineEventSubscription events, long runId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var seen = 0;
        await foreach (var pipelineEvent in events.Reader.ReadAllAsync(timeout.Token))
        {
            if (pipelineEvent is TrainingProgressed progress && progress.RunId == runId && ++seen >= 3)
            {
                return;
            }
        }
    }

    public sealed class OnSqlite() : RunFaultTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : RunFaultTests(DatabaseProvider.PostgreSql);
}
