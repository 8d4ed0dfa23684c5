using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Labels;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Triggers;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Feedback.Pipeline.Tests.EndToEnd;

/// <summary>The loop recovers from a drift by itself: the true rule rotates (and x1 traffic moves), the host ticks
/// every six hours of a fast clock, and with the README's recommended settings for drifting data the served model
/// comes back within 0.01 AUC of an oracle trained on post-drift labels only, within three automatic cycles, with
/// every trainer; drift runs wait out the cooldown, and an unchanged snapshot creates no version.</summary>
public abstract class DriftRecoveryTests(FastClockApp app, ITestOutputHelper output) : IAsyncLifetime
{
    public const double Tolerance = 0.01;
    private static readonly TimeSpan Cycle = TimeSpan.FromHours(6);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    private HttpClient _admin = null!;
    private HttpClient _predictor = null!;

    public async Task InitializeAsync()
    {
        _admin = await app.AdminClientAsync();
        _predictor = await app.ClientAsync(["predict"]);
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _predictor.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The README's recommended settings for drifting data (section "Drift recovery"), for a host tick and
    /// about 200 new labels per six hours.</summary>
    internal static JsonObject RecommendedForDrift(string name, string trainer)
    {
        var definition = ContinuousTrainingTests.Definition(name, "automatic", null, changeThreshold: false);
        definition["pipeline"] = new JsonObject
        {
            ["trainer"] = trainer,
            ["minExamples"] = 50,
            ["maxAttempts"] = 2,
            ["retryBackoff"] = "1s",
            ["recentExamples"] = 400,
            ["halfLife"] = "6h",
            ["recentEvalShare"] = 0.2,
            ["blessOn"] = "recent",
            ["servingWindow"] = "6h",
            ["driftThresholds"] = new JsonObject { ["x1"] = 0.1 },
            ["warmStart"] = new JsonObject { ["coldStartOn"] = new JsonArray("drift", "liveAccuracy"), ["maxParentRounds"] = 100, ["parentShrinkage"] = 0.5 },
        };
        definition["triggers"] = new JsonObject
        {
            ["driftAlarm"] = true,
            ["newLabels"] = 150,
            ["minLiveExamples"] = 100,
            ["cooldown"] = "1h",
            ["minNewLabelsForDrift"] = 100,
        };
        return definition;
    }

    [Theory]
    [InlineData("logistic-regression")]
    [InlineData("gradient-boosted-trees")]
    public async Task Loop_AfterADrift_ComesBackWithinTolerance_OfAnOracle_WithinThreeCycles(string trainer)
    {
        var model = UniqueNames.Model();
        var oracle = UniqueNames.Model();
        (await _admin.PostJsonAsync("/api/v1/models", RecommendedForDrift(model, trainer))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var oracleDefinition = ContinuousTrainingTests.Definition(oracle, "automatic", null, changeThreshold: false);
        oracleDefinition["pipeline"]!["trainer"] = trainer;
        (await _admin.PostJsonAsync("/api/v1/models", oracleDefinition)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var world = new DriftingWorld(_admin, app.Clock, seed: trainer.Length);
        var test = world.Draw(500, drifted: true);

        // No traffic yet: :predict names the API steps that produce a first version.
        var early = await _predictor.PostJsonAsync($"/api/v1/models/{model}:predict", new JsonObject { ["instances"] = new JsonArray(test[0].Inputs()) });
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).ShouldContain($"POST /api/v1/models/{model}/runs");

        // Bootstrap from imported labelled history (a day of the old world), through the API.
        await world.LogAsync(model, world.Draw(800, drifted: false), TimeSpan.FromDays(1));
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);
        var first = await StartManualAsync(model, coldStart: false);
        (await WaitForEndAsync(first))["run"]!["producedVersion"]!.GetValue<int>().ShouldBe(1);

        // The world drifts. Each cycle: six hours pass, 200 labeled examples of the new world arrive, the host ticks.
        var postDrift = new List<WorldExample>();
        int? recoveredAt = null;
        var cycles = 0;
        while (recoveredAt is null && cycles < 3)
        {
            cycles++;
            app.Clock.Advance(Cycle);
            var batch = world.Draw(200, drifted: true);
            await world.LogAsync(model, batch, Cycle);
            postDrift.AddRange(batch);

            var launch = await TickAsync(model);
            launch.ShouldNotBeNull($"cycle {cycles}: the tick started no run");
            launch.Created.ShouldBeTrue();
            var run = launch.Run;
            if (cycles == 1)
            {
                run.Trigger.ShouldBe(Core.Runs.RunTrigger.Drift, run.Reason);
                run.Reason.ShouldContain("drift: serving traffic drifted");
                run.Reason.ShouldContain("newLabels: 200 examples labeled"); // every condition that holds is recorded, not only the first
            }

            var detail = await WaitForEndAsync(run.Id);
            var trainerSummary = ContinuousTrainingTests.Step(detail, "Trainer")["summary"]!;
            var evaluation = ContinuousTrainingTests.Step(detail, "Evaluator")["summary"]!;
            evaluation["blessedOn"]!.GetValue<string>().ShouldBe("recent");
            evaluation["recent"]!["examples"]!.GetValue<int>().ShouldBeGreaterThan(0);

            if (trainer == "gradient-boosted-trees" && trainerSummary["warmStart"]!.GetValue<bool>())
            {
                trainerSummary["frozenTransform"]!.GetValue<bool>().ShouldBeTrue("kept trees see the columns they were trained on");
                trainerSummary["keptParentRounds"]!.GetValue<int>().ShouldBeLessThanOrEqualTo(100);
            }

            if (cycles == 1)
            {
                trainerSummary["warmStart"]!.GetValue<bool>().ShouldBeFalse("a drift run starts cold under coldStartOn: drift");
                trainerSummary["coldStartReason"]!.GetValue<string>().ShouldContain("coldStartOn");

                // More labels arrive at once, drift persists: the cooldown holds the next drift run back, however often the host ticks.
                var more = world.Draw(150, drifted: true);
                await world.LogAsync(model, more, TimeSpan.FromMinutes(30));
                postDrift.AddRange(more);
                (await TickAsync(model)).ShouldBeNull("the model is in its cooldown");
                (await TickAsync(model)).ShouldBeNull("the model is in its cooldown");
            }

            // The oracle: the same trainer, cold, on every post-drift label so far and nothing older.
            await world.LogAsync(oracle, postDrift.Skip(postDrift.Count - (cycles == 1 ? 350 : 200)).ToList(), Cycle);
            await _admin.PostAsync($"/api/v1/models/{oracle}/labels:join", null);
            var oracleRun = await WaitForEndAsync(await StartManualAsync(oracle, coldStart: true));
            oracleRun["run"]!["outcome"]!.GetValue<string>().ShouldBe("pushed");

            var (served, version) = await DriftingWorld.ServedAucAsync(_predictor, model, test);
            var (best, _) = await DriftingWorld.ServedAucAsync(_predictor, oracle, test);
            output.WriteLine($"{app.Provider} {trainer} cycle {cycles}: run {run.Number} ({run.Trigger}) {detail["run"]!["outcome"]}, " +
                $"warm={trainerSummary["warmStart"]}, served v{version} AUC {served:F4}, oracle AUC {best:F4}, gap {best - served:F4}, fast-clock time since drift {Cycle * cycles}");
            if (served >= best - Tolerance)
            {
                recoveredAt = cycles;
            }
        }

        recoveredAt.ShouldNotBeNull($"the served model did not come within {Tolerance} AUC of the oracle in 3 cycles");

        // No duplicate versions: each version was trained on a snapshot of its own.
        var runs = JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/models/{model}/runs"))!.AsArray();
        var hashes = new List<string>();
        foreach (var produced in runs.Where(r => r!["producedVersion"] is not null))
        {
            var detail = JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/runs/{produced!["id"]}"))!.AsObject();
            hashes.Add(ContinuousTrainingTests.Step(detail, "ExampleGen")["summary"]!["contentHash"]!.GetValue<string>());
        }

        hashes.Distinct().Count().ShouldBe(hashes.Count);

        // Past the cooldown with no new labels: the drift still shows, but a drift run needs new labels; a scheduled
        // run on the unchanged snapshot and definition ends "nothing new" without a version.
        app.Clock.Advance(TimeSpan.FromHours(2));
        (await TickAsync(model)).ShouldBeNull("no new labels since the last run");
        var versionsBefore = JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/models/{model}/versions"))!.AsArray().Count;
        long scheduled;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As a cron trigger starts it.
            var registered = await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Models.AsNoTracking().SingleAsync(m => m.Name == model);
            scheduled = (await scope.ServiceProvider.GetRequiredService<RunLauncher>().StartAsync(registered, Core.Runs.RunTrigger.Schedule, "cron schedule '0 0 * * * ?'", false, "schedule", CancellationToken.None)).Run.Id;
        }

        var nothing = await WaitForEndAsync(scheduled);
        nothing["run"]!["outcome"]!.GetValue<string>().ShouldBe("nothingNew");
        nothing["run"]!["producedVersion"].ShouldBeNull();
        JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/models/{model}/versions"))!.AsArray().Count.ShouldBe(versionsBefore);
    }

