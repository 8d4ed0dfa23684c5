using System.Globalization;
using Feedback.Core.Models;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Feedback.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Bench.Ingestion;

/// <summary>Every scenario on one database: for feedback and for predictions, the raw baseline, HTTP batches and HTTP
/// single rows; on PostgreSQL also single events at a fixed rate.</summary>
internal sealed class DatabaseBenchmark(BenchOptions options, DatabaseProvider provider)
{
    /// <summary>Predictions logged before measuring, for feedback to point at (and to warm the prediction path up).</summary>
    private const int SeedPredictions = 5_000;

    private const string RawSource = "bench-raw";

    private readonly List<LoadResult> _allLoads = [];

    private string DatabaseName => provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite";

    public async Task<IReadOnlyList<ResultRow>> RunAsync()
    {
        var app = new BenchApp(provider);
        await app.InitializeAsync();
        try
        {
            return await RunAsync(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<ResultRow>> RunAsync(BenchApp app)
    {
        var (model, modelId) = await CreateModelAsync(app);
        var key = await app.CreateKeyAsync(["predict", "feedback"], source: "bench-http");
        using var http = new HttpIngestionClient(app.ServerAddress, key.Key, model);
        await using var raw = RawBaseline.Create(app.Database);
        var data = new SampleData();
        Log($"{await raw.DescribeAsync()}; server {app.ServerAddress}");
        Log($"raw baseline: {raw.Method}; {options.Clients} concurrent writers, {options.BatchSize} rows per batch");

        for (var seeded = 0; seeded < SeedPredictions; seeded += options.BatchSize)
        {
            var batch = data.Predictions(Math.Min(options.BatchSize, SeedPredictions - seeded));
            await http.PostPredictionsAsync(batch);
            data.RememberPredictions(batch);
        }

        var store = new StoreOnlyWriter(app.Services.GetRequiredService<IIngestionStore>(), modelId);
        TableWorkload[] workloads =
        [
            new("feedback",
                ViaHttp: rows => http.PostFeedbackAsync(data.Feedback(rows)),
                ViaRaw: () => InsertRawAsync(raw, StoredTable.FeedbackEvents, data.Feedback(options.BatchSize), (s, now) => StoredTable.FeedbackRow(s, RawSource, now)),
                ViaStore: () => store.InsertFeedbackAsync(data.Feedback(options.BatchSize))),
            new("predictions",
                ViaHttp: rows => http.PostPredictionsAsync(data.Predictions(rows)),
                ViaRaw: () => InsertRawAsync(raw, StoredTable.Predictions, data.Predictions(options.BatchSize), (s, now) => StoredTable.PredictionRow(s, modelId, now)),
                ViaStore: () => store.InsertPredictionsAsync(data.Predictions(options.BatchSize))),
        ];

        await WarmUpAsync(workloads);
        var results = new List<ResultRow>();
        foreach (var workload in workloads)
        {
            results.AddRange(await CompareAsync(workload));
        }

        if (provider == DatabaseProvider.PostgreSql)
        {
            var before = ProcessStats.Now();
            var tally = await FixedRateLoad.RunAsync(options.FixedRate, options.Warmup, options.FixedRateDuration, () => http.PostFeedbackAsync(data.Feedback(1)));
            var paced = Report($"feedback: HTTP single at {options.FixedRate} req/s", tally.ToResult(), ProcessStats.Now() - before);
            results.Add(new ResultRow($"feedback, single event at fixed {options.FixedRate} req/s ({options.FixedRateDuration.TotalSeconds:0} s, open loop)",
                DatabaseName, paced, null, Target.LatencyAtRate(options.FixedRate, p99Milliseconds: 20)));
        }

        await CheckRowCountsAsync(raw, data);
        return results;
    }

    /// <summary>Mixed load over every path that will be measured, before any measurement: the JIT tiers hot methods up
    /// (with dynamic PGO) only after many calls, and a path first met inside a measurement would be timed half-compiled.</summary>
    private async Task WarmUpAsync(IReadOnlyList<TableWorkload> workloads)
    {
        Func<Task<int>>[] operations =
        [
            .. workloads.SelectMany(w => new[] { () => w.ViaHttp(1), () => w.ViaHttp(options.BatchSize), w.ViaRaw }),
            .. options.Breakdown ? workloads.Select(w => w.ViaStore) : [],
        ];
        var next = -1;
        var before = ProcessStats.Now();
        var tally = await ClosedLoopLoad.RunAsync(options.Clients, TimeSpan.Zero, options.JitWarmup,
            () => operations[(int)((uint)Interlocked.Increment(ref next) % operations.Length)]());
        Report($"warm-up, all paths mixed ({options.JitWarmup.TotalSeconds:0} s)", tally.ToResult(), ProcessStats.Now() - before);
    }

    /// <summary>The raw baseline, HTTP batches of the same size and HTTP single rows, all at the same concurrency (and
    /// with <c>--breakdown</c> the product's store called directly), measured in interleaved rounds.</summary>
    /// <remarks>Round-robin slices instead of one long run each: a change in background load (a checkpoint, another
    /// process) then falls on the baseline and the HTTP path alike, and the ratio stays meaningful.</remarks>
    private async Task<ResultRow[]> CompareAsync(TableWorkload workload)
    {
        var b = options.BatchSize;
        List<Scenario> scenarios =
        [
            new($"{workload.Table}: raw baseline, batch of {b}", workload.ViaRaw),
            .. options.Breakdown ? [new Scenario($"{workload.Table}: store only, batch of {b}", workload.ViaStore)] : Array.Empty<Scenario>(),
            new($"{workload.Table}: HTTP batch of {b}", () => workload.ViaHttp(b)),
            new($"{workload.Table}: HTTP single", () => workload.ViaHttp(1)),
        ];
        var slice = options.Duration / options.Rounds;
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var scenario in scenarios)
            {
                var before = ProcessStats.Now();
                scenario.Rounds.Add(await ClosedLoopLoad.RunAsync(options.Clients, options.Warmup, slice, scenario.Operation));
                scenario.Usage += ProcessStats.Now() - before;
            }
        }

        // In scenario order: the baseline first, HTTP batch and HTTP single last.
        var results = scenarios.ConvertAll(s => Report(s.Label, LoadTally.Combine(s.Rounds).ToResult(), s.Usage, s.Rounds));
        var baseline = results[0].RowsPerSecond;
        return
        [
            new ResultRow($"{workload.Table}, batch of {b} ({options.Clients} clients)", DatabaseName, results[^2], baseline, Target.RatioAtLeast(0.5)),
            new ResultRow($"{workload.Table}, single per request ({options.Clients} clients)", DatabaseName, results[^1], baseline, null),
        ];
    }

    /// <summary>Each batch gets one receive time, as the server gives each request one.</summary>
    private static async Task<int> InsertRawAsync<TSample>(RawBaseline raw, StoredTable table, TSample[] samples, Func<TSample, DateTimeOffset, object?[]> toRow)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        await raw.InsertAsync(table, Array.ConvertAll(samples, s => toRow(s, receivedAt)));
        return samples.Length;
    }

