using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Access;
using Feedback.Core.Serving;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Feedback.Web.Tests.Api;

/// <summary>The serving path's registry write is group-committed: concurrent requests share a transaction, each is
/// answered only once its rows are committed, and a full queue refuses with 503 and <c>Retry-After</c>, storing
/// nothing. The database is held by a real lock from another connection to make requests pile up on cue.</summary>
public abstract class GroupCommitTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int QueueCapacity = 6;
    private const int InstancesPerRequest = 2;

    private TestDatabase _database = null!;
    private AppNode _node = null!;

    public sealed class OnSqlite() : GroupCommitTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : GroupCommitTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _node = AppNode.Start(_database, new Dictionary<string, string?>
        {
            ["Serving:CommitQueueCapacity"] = QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // One writer, so that what piles up behind the lock is one batch (other serving tests run PostgreSQL's default of several).
            ["Serving:CommitWriters"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ConcurrentPredicts_AreCommittedTogether_AndEachAnsweredRowIsStoredOnce()
    {
        var (model, client, body) = await ServedModelAsync();
        var committer = _node.Services.GetRequiredService<PredictionCommitter>();
        var batchesBefore = committer.Batches;
        var acceptedBefore = committer.Accepted;

        // Held: the writer's first batch waits on the lock, and the others queue behind it.
        Task<List<string>>[] requests;
        await using (await BlockWritesAsync())
        {
            // As many as the queue holds: however many the writer has taken into the held batch, the rest fit.
            requests = Enumerable.Range(0, QueueCapacity).Select(_ => PredictAsync(client, model, body)).ToArray();
            await WaitUntilAsync(() => committer.Accepted - acceptedBefore == QueueCapacity || requests.Any(r => r.IsCompleted));
            requests.ShouldAllBe(r => !r.IsCompleted, "no request is answered before its rows are committed");
        }

        var answered = (await Task.WhenAll(requests)).SelectMany(ids => ids).ToList();
        // Each writer holds at most one batch on the lock; what queued behind them goes in one more.
        (committer.Batches - batchesBefore).ShouldBeLessThanOrEqualTo(committer.Writers + 1, "the requests queued behind the held batches are committed together");
        (committer.Batches - batchesBefore).ShouldBeLessThan(QueueCapacity, "fewer transactions than requests");

        // And unheld, from many concurrent clients at once.
        var more = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                ids.AddRange(await PredictAsync(client, model, body, allowBusy: true));
            }

            return ids;
        })));
        answered.AddRange(more.SelectMany(ids => ids));

        await using var context = _database.CreateContext();
        var stored = await context.Predictions.Where(p => p.ModelId == context.Models.Single(m => m.Name == model).Id).Select(p => p.TrackingId).ToListAsync();
        stored.Count.ShouldBe(answered.Count, "every answered prediction is stored, and nothing else");
        stored.Order(StringComparer.Ordinal).ShouldBe(answered.Order(StringComparer.Ordinal));
        answered.Distinct().Count().ShouldBe(answered.Count);
    }

    [Fact]
    public async Task AFullQueue_Answers503WithRetryAfter_AndStoresNothingOfTheRefusedRequest()
    {
        var (model, client, body) = await ServedModelAsync();
        var committer = _node.Services.GetRequiredService<PredictionCommitter>();
        var acceptedBefore = committer.Accepted;
        var requests = new List<Task<HttpResponseMessage>>();
        HttpResponseMessage? refused = null;
        await using (await BlockWritesAsync())
        {
            // One at a time: each is either accepted (queued or in the held batch) or refused.
            while (refused is null && requests.Count < 50)
            {
                var accepted = committer.Accepted;
                var request = client.PostRawAsync($"/api/v1/models/{model}:predict", body, "application/json");
                await WaitUntilAsync(() => request.IsCompleted || committer.Accepted > accepted);
                if (request.IsCompleted)
                {
                    refused = await request;
                }
                else
                {
                    requests.Add(request);
                }
            }

            refused.ShouldNotBeNull("a queue of 6 behind a held batch must fill up");
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync());
            refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
            (await refused.Content.ReadAsStringAsync()).ShouldContain("nothing was stored");
            requests.Count.ShouldBeGreaterThanOrEqualTo(QueueCapacity);
            requests.Count.ShouldBeLessThanOrEqualTo((committer.Writers + 1) * QueueCapacity, "at most one batch per writer and a full queue");
        }

        var answered = new List<string>();
        foreach (var request in requests)
        {
            using var response = await request;
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            answered.AddRange(JsonNode.Parse(text)!["predictions"]!.AsArray().Select(p => p!["trackingId"]!.GetValue<string>()));
        }

        refused.Dispose();
        (committer.Accepted - acceptedBefore).ShouldBe(requests.Count);
        await using var context = _database.CreateContext();
        var stored = await context.Predictions.Where(p => p.ModelId == context.Models.Single(m => m.Name == model).Id).Select(p => p.TrackingId).ToListAsync();
        stored.Order(StringComparer.Ordinal).ShouldBe(answered.Order(StringComparer.Ordinal), "the accepted requests' rows, and none of the refused one's");
    }

    /// <summary>Holds the database's write lock (SQLite) or a lock on <c>predictions</c> that inserts wait for
    /// (PostgreSQL) from another connection, until disposed.</summary>
    private async Task<IAsyncDisposable> BlockWritesAsync()
    {
        DbConnection connection = provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(_database.ConnectionString)
            : new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.PostgreSql
            ? "BEGIN; LOCK TABLE predictions IN SHARE MODE;"
            : "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return new Block(connection);
    }

    private async Task<(string Model, HttpClient Client, string Body)> ServedModelAsync()
    {
        var admin = _node.Client(await KeyAsync("admin"));
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        var bundle = TrainedBundleBuilder.For(definition.Build());
        await ModelVersions.RegisterAsync(_node.Services, model, bundle.Build());
        var random = new Random(3);
        var body = new JsonObject
        {
            ["instances"] = new JsonArray([.. Enumerable.Range(0, InstancesPerRequest).Select(_ => (JsonNode)TrainedBundleBuilder.ToJson(bundle.Row(random)))]),
        }.ToJsonString();
        return (model, _node.Client(await KeyAsync("predict")), body);
    }

    private static async Task<List<string>> PredictAsync(HttpClient client, string model, string body, bool allowBusy = false)
    {
        while (true)
        {
            using var response = await client.PostRawAsync($"/api/v1/models/{model}:predict", body, "application/json");
            var text = await response.Content.ReadAsStringAsync();
            if (allowBusy && response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                // A queue of 6 can fill under 8 concurrent clients: that is the back-pressure working; retry as told.
                continue;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            var predictions = JsonNode.Parse(text)!["predictions"]!.AsArray();
            predictions.Count.ShouldBe(InstancesPerRequest);
            return predictions.Select(p => p!["trackingId"]!.GetValue<string>()).ToList();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // only so that a broken build cannot hang
        while (!condition())
        {
            await Task.Delay(5, safety.Token);
        }
    }

    private async Task<string> KeyAsync(string scope)
    {
        await using var scopeServices = _node.Services.CreateAsyncScope();
        var issuer = scopeServices.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        return (await issuer.CreateAsync($"group-commit-{scope}", [scope], null, null, CancellationToken.None)).Key;
    }

    private sealed class Block(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
