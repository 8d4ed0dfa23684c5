using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Access;
using Feedback.Core.Serving;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Api;

/// <summary>Serving reads no alias per request: each node caches where <c>production</c> points, and alias moves made
/// through another node reach it through the database (see <see cref="ServingSwitchTests"/> for the staleness bound
/// under load).</summary>
public abstract class AliasCacheTests(DatabaseProvider provider) : IAsyncLifetime
{
    /// <summary>Long enough that the periodic check never runs during a test: what the test sees comes from the cache
    /// (or, on PostgreSQL, from the move's notification).</summary>
    private const string LongStaleness = "00:10:00";

    private TestDatabase _database = null!;
    private AppNode _nodeA = null!;
    private AppNode _nodeB = null!;

    public sealed class OnSqlite() : AliasCacheTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : AliasCacheTests(DatabaseProvider.PostgreSql)
    {
        [Fact]
        public async Task AMoveThroughAnotherNode_ReachesThisNode_ByNotification_LongBeforeItsPeriodicCheck()
        {
            var (model, predictKey, body) = await ServedModelAsync();
            var nodeB = NodeB.Client(predictKey);
            await WaitUntilConfirmedAsync(NodeB);
            (await PredictVersionAsync(nodeB, model, body)).ShouldBe(1);

            await MoveAsync(model, 2);

            // Without the notification node B would keep version 1 until its next check, five minutes away.
            using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await PredictVersionAsync(nodeB, model, body) != 2)
            {
                await Task.Delay(20, safety.Token);
            }
        }
    }

    protected AppNode NodeA => _nodeA;

    protected AppNode NodeB => _nodeB;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _nodeA = AppNode.Start(_database, new Dictionary<string, string?> { ["Serving:AliasStaleness"] = LongStaleness });
        // A web node, as deployed beside another: on SQLite only one process may run the job server.
        _nodeB = AppNode.Start(_database, new Dictionary<string, string?> { ["Scheduler:Role"] = "web", ["Serving:AliasStaleness"] = LongStaleness });
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Predicts_ReadNoAliasFromTheDatabase_OnceTheCacheIsConfirmed()
    {
        var (model, predictKey, body) = await ServedModelAsync();
        // A node started after the alias moved: no move of this test can still be on its way to it.
        await using var node = AppNode.Start(_database, new Dictionary<string, string?> { ["Scheduler:Role"] = "web", ["Serving:AliasStaleness"] = LongStaleness });
        var client = node.Client(predictKey);
        var cache = node.Services.GetRequiredService<AliasCache>();
        await WaitUntilConfirmedAsync(node);
        (await PredictVersionAsync(client, model, body)).ShouldBe(1);
        var reads = cache.DatabaseReads;
        reads.ShouldBe(1, "the first request read the alias");

        for (var i = 0; i < 25; i++)
        {
            (await PredictVersionAsync(client, model, body)).ShouldBe(1);
        }

        cache.DatabaseReads.ShouldBe(reads, "25 requests after the first read the alias from the cache");
    }

    [Fact]
    public async Task AMoveThroughThisNode_IsServedByThisNode_AtOnce()
    {
        var (model, predictKey, body) = await ServedModelAsync();
        var client = _nodeA.Client(predictKey);
        await WaitUntilConfirmedAsync(_nodeA);
        (await PredictVersionAsync(client, model, body)).ShouldBe(1);

        await MoveAsync(model, 2);

        (await PredictVersionAsync(client, model, body)).ShouldBe(2, "the very next request on the node that moved the alias");
        await MoveAsync(model, 1);
        (await PredictVersionAsync(client, model, body)).ShouldBe(1, "a rollback too");
    }

    protected async Task<(string Model, string PredictKey, string Body)> ServedModelAsync()
    {
        var admin = _nodeA.Client(await KeyAsync("admin"));
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        var v1 = TrainedBundleBuilder.For(definition.Build());
        await ModelVersions.RegisterAsync(_nodeA.Services, model, v1.Build());
        await ModelVersions.RegisterAsync(_nodeA.Services, model, TrainedBundleBuilder.For(definition.Build()).Inverted().Build(), alias: null);
        var row = v1.Row(new Random(5));
        var body = new JsonObject { ["instances"] = new JsonArray(TrainedBundleBuilder.ToJson(row)) }.ToJsonString();
        return (model, await KeyAsync("predict"), body);
    }

    protected async Task MoveAsync(string model, int version)
    {
        var admin = _nodeA.Client(await KeyAsync("admin"));
        using var move = await admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = version, ["reason"] = "test" });
        move.StatusCode.ShouldBe(HttpStatusCode.OK, await move.Content.ReadAsStringAsync());
    }

    protected static async Task<int> PredictVersionAsync(HttpClient client, string model, string body)
    {
        using var response = await client.PostRawAsync($"/api/v1/models/{model}:predict", body, "application/json");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["version"]!.GetValue<int>();
    }

    /// <summary>Waits for the node's first periodic check (right after it started).</summary>
    protected static async Task WaitUntilConfirmedAsync(AppNode node)
    {
        var cache = node.Services.GetRequiredService<AliasCache>();
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // only so that a broken build cannot hang
        while (!cache.IsConfirmed)
        {
            await Task.Delay(10, safety.Token);
        }
    }

    private async Task<string> KeyAsync(string scope)
    {
        await using var scopeServices = _nodeA.Services.CreateAsyncScope();
        var issuer = scopeServices.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        return (await issuer.CreateAsync($"alias-cache-{scope}", [scope], null, null, CancellationToken.None)).Key;
    }
}