    private static async Task<(string Name, long Id)> CreateModelAsync(BenchApp app)
    {
        using var admin = await app.AdminClientAsync();
        var name = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var snapshot = await app.Services.GetRequiredService<ModelDefinitionCache>().FindAsync(name, CancellationToken.None)
            ?? throw new InvalidOperationException($"Model {name} was created but cannot be found.");
        return (name, snapshot.Id);
    }

    /// <summary>Every row handed out was sent exactly once and answered 200, so each table must hold exactly that many:
    /// fewer would mean lost writes, and a row counted but not stored would inflate the numbers.</summary>
    private async Task CheckRowCountsAsync(RawBaseline raw, SampleData data)
    {
        if (_allLoads.Any(r => r.Errors > 0))
        {
            Log("row-count check skipped: some operations failed");
            return;
        }

        var predictions = await raw.CountAsync(StoredTable.Predictions);
        var feedback = await raw.CountAsync(StoredTable.FeedbackEvents);
        var ok = predictions == data.PredictionsIssued && feedback == data.FeedbackIssued;
        Log(ok
            ? $"row-count check OK: {predictions:N0} predictions and {feedback:N0} feedback events stored, as many as sent"
            : $"row-count check FAILED: {predictions:N0}/{data.PredictionsIssued:N0} predictions, {feedback:N0}/{data.FeedbackIssued:N0} feedback events stored/sent");
    }

    /// <param name="rounds">The separate measurements combined into <paramref name="result"/>, whose rows/s are listed
    /// to show how steady the measurement was.</param>
    private LoadResult Report(string label, LoadResult result, ProcessUsage usage, IReadOnlyList<LoadTally>? rounds = null)
    {
        _allLoads.Add(result);
        var perRound = rounds is null ? string.Empty
            : $" (rounds: {string.Join(", ", rounds.Select(r => r.ToResult().RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))})";
        Log(string.Create(CultureInfo.InvariantCulture,
            $"{label,-40} {result.RowsPerSecond,8:N0} rows/s{perRound} {result.OperationsPerSecond:N0} req/s, p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, max {result.Latency.Max:0.0} ms, n={result.Operations}; {usage}"));
        if (result.Errors > 0)
        {
            Log($"  {result.Errors} operations failed; first: {result.FirstError}");
        }

        return result;
    }

    private void Log(string message) => Console.WriteLine($"[{DatabaseName}] {message}");

    /// <summary>The ways one table's rows are written: over HTTP (rows per request), by the raw baseline, and through
    /// the product's store in process (one batch each).</summary>
    private sealed record TableWorkload(string Table, Func<int, Task<int>> ViaHttp, Func<Task<int>> ViaRaw, Func<Task<int>> ViaStore);

    /// <summary>One measured way of writing, with its rounds so far.</summary>
    private sealed class Scenario(string label, Func<Task<int>> operation)
    {
        public string Label => label;

        public Func<Task<int>> Operation => operation;

        public List<LoadTally> Rounds { get; } = [];

        public ProcessUsage Usage { get; set; }
    }
}
