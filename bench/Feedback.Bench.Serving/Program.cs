using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Feedback.Core.Predictions;
using Feedback.Core.Storage;
using Feedback.Ml.Bundles;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench.Serving;

/// <summary>Serving benchmark (issue 17): single-row <c>POST /models/{name}:predict</c> (alias from the node's cache,
/// scoring, group-committed registry write) at fixed open-loop rates through the real host, against a bare minimal-API
/// endpoint that commits one row per request to the same database (<see cref="BareEndpoint"/>), on PostgreSQL and
/// SQLite, plus the in-process cost of <see cref="ModelBundle.Predict(IReadOnlyDictionary{string, object?})"/>.</summary>
internal static class Program
{
    private const double TargetP50Ratio = 1.2;
    private const double TargetP99Ratio = 1.5;
    private const double TargetP99Milliseconds = 10;

    private static async Task<int> Main(string[] args)
    {
        var rates = StringOption(args, "--rates", "500,1000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var duration = TimeSpan.FromSeconds(IntOption(args, "--duration", 20));
        var warmup = TimeSpan.FromSeconds(IntOption(args, "--warmup", 3));
        var rounds = IntOption(args, "--rounds", 2);
        var databases = StringOption(args, "--db", "both") switch
        {
            "postgres" => [DatabaseProvider.PostgreSql],
            "sqlite" => [DatabaseProvider.Sqlite],
            _ => new[] { DatabaseProvider.PostgreSql, DatabaseProvider.Sqlite },
        };
        if (databases.Contains(DatabaseProvider.PostgreSql) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresTestDatabase.ServerVariable)))
        {
            await Console.Error.WriteLineAsync($"PostgreSQL needs {PostgresTestDatabase.ServerVariable}: run ./scripts/bench-serving.sh, which starts a throwaway server.");
            return 2;
        }

