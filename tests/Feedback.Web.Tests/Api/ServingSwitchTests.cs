using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Access;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Api;

/// <summary>A push through one node switches every node within the stated staleness bound: two app hosts on one database
/// serve a steady stream of requests while the <c>production</c> alias moves through one of them. Each node caches the
/// alias; the node that made the move switches at once, the other within <see cref="Staleness"/>.</summary>
public abstract class ServingSwitchTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int WorkersPerNode = 3;
    private const int RequestsPerPhase = 15;
    private static readonly string[] Nodes = ["A", "B"];
    private static readonly int[] BothVersions = [1, 2];

    /// <summary>The bound under test (the default of <c>Serving:AliasStaleness</c>, stated here so the test says it).</summary>
    private static readonly TimeSpan Staleness = TimeSpan.FromSeconds(1);

    private TestDatabase _database = null!;
    private AppNode _nodeA = null!;
    private AppNode _nodeB = null!;

    public sealed class OnSqlite() : ServingSwitchTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : ServingSwitchTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        var staleness = Staleness.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        _nodeA = AppNode.Start(_database, new Dictionary<string, string?> { ["Serving:AliasStaleness"] = staleness });
        // A web node, as deployed beside another: on SQLite only one process may run the job server.
        _nodeB = AppNode.Start(_database, new Dictionary<string, string?> { ["Scheduler:Role"] = "web", ["Serving:AliasStaleness"] = staleness });
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task MovingProductionThroughOneNode_SwitchesBothNodes_WithoutAFailedOrMixedRequest()
    {
        var admin = _nodeA.Client(await KeyAsync("admin"));
        var predictKey = await KeyAsync("predict");
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        var v1 = TrainedBundleBuilder.For(definition.Build());
        var v2 = TrainedBundleBuilder.For(definition.Build()).Inverted();
        await ModelVersions.RegisterAsync(_nodeA.Services, model, v1.Build());
        await ModelVersions.RegisterAsync(_nodeA.Services, model, v2.Build(), alias: null);

        // Each request scores the same four rows; each version's answer for them is known in advance.
        var random = new Random(21);
        var rows = Enumerable.Range(0, 4).Select(_ => v1.Row(random)).ToArray();
        var expected = new Dictionary<int, double[]>
        {
            [1] = rows.Select(r => v1.Build().Predict(r)[1]).ToArray(),
            [2] = rows.Select(r => v2.Build().Predict(r)[1]).ToArray(),
        };
        expected[1].ShouldNotBe(expected[2], "the two versions must be told apart by their scores");
        var body = new JsonObject { ["instances"] = new JsonArray([.. rows.Select(r => (JsonNode)TrainedBundleBuilder.ToJson(r))]) }.ToJsonString();

        var served = new ConcurrentBag<Served>();
        using var stop = new CancellationTokenSource();
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // only so that a broken build cannot hang
        var workers = new[] { ("A", _nodeA), ("B", _nodeB) }
            .SelectMany(node => Enumerable.Range(0, WorkersPerNode).Select(_ => Task.Run(() => WorkAsync(node.Item1, node.Item2.Client(predictKey), model, body, served, stop.Token))))
            .ToArray();

        await WaitUntilAsync(() => Nodes.All(n => served.Count(s => s.Node == n) >= RequestsPerPhase) || served.Any(s => s.Error is not null), safety.Token);
        var moveStarted = Stopwatch.GetTimestamp();
        using (var move = await admin.PostJsonAsync($"/api/v1/models/{model}/aliases/production", new JsonObject { ["version"] = 2, ["reason"] = "push" }))
        {
            move.StatusCode.ShouldBe(HttpStatusCode.OK, await move.Content.ReadAsStringAsync());
        }

        var moveCompleted = Stopwatch.GetTimestamp();
        var bound = moveCompleted + (long)(Staleness.TotalSeconds * Stopwatch.Frequency);
        await WaitUntilAsync(() => Nodes.All(n => served.Count(s => s.Node == n && s.Started > bound) >= RequestsPerPhase) || served.Any(s => s.Error is not null), safety.Token);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        served.Where(s => s.Error is not null).Select(s => $"{s.Node}: {s.Error}").ShouldBeEmpty("no request may fail");
        foreach (var response in served)
        {
            response.Scores.ShouldBe(expected[response.Version], $"node {response.Node}: every prediction of a response comes from the version it names");
        }

        served.Where(s => s.Node == "A" && s.Started > moveCompleted).ShouldAllBe(s => s.Version == 2, "on the node that made the move, a request that starts after it completed is served by the new version");
        served.Where(s => s.Started > bound).ShouldAllBe(s => s.Version == 2, "on every node, a request that starts more than the staleness bound after the move is served by the new version");
        served.Where(s => s.Finished < moveStarted).ShouldAllBe(s => s.Version == 1, "before the move, production was version 1");
        foreach (var node in Nodes)
        {
            served.Where(s => s.Node == node).Select(s => s.Version).Distinct().Order().ToArray().ShouldBe(BothVersions, $"node {node} served both versions");
        }

        // What was recorded is what was answered.
        await using var context = _database.CreateContext();
        var stored = await context.Predictions.Where(p => p.ModelId == context.Models.Single(m => m.Name == model).Id)
            .ToDictionaryAsync(p => p.TrackingId, p => p.ModelVersion);
        stored.Count.ShouldBe(served.Sum(s => s.TrackingIds.Count));
        served.ShouldAllBe(s => s.TrackingIds.All(id => stored[id] == s.Version));
    }

    private static async Task WorkAsync(string node, HttpClient client, string model, string body, ConcurrentBag<Served> served, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.PostRawAsync($"/api/v1/models/{model}:predict", body, "application/json");
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                var finished = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    served.Add(new Served(node, started, finished, 0, [], [], $"{(int)response.StatusCode} {text}"));
                    return;
                }

                var json = JsonNode.Parse(text)!;
                var predictions = json["predictions"]!.AsArray();
                served.Add(new Served(
                    node,
                    started,
                    finished,
                    json["version"]!.GetValue<int>(),
                    predictions.Select(p => p!["scores"]!["yes"]!.GetValue<double>()).ToArray(),
                    predictions.Select(p => p!["trackingId"]!.GetValue<string>()).ToList(),
                    null));
            }
            catch (HttpRequestException exception)
            {
                served.Add(new Served(node, started, Stopwatch.GetTimestamp(), 0, [], [], exception.Message));
                return;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task<string> KeyAsync(string scope)
    {
        await using var scopeServices = _nodeA.Services.CreateAsyncScope();
        var issuer = scopeServices.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        return (await issuer.CreateAsync($"switch-{scope}", [scope], null, null, CancellationToken.None)).Key;
    }

    private sealed record Served(string Node, long Started, long Finished, int Version, double[] Scores, List<string> TrackingIds, string? Error);
}