    /// <summary>One host tick for this model, as the recurring join-and-trigger job does it (whichever scheduler runs it).</summary>
    private async Task<RunLaunch?> TickAsync(string model)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LabelJoiner>().JoinAllAsync(CancellationToken.None);
        var registered = await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Models.AsNoTracking().SingleAsync(m => m.Name == model);
        var launch = await scope.ServiceProvider.GetRequiredService<TriggerEvaluator>().EvaluateAsync(registered, CancellationToken.None);
        return launch;
    }

    private async Task<long> StartManualAsync(string model, bool coldStart)
    {
        var response = await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject { ["reason"] = "test", ["coldStart"] = coldStart });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["id"]!.GetValue<long>();
    }

    private Task<JsonObject> WaitForEndAsync(long runId) => RunWaiter.WaitForAsync(_admin, runId, "succeeded", RunTimeout);

    public sealed class OnSqlite(FastClockSqliteApp app, ITestOutputHelper output) : DriftRecoveryTests(app, output), IClassFixture<FastClockSqliteApp>;

    public sealed class OnPostgreSql(FastClockPostgresApp app, ITestOutputHelper output) : DriftRecoveryTests(app, output), IClassFixture<FastClockPostgresApp>;
}

/// <summary>The web host with a <see cref="FastClock"/> as its time.</summary>
public abstract class FastClockApp(DatabaseProvider provider) : FeedbackAppFixture(provider)
{
    public FastClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

public sealed class FastClockSqliteApp() : FastClockApp(DatabaseProvider.Sqlite);

public sealed class FastClockPostgresApp() : FastClockApp(DatabaseProvider.PostgreSql);