        // WebApplicationFactory finds the web app's content root through the manifest in the output folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Serving benchmark on {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; " +
            $"client, both servers and the database share this machine. {string.Join(" and ", rates)} req/s, {duration.TotalSeconds:0} s per scenario in {rounds} interleaved rounds, {warmup.TotalSeconds:0} s warm-up each."));

        var lines = new List<string>();
        var ok = true;
        ModelBundle? measured = null;
        Dictionary<string, object?>[] sampleRows = [];
        foreach (var provider in databases)
        {
            await using var app = new BenchApp(provider);
            await app.InitializeAsync();
            await using var bare = await BareEndpoint.StartAsync(provider, app.Database.ConnectionString);
            var definition = ModelDefinitionBuilder.Binary();
            var bundles = TrainedBundleBuilder.For(definition.Build()).WithRows(2000);
            var bundle = bundles.Build();
            using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = app.ServerAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await app.CreateKeyAsync(["admin"])).Key);
            using var bareClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = bare.Address };
            var model = await definition.CreateAsync(client);
            await ModelVersions.RegisterAsync(app.Services, model, bundle);

            var random = new Random(7);
            var rows = Enumerable.Range(0, 512).Select(_ => bundles.Row(random)).ToArray();
            var predictBodies = rows.Select(r => Utf8(new JsonObject { ["instances"] = new JsonArray(TrainedBundleBuilder.ToJson(r)) })).ToArray();
            Func<int, Task> predict = i => PostAsync(client, $"/api/v1/models/{model}:predict", predictBodies[i % predictBodies.Length]);
            Func<int, Task> baseline = i => PostAsync(bareClient, "/bare", predictBodies[i % predictBodies.Length]);
            var expectedStored = 0L;
            foreach (var rate in rates)
            {
                var served = new List<Latencies>();
                var bared = new List<Latencies>();
                for (var round = 0; round < rounds; round++)
                {
                    await OpenLoop.RunAsync(rate, warmup, predict);
                    served.Add(await OpenLoop.RunAsync(rate, duration / rounds, predict));
                    await OpenLoop.RunAsync(rate, warmup, baseline);
                    bared.Add(await OpenLoop.RunAsync(rate, duration / rounds, baseline));
                    expectedStored += (int)(warmup.TotalSeconds * rate) + (int)((duration / rounds).TotalSeconds * rate);
                }

                var p = Combine(served);
                var b = Combine(bared);
                var p50Ratio = p.P50 / b.P50;
                var p99Ratio = p.P99 / b.P99;
                var pass = p.Errors == 0 && p50Ratio <= TargetP50Ratio && p99Ratio <= TargetP99Ratio && (b.P99 >= TargetP99Milliseconds || p.P99 < TargetP99Milliseconds);
                lines.Add(Row(provider, $"`:predict`, 1 row, {rate} req/s", p, string.Create(CultureInfo.InvariantCulture, $"{p50Ratio:F2}× / {p99Ratio:F2}×"), pass ? "PASS" : "**FAIL**"));
                lines.Add(Row(provider, $"bare endpoint (1 INSERT), {rate} req/s", b, string.Empty, "baseline"));
                ok &= p.Errors == 0 && b.Errors == 0;
                if ((p.FirstError ?? b.FirstError) is { } error)
                {
                    lines.Add($"first error: {error}");
                }
            }

            var stored = await StoredServedAsync(app, model);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: served rows stored: {stored} of {expectedStored} requests (warm-up included){(stored == expectedStored ? string.Empty : " — MISMATCH")}."));
            ok &= stored == expectedStored;
            measured ??= bundle;
            sampleRows = sampleRows.Length == 0 ? rows : sampleRows;
        }

        Console.WriteLine();
        Console.WriteLine($"| database | scenario | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | p50 / p99 vs bare | target p50 ≤ {TargetP50Ratio}×, p99 ≤ {TargetP99Ratio}× |");
        Console.WriteLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var line in lines.Where(l => l.StartsWith('|')))
        {
            Console.WriteLine(line);
        }

        if (measured is not null)
        {
            var inProcess = MeasureInProcess(measured, sampleRows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| | in-process `ModelBundle.Predict`, 1 row | {inProcess.Count} | | {inProcess.P50:F4} | {inProcess.P95:F4} | {inProcess.P99:F4} | {inProcess.Max:F3} | 0 | | info |"));
        }

        Console.WriteLine();
        foreach (var line in lines.Where(l => !l.StartsWith('|')))
        {
            Console.WriteLine(line);
        }

        Console.WriteLine("Latency runs from each request's scheduled start (open loop, no coordinated omission) and includes the committed write.");
        return ok ? 0 : 1;
    }

    private static async Task PostAsync(HttpClient client, string url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // Read the answer, as a client would.
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Per-call latency of scoring one row in this process, after a warm-up: the floor of any serving path.</summary>
    private static Latencies MeasureInProcess(ModelBundle bundle, Dictionary<string, object?>[] rows)
    {
        var output = new double[bundle.Predictor.OutputCount];
        for (var i = 0; i < 20_000; i++)
        {
            bundle.Predict(rows[i % rows.Length], output);
        }

        var ticks = new long[200_000];
        for (var i = 0; i < ticks.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bundle.Predict(rows[i % rows.Length], output);
            ticks[i] = Stopwatch.GetTimestamp() - started;
        }

        Array.Sort(ticks);
        return new Latencies(ticks.Length, 0, 0, OpenLoop.Percentile(ticks, 0.5), OpenLoop.Percentile(ticks, 0.95), OpenLoop.Percentile(ticks, 0.99), OpenLoop.Milliseconds(ticks[^1]), null);
    }

    private static async Task<long> StoredServedAsync(BenchApp app, string model)
    {
        await using var context = app.Database.CreateContext();
        var id = await context.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        return await context.Predictions.LongCountAsync(p => p.ModelId == id && p.Origin == PredictionOrigin.Served && p.ModelVersion == 1);
    }

    private static Latencies Combine(List<Latencies> parts)
    {
        // Percentiles do not average; the rounds are equally long, so the worst round's tail is the honest summary.
        var count = parts.Sum(p => p.Count);
        return new Latencies(count, parts.Sum(p => p.Errors), parts.Average(p => p.AchievedPerSecond),
            parts.Max(p => p.P50), parts.Max(p => p.P95), parts.Max(p => p.P99), parts.Max(p => p.Max), parts.Select(p => p.FirstError).FirstOrDefault(e => e is not null));
    }

    private static string Row(DatabaseProvider provider, string scenario, Latencies l, string ratios, string result) => string.Create(CultureInfo.InvariantCulture,
        $"| {provider} | {scenario} | {l.Count} | {l.AchievedPerSecond:F0} | {l.P50:F2} | {l.P95:F2} | {l.P99:F2} | {l.Max:F1} | {l.Errors} | {ratios} | {result} |");

    private static byte[] Utf8(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    private static string StringOption(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The real host on Kestrel over a throwaway database, in the Production environment (Development
    /// validates DI scopes on every request).</summary>
    private sealed class BenchApp(DatabaseProvider provider) : FeedbackAppFixture(provider), IAsyncDisposable
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["environment"] = "Production" };

        public Uri ServerAddress =>
            new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
