using System.Diagnostics;
using System.Globalization;
using Feedback.Bench.Join;
using Feedback.Core;
using Feedback.Core.Labels;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Label join benchmark: LabelJoiner.JoinAsync over N predictions and N feedback events on PostgreSQL, against the
// same-run baseline of one plain INSERT … SELECT join with a CASE for the label; then an incremental run after 10,000
// new events. Usage: Feedback.Bench.Join [--rows N] (default 1,000,000). Needs FEEDBACK_TEST_POSTGRES (scripts/bench-join.sh).
var rows = 1_000_000;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--rows" && i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1000)
    {
        rows = n;
    }
    else
    {
        Console.Error.WriteLine("usage: Feedback.Bench.Join [--rows N]   (N >= 1000, default 1000000)");
        return 2;
    }
}

var server = Environment.GetEnvironmentVariable("FEEDBACK_TEST_POSTGRES")
    ?? throw new InvalidOperationException("Set FEEDBACK_TEST_POSTGRES to a PostgreSQL server connection string (scripts/bench-join.sh does).");
var databaseName = $"feedback_bench_join_{Guid.NewGuid():N}"[..40];
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {databaseName}", admin);
    await create.ExecuteNonQueryAsync();
}

var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ToString();
try
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = connectionString,
    }).Build();
    await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddFeedbackCore().BuildServiceProvider();
    await using (var scope = services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Database.MigrateAsync();
    }

    var data = new SyntheticData(services.GetRequiredService<ConfiguredDatabase>().DataSource!, seed: 42);
    var modelId = await data.CreateModelAsync();
    var load = Stopwatch.StartNew();
    await data.CopyPredictionsAsync(modelId, rows);
    await data.CopyFeedbackAsync(rows, rows, receivedAgo: TimeSpan.FromHours(1));
    await data.AnalyzeAsync();
    Console.WriteLine($"Loaded {rows:N0} predictions and {rows:N0} feedback events in {load.Elapsed.TotalSeconds:F1} s.");

    var baseline = await data.PlainSqlJoinAsync(modelId);
    var full = await TimeJoinAsync(services, modelId);
    await data.CopyFeedbackAsync(10_000, rows, receivedAgo: TimeSpan.FromMinutes(5));
    var incremental = await TimeJoinAsync(services, modelId);

    Console.WriteLine();
    Console.WriteLine($"| step | predictions | feedback events | labeled rows | seconds | ratio to baseline |");
    Console.WriteLine($"|---|--:|--:|--:|--:|--:|");
    Console.WriteLine($"| baseline: one INSERT … SELECT join, CASE label | {rows:N0} | {rows:N0} | {baseline.Rows:N0} | {baseline.Seconds:F2} | 1.00 |");
    Console.WriteLine($"| LabelJoiner.JoinAsync, first run (full) | {rows:N0} | {rows:N0} | {full.Result.Counts.Labeled:N0} | {full.Seconds:F2} | {full.Seconds / baseline.Seconds:F2} |");
    Console.WriteLine($"| LabelJoiner.JoinAsync after 10,000 new events | {rows:N0} | {rows + 10_000:N0} | {incremental.Result.Counts.Labeled:N0} | {incremental.Seconds:F2} | {incremental.Seconds / baseline.Seconds:F2} |");
    Console.WriteLine();
    Console.WriteLine($"First run: {full.Result.Touched:N0} resolved, {full.Result.Inserted:N0} inserted, {full.Result.IgnoredLabels:N0} ignored labels, " +
        $"{full.Result.Counts.Conflicts:N0} with conflicts, {full.Result.Counts.Orphans:N0} orphan events.");
    Console.WriteLine($"Incremental run: {incremental.Result.Touched:N0} resolved, {incremental.Result.Inserted:N0} inserted, {incremental.Result.Updated:N0} updated.");
    return 0;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
}

static async Task<(LabelJoinResult Result, double Seconds)> TimeJoinAsync(IServiceProvider services, long modelId)
{
    await using var scope = services.CreateAsyncScope();
    var joiner = scope.ServiceProvider.GetRequiredService<LabelJoiner>();
    var watch = Stopwatch.StartNew();
    var result = await joiner.JoinAsync(modelId, CancellationToken.None);
    return (result, watch.Elapsed.TotalSeconds);
}
