using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Storage;
using Feedback.Pipeline.Tests.EndToEnd;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests.Triggers;

/// <summary>Runs that start by themselves (SPEC §5.9), with the reason stored on the run.</summary>
public abstract class TriggerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private TestDatabase _database = null!;
    private AppNode _node = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _node = AppNode.Start(_database, new Dictionary<string, string?> { ["Pipeline:TriggerInterval"] = "00:00:01" });
        await _node.Services.GetRequiredService<Feedback.Pipeline.Scheduling.FeedbackScheduler>().WhenReadyAsync(CancellationToken.None);
        await using var scope = _node.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<Core.Access.ApiKeyIssuer>().CreateAsync("admin", ["admin"], null, null, CancellationToken.None);
        _admin = _node.Client(key.Key);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _node.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task NewLabels_AboveTheThreshold_StartARunByThemselves()
    {
        var model = await CreateAsync(d => d["triggers"] = new JsonObject { ["newLabels"] = 200 });
        var world = new SyntheticWorld(_admin, model, seed: 5);
        await world.LiveAsync(150, (x1, _) => x1 > 0, TimeSpan.FromHours(2));
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await RunsAsync(model)).Count.ShouldBe(0, "150 labels are below the threshold of 200");

        await world.LiveAsync(100, (x1, _) => x1 > 0, TimeSpan.FromHours(1));
        var run = await WaitForRunAsync(model);
        run["trigger"]!.GetValue<string>().ShouldBe("newLabels");
        run["reason"]!.GetValue<string>().ShouldContain("250 examples labeled");
        await RunWaiter.WaitForAsync(_admin, run["id"]!.GetValue<long>(), "succeeded", Timeout);
    }

    [Fact]
    public async Task ServingDrift_BeyondTheSchemaThreshold_StartsARunNamingTheFeature()
    {
        var model = await CreateAsync(d =>
        {
            d["pipeline"]!["driftThresholds"] = new JsonObject { ["x1"] = 0.3 };
            d["triggers"] = new JsonObject { ["driftAlarm"] = true, ["minLiveExamples"] = 50 };
        });
        var world = new SyntheticWorld(_admin, model, seed: 6);
        await world.LiveAsync(300, (x1, _) => x1 > 0, TimeSpan.FromDays(2));
        await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null);
        var first = await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject());
        await RunWaiter.WaitForAsync(_admin, (await first.JsonAsync())["id"]!.GetValue<long>(), "succeeded", Timeout);

        // Serving traffic moves: x1 now lives far right of anything trained on.
        await world.LiveAsync(200, (x1, _) => x1 > 0, TimeSpan.FromMinutes(5), x1Shift: 6);
        var run = await WaitForRunAsync(model, number: 2);
        run["trigger"]!.GetValue<string>().ShouldBe("drift");
        run["reason"]!.GetValue<string>().ShouldContain("x1 JensenShannon");
    }

    [Fact]
    public async Task CronSchedule_StartsRunsOnItsOwn()
    {
        var model = await CreateAsync(d => d["triggers"] = new JsonObject { ["schedule"] = "0/2 * * * * ?" });
        await new SyntheticWorld(_admin, model, seed: 8).LiveAsync(200, (x1, _) => x1 > 0, TimeSpan.FromHours(1));
        var run = await WaitForRunAsync(model);
        run["trigger"]!.GetValue<string>().ShouldBe("schedule");
        run["reason"]!.GetValue<string>().ShouldContain("0/2 * * * * ?");
    }

    private async Task<string> CreateAsync(Action<JsonObject> edit)
    {
        var model = UniqueNames.Model();
        var definition = ContinuousTrainingTests.Definition(model, "automatic", null, changeThreshold: false);
        edit(definition);
        var created = await _admin.PostJsonAsync("/api/v1/models", definition);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return model;
    }

    private async Task<JsonArray> RunsAsync(string model) => JsonNode.Parse(await _admin.GetStringAsync($"/api/v1/models/{model}/runs"))!.AsArray();

    private async Task<JsonObject> WaitForRunAsync(string model, int number = 1)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if ((await RunsAsync(model)).FirstOrDefault(r => r!["number"]!.GetValue<int>() == number) is JsonObject run)
            {
                return run;
            }

            await Task.Delay(250);
        }

        throw new ShouldAssertException($"no run {number} of {model} started within {Timeout}");
    }

    public sealed class OnSqlite() : TriggerTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : TriggerTests(DatabaseProvider.PostgreSql);
}
