using System.Diagnostics;
using System.Globalization;
using Feedback.Bench.Pipeline;
using Feedback.Core;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Feedback.Pipeline;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Full-pipeline benchmark. Loads N labeled predictions (one outcome or correction each) through the bulk write path,
// joins labels, then executes one pipeline run in this process (RunLauncher.StartAsync + RunExecutor.ExecuteAsync, no
// job server: Scheduler:Enabled=false), adds 10,000 more labeled examples and executes a second, warm-started
// run. Step times come from run_steps. The baseline is the same ML work (transform fit, logistic regression,
// evaluation) on the same examples as in-memory tables, in this process.
// With --jobs the runs go through Hangfire instead: step jobs on an in-process job server (storage on the same
// database), so the difference between execution wall time and the sum of step times is the job overhead.
// Usage: Feedback.Bench.Pipeline [--rows N] [--sqlite] [--jobs]. PostgreSQL needs FEEDBACK_TEST_POSTGRES (scripts/bench-pipeline.sh).
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Feedback.Bench.Pipeline [--rows N] [--sqlite] [--jobs]   (N >= 1000, default 100000)");
    return 2;
}

const int NewExamples = 10_000;
await using var database = await BenchDatabase.CreateAsync(options.Sqlite);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = database.Provider.ToString(),
    ["Database:ConnectionString"] = database.ConnectionString,
    ["Database:MigrateOnStartup"] = "false",
    // Without --jobs no Hangfire: the benchmark executes the runs itself (RunScheduler does nothing while disabled).
    ["Scheduler:Enabled"] = options.Jobs ? "true" : "false",
    ["Scheduler:Role"] = "all",
    // The benchmark joins labels itself; the background join-and-trigger job would race it.
    ["Pipeline:TriggerInterval"] = "01:00:00",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole();
builder.Services.AddFeedbackCore().AddFeedbackPipeline();
using var host = builder.Build();
var services = host.Services;

RegisteredModel model;
await using (var scope = services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
    await db.Database.MigrateAsync();
    await scope.ServiceProvider.GetRequiredService<ModelCatalog>().CreateAsync(SyntheticTraffic.Definition(), "bench", CancellationToken.None);
    model = await db.Models.AsNoTracking().SingleAsync(m => m.Name == SyntheticTraffic.ModelName);
}

await host.StartAsync();
if (options.Jobs)
{
    await services.GetRequiredService<FeedbackScheduler>().WhenReadyAsync(CancellationToken.None);
}

var definition = ModelDefinitionReader.FromStored(model.Definition);
var traffic = new SyntheticTraffic(services.GetRequiredService<IIngestionStore>(), model.Id, seed: 42);
Console.WriteLine($"{database.Provider}, {options.Rows:N0} labeled predictions, then {NewExamples:N0} more; {Environment.ProcessorCount} cores; runs {(options.Jobs ? "as Hangfire step jobs" : "executed directly")}.");

var load1 = await TimeAsync(() => traffic.LoadAsync(options.Rows, DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromDays(7), CancellationToken.None));
var join1 = await JoinAsync(services, model.Id);
Console.WriteLine($"Loaded {options.Rows:N0} predictions + {options.Rows:N0} events in {load1:F1} s; label join {join1.Seconds:F1} s ({join1.Labeled:N0} labeled).");
var run1 = await MeasuredRun.ExecuteAsync(services, model, options.Jobs);
Console.WriteLine($"Run 1: {run1.Status} {run1.Outcome} in {run1.ExecuteSeconds:F1} s.");
var ml1 = await TimeMlAsync(run1, definition, null);

var load2 = await TimeAsync(() => traffic.LoadAsync(NewExamples, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), CancellationToken.None));
var join2 = await JoinAsync(services, model.Id);
Console.WriteLine($"Loaded {NewExamples:N0} more in {load2:F1} s; label join {join2.Seconds:F1} s ({join2.Labeled:N0} labeled).");
var run2 = await MeasuredRun.ExecuteAsync(services, model, options.Jobs);
Console.WriteLine($"Run 2: {run2.Status} {run2.Outcome} in {run2.ExecuteSeconds:F1} s.");
var ml2 = await TimeMlAsync(run2, definition, ml1.Times.Bundle);
var parts = await ExampleGenParts.MeasureAsync(services, model, definition, run2.RunId);

await host.StopAsync();
Report.Print(database.Provider, options.Jobs, options.Rows, NewExamples, (load1, join1.Seconds, load2, join2.Seconds), run1, run2, ml1, ml2, parts);
return run1.Status == RunStatus.Succeeded && run2.Status == RunStatus.Succeeded ? 0 : 1;

static async Task<double> TimeAsync(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalSeconds;
}

static async Task<(double Seconds, int Labeled)> JoinAsync(IServiceProvider services, long modelId)
{
    await using var scope = services.CreateAsyncScope();
    var watch = Stopwatch.StartNew();
    var result = await scope.ServiceProvider.GetRequiredService<LabelJoiner>().JoinAsync(modelId, CancellationToken.None);
    return (watch.Elapsed.TotalSeconds, result.Counts.Labeled);
}

static async Task<(MlTimes Times, long PeakManagedBytes)> TimeMlAsync(MeasuredRun run, ModelDefinition definition, Feedback.Ml.Bundles.ModelBundle? parent)
{
    var snapshot = run.Snapshot ?? throw new InvalidOperationException("The run wrote no snapshot.");
    MlTimes first;
    long peak;
    // Memory from the first fit only: later repetitions would add the earlier ones' garbage.
    await using (var memory = PeakMemory.Start())
    {
        first = MlBaseline.Run(snapshot, definition, parent);
        peak = await memory.StopAsync();
    }

    return (MlBaseline.Median([first, MlBaseline.Run(snapshot, definition, parent), MlBaseline.Run(snapshot, definition, parent)]), peak);
}
