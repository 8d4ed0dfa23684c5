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

/// <summary>Serving benchmark: single-row <c>POST /models/{name}:predict</c> at a fixed open-loop rate through the real
/// host on a durable PostgreSQL, beside the same requests logged with <c>POST /models/{name}/predictions</c> (the
/// registry write alone) and the in-process cost of <see cref="ModelBundle.Predict(IReadOnlyDictionary{string, object?})"/>.</summary>
internal static class Program
{
    private const double TargetP99Milliseconds = 10;

    private static async Task<int> Main(string[] args)
    {
        var rate = IntOption(args, "--rate", 500);
        var duration = TimeSpan.FromSeconds(IntOption(args, "--duration", 20));
        var warmup = TimeSpan.FromSeconds(IntOption(args, "--warmup", 3));
        var rounds = IntOption(args, "--rounds", 2);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresTestDatabase.ServerVariable)))
        {
            await Console.Error.WriteLineAsync($"PostgreSQL needs {PostgresTestDatabase.ServerVariable}: run ./scripts/bench-serving.sh, which starts a throwaway server.");
            return 2;
        }

        // WebApplicationFactory finds the web app's content root through the manifest in the output folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Serving benchmark on {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; " +
            $"client, server and PostgreSQL share this machine. {rate} req/s, {duration.TotalSeconds:0} s per scenario in {rounds} interleaved rounds, {warmup.TotalSeconds:0} s warm-up each."));

        await using var app = new BenchApp();
        await app.InitializeAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var bundles = TrainedBundleBuilder.For(definition.Build()).WithRows(2000);
        var bundle = bundles.Build();
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = app.ServerAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await app.CreateKeyAsync(["admin"])).Key);
        var model = await definition.CreateAsync(client);
        await ModelVersions.RegisterAsync(app.Services, model, bundle);

        var random = new Random(7);
        var rows = Enumerable.Range(0, 512).Select(_ => bundles.Row(random)).ToArray();
        var predictBodies = rows.Select(r => Utf8(new JsonObject { ["instances"] = new JsonArray(TrainedBundleBuilder.ToJson(r)) })).ToArray();
        var logBodies = rows.Select(r => Utf8(new JsonObject
        {
            ["version"] = "bench",
            ["predictions"] = new JsonArray(new JsonObject
            {
                ["inputs"] = TrainedBundleBuilder.ToJson(r),
                ["outputs"] = new JsonObject { ["label"] = "yes", ["scores"] = new JsonObject { ["no"] = 0.25, ["yes"] = 0.75 } },
            }),
        })).ToArray();

        Func<int, Task> predict = i => PostAsync(client, $"/api/v1/models/{model}:predict", predictBodies[i % predictBodies.Length]);
        Func<int, Task> log = i => PostAsync(client, $"/api/v1/models/{model}/predictions", logBodies[i % logBodies.Length]);
        var served = new List<Latencies>();
        var logged = new List<Latencies>();
        for (var round = 0; round < rounds; round++)
        {
            await OpenLoop.RunAsync(rate, warmup, predict);
            served.Add(await OpenLoop.RunAsync(rate, duration / rounds, predict));
            await OpenLoop.RunAsync(rate, warmup, log);
            logged.Add(await OpenLoop.RunAsync(rate, duration / rounds, log));
        }

        var inProcess = MeasureInProcess(bundle, rows);
        var stored = await StoredServedAsync(app, model);
        var expectedStored = (long)rounds * ((int)(warmup.TotalSeconds * rate) + (int)((duration / rounds).TotalSeconds * rate));
        var predictResult = Combine(served);
        var logResult = Combine(logged);

        Console.WriteLine();
        Console.WriteLine("| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | target | result |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|---|---|");
        Console.WriteLine(Row($"`:predict`, 1 row, {rate} req/s open loop (scores + registry write)", predictResult,
            $"p99 < {TargetP99Milliseconds:0} ms", predictResult.Errors == 0 && predictResult.P99 < TargetP99Milliseconds ? "PASS" : "**FAIL**"));
        Console.WriteLine(Row($"baseline: `/predictions` log only, 1 row, {rate} req/s", logResult, string.Empty, "info"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| baseline: in-process `ModelBundle.Predict`, 1 row | {inProcess.Count} | | {inProcess.P50:F4} | {inProcess.P95:F4} | {inProcess.P99:F4} | {inProcess.Max:F3} | 0 | | info |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"serving over logging: p50 {predictResult.P50 / logResult.P50:F2}×, p99 {predictResult.P99 / logResult.P99:F2}×; " +
            $"served rows stored: {stored} of {expectedStored} requests (warm-up included){(stored == expectedStored ? string.Empty : " — MISMATCH")}."));
        Console.WriteLine("Latency runs from each request's scheduled start (open loop, no coordinated omission) and includes the committed registry write.");
        if ((predictResult.FirstError ?? logResult.FirstError) is { } error)
        {
            Console.WriteLine($"first error: {error}");
        }

        return predictResult.Errors == 0 && logResult.Errors == 0 && stored == expectedStored ? 0 : 1;
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

    private static string Row(string scenario, Latencies l, string target, string result) => string.Create(CultureInfo.InvariantCulture,
        $"| {scenario} | {l.Count} | {l.AchievedPerSecond:F0} | {l.P50:F2} | {l.P95:F2} | {l.P99:F2} | {l.Max:F1} | {l.Errors} | {target} | {result} |");

    private static byte[] Utf8(JsonObject json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The real host on Kestrel over a throwaway PostgreSQL database, in the Production environment
    /// (Development validates DI scopes on every request).</summary>
    private sealed class BenchApp() : FeedbackAppFixture(DatabaseProvider.PostgreSql), IAsyncDisposable
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["environment"] = "Production" };

        public Uri ServerAddress =>
            new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
