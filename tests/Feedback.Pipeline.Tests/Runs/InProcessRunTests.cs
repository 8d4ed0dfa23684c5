using System.Globalization;
using System.Text;
using Feedback.Core;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Core.Storage.Ingestion;
using Feedback.Pipeline.Runs;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests.Runs;

/// <summary>A process with the scheduler disabled (<c>Scheduler:Enabled=false</c>) and no host, as the pipeline
/// benchmark runs: starting a run leaves it queued instead of failing on the missing scheduler, and the process can
/// execute it itself; a second run over unchanged data reuses the cached steps.</summary>
public abstract class InProcessRunTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Scheduler:Enabled"] = "false",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddFeedbackCore()
            .AddFeedbackPipeline()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_WithTheSchedulerDisabled_QueuesTheRun_AndExecuteAsyncRunsItToAPush()
    {
        var model = await CreateModelAsync();
        await LogLabeledAsync(model, 300);

        var first = await StartAsync(model);
        first.Created.ShouldBeTrue();
        first.Run.Status.ShouldBe(RunStatus.Queued);
        (await RunAsync(first.Run.Id)).Status.ShouldBe(RunStatus.Queued, "nothing executes a run on a node without a scheduler");

        await ExecuteAsync(first.Run.Id);
        var run = await RunAsync(first.Run.Id);
        run.Status.ShouldBe(RunStatus.Succeeded, run.Error);
        run.Outcome.ShouldBe(RunOutcome.Pushed);
        run.ProducedVersion.ShouldBe(1);
        (await StepsAsync(run.Id)).Values.ShouldAllBe(s => s == StepStatus.Succeeded);
    }

    [Fact]
    public async Task SecondRun_OverUnchangedExamples_ReusesTheStepsWhoseInputsAndSettingsAreUnchanged()
    {
        var model = await CreateModelAsync();
        await LogLabeledAsync(model, 300);
        var first = await StartAsync(model);
        await ExecuteAsync(first.Run.Id);

        // A cold start: the explicit way to retrain on unchanged data (a plain manual run ends "nothing new").
        var second = await StartAsync(model, coldStart: true);
        await ExecuteAsync(second.Run.Id);

        var run = await RunAsync(second.Run.Id);
        run.Status.ShouldBe(RunStatus.Succeeded, run.Error);
        run.BaselineVersion.ShouldBe(1);
        var steps = await StepsAsync(run.Id);
        steps[PipelineStepNames.ExampleGen].ShouldBe(StepStatus.Succeeded, "the source always reads the live examples");
        steps[PipelineStepNames.StatisticsGen].ShouldBe(StepStatus.Cached);
        steps[PipelineStepNames.Transform].ShouldBe(StepStatus.Cached);
        steps[PipelineStepNames.Trainer].ShouldBe(StepStatus.Succeeded, "the baseline changed from none to version 1 and the run is cold");
        steps[PipelineStepNames.Pusher].ShouldBe(StepStatus.Succeeded, "an equally good candidate is not worse than production");
    }

    [Fact]
    public async Task ManualRun_OverUnchangedExamplesAndDefinition_EndsNothingNew_WithoutANewVersion()
    {
        var model = await CreateModelAsync();
        await LogLabeledAsync(model, 300);
        var first = await StartAsync(model);
        await ExecuteAsync(first.Run.Id);

        var second = await StartAsync(model);
        await ExecuteAsync(second.Run.Id);

        var run = await RunAsync(second.Run.Id);
        run.Status.ShouldBe(RunStatus.Succeeded, run.Error);
        run.Outcome.ShouldBe(RunOutcome.NothingNew);
        run.ProducedVersion.ShouldBeNull();
        (await StepsAsync(run.Id)).GetValueOrDefault(PipelineStepNames.Trainer).ShouldNotBe(StepStatus.Succeeded, "nothing after ExampleGen runs");
        await using var scope = _services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().ModelVersions.CountAsync(v => v.ModelId == model.Id)).ShouldBe(1);
    }

    [Theory]
    [InlineData(null, RunOutcome.NotBlessed)]
    [InlineData("""{"thresholds": "none"}""", RunOutcome.Pushed)]
    public async Task WorseCandidate_WithoutThresholds_IsNotBlessedByDefault_AndIsPushedWithThresholdsNone(string? evaluation, RunOutcome expected)
    {
        var model = await CreateModelAsync();
        await LogLabeledAsync(model, 300);
        var first = await StartAsync(model);
        await ExecuteAsync(first.Run.Id);
        (await RunAsync(first.Run.Id)).ProducedVersion.ShouldBe(1);

        // Trees that may not split (a leaf needs more examples than there are) predict one constant: AUC 0.5 against
        // the production regression's 1.0 on the same eval split.
        model = await UpdateModelAsync(model, """
            "pipeline": {"trainer": "gradient-boosted-trees", "hyperParameters": {"rounds": 2, "minExamplesPerLeaf": 100000}}
            """ + (evaluation is null ? string.Empty : $", \"evaluation\": {evaluation}"));
        var second = await StartAsync(model);
        await ExecuteAsync(second.Run.Id);

        var run = await RunAsync(second.Run.Id);
        run.Status.ShouldBe(RunStatus.Succeeded, run.Error);
        run.Outcome.ShouldBe(expected);
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var production = await db.ModelAliases.SingleAsync(a => a.ModelId == model.Id && a.Alias == "production");
        production.Version.ShouldBe(expected == RunOutcome.Pushed ? 2 : 1);
        var evaluator = await db.RunSteps.SingleAsync(s => s.RunId == run.Id && s.Name == PipelineStepNames.Evaluator);
        evaluator.Summary.ShouldNotBeNull().ShouldContain(expected == RunOutcome.Pushed ? "no thresholds were configured" : "auc");
    }

    private async Task<RegisteredModel> CreateModelAsync()
    {
        var document = Definition(UniqueNames.Model(), string.Empty);
        await using var scope = _services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ModelCatalog>().CreateAsync(document, "test", CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Models.AsNoTracking().SingleAsync(m => m.Name == created.Name);
    }

    private async Task<RegisteredModel> UpdateModelAsync(RegisteredModel model, string extra)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ModelCatalog>().UpdateAsync(model.Name, Definition(model.Name, ", " + extra), null, "test", CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().Models.AsNoTracking().SingleAsync(m => m.Id == model.Id);
    }

    private static ModelDefinitionDocument Definition(string name, string extra) => ModelDefinitionReader.FromJson(Encoding.UTF8.GetBytes($$"""
        {"name": "{{name}}", "taskType": "binary", "labelClasses": ["no", "yes"],
         "features": [{"name": "x", "type": "numeric"}, {"name": "color", "type": "categorical"}]{{extra}}}
        """));

    // Predictions whose outcome is "yes" exactly when x > 0, each with its outcome event, then the label join.
    private async Task LogLabeledAsync(RegisteredModel model, int count)
    {
        var store = _services.GetRequiredService<IIngestionStore>();
        var now = DateTimeOffset.UtcNow;
        var predictions = new List<Prediction>();
        var events = new List<FeedbackEvent>();
        for (var i = 0; i < count; i++)
        {
            var x = ((i * 37) % 200 - 100) / 50.0;
            var trackingId = $"{model.Name}-{i}";
            var served = now.AddMinutes(-count + i);
            predictions.Add(new Prediction
            {
                TrackingId = trackingId,
                ModelId = model.Id,
                Inputs = string.Create(CultureInfo.InvariantCulture, $$"""{"x":{{x}},"color":"{{(i % 3 == 0 ? "red" : "blue")}}"}"""),
                ServedAt = served,
                ReceivedAt = served,
                ExpiresAt = served.AddDays(90),
                ContentHash = new byte[16],
            });
            events.Add(new FeedbackEvent
            {
                Source = "test",
                EventId = trackingId,
                TrackingId = trackingId,
                Kind = FeedbackKind.Outcome,
                Label = x > 0 ? "yes" : "no",
                OccurredAt = served.AddMinutes(1),
                ReceivedAt = now,
                ContentHash = new byte[16],
            });
        }

        (await store.InsertPredictionsAsync(predictions, CancellationToken.None)).Committed.ShouldBeTrue();
        (await store.InsertFeedbackAsync(events, CancellationToken.None)).Committed.ShouldBeTrue();
        await using var scope = _services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<LabelJoiner>().JoinAsync(model.Id, CancellationToken.None)).Counts.Labeled.ShouldBe(count);
    }

    private async Task<RunLaunch> StartAsync(RegisteredModel model, bool coldStart = false)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunLauncher>().StartAsync(model, RunTrigger.Manual, "test", coldStart, "test", CancellationToken.None);
    }

    private async Task ExecuteAsync(long runId)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunExecutor>().ExecuteAsync(runId, "test", CancellationToken.None);
    }

    private async Task<PipelineRun> RunAsync(long runId)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().PipelineRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    private async Task<Dictionary<string, StepStatus>> StepsAsync(long runId)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FeedbackDbContext>().RunSteps.AsNoTracking()
            .Where(s => s.RunId == runId).ToDictionaryAsync(s => s.Name, s => s.Status);
    }

    public sealed class OnSqlite() : InProcessRunTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : InProcessRunTests(DatabaseProvider.PostgreSql);
}
