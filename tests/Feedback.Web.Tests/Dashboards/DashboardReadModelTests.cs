using System.Text.Json.Nodes;
using Feedback.Core.Dashboards;
using Feedback.Core.Runs;
using Feedback.Pipeline.Approvals;
using Feedback.Pipeline.Events;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Web.Tests.Dashboards;

/// <summary>The read models behind the models and approvals pages, on both databases, over data made through the API
/// and the app's own services.</summary>
public abstract class DashboardReadModelTests(FeedbackAppFixture app)
{
    public sealed class OnSqlite(SqliteApp app) : DashboardReadModelTests(app), IClassFixture<SqliteApp>;

    public sealed class OnPostgreSql(PostgresApp app) : DashboardReadModelTests(app), IClassFixture<PostgresApp>;

    [Fact]
    public async Task ModelOverview_ShowsProductionTrafficFeedbackCoverageAndTheLastRun()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var busy = await definition.CreateAsync(admin);
        var quiet = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var (up, corrected, silent) = (UniqueNames.Id("t"), UniqueNames.Id("t"), UniqueNames.Id("t"));
        (await admin.PostJsonAsync($"/api/v1/models/{busy}/predictions", Predictions.Batch(Predictions.Row(up), Predictions.Row(corrected), Predictions.Row(silent)))).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/feedback", Events.Batch(Events.Rating(up, "up"), Events.Correction(corrected, "no")))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/models/{busy}/labels:join", null)).EnsureSuccessStatusCode();
        var version = await ModelVersions.RegisterAsync(app.Services, busy, TrainedBundleBuilder.For(definition.Build()).Build());
        await AddRunAsync(busy, 1, RunStatus.Succeeded);
        var last = await AddRunAsync(busy, 2, RunStatus.Failed);

        var all = await OverviewAsync(null);
        var limited = await OverviewAsync(new HashSet<string> { quiet });

        var row = all.Single(m => m.Name == busy);
        row.ProductionVersion.ShouldBe(version);
        row.PredictionsPerMinute.ShouldBe(3 / 60.0, 1e-9, "three predictions in the last hour");
        row.FeedbackRate!.Value.ShouldBe(2 / 3.0, 1e-9);
        row.LabelCoverage!.Value.ShouldBe(2 / 3.0, 1e-9);
        row.LastRun.ShouldNotBeNull();
        (row.LastRun.Id, row.LastRun.Number, row.LastRun.Status).ShouldBe((last, 2, RunStatus.Failed));
        var empty = all.Single(m => m.Name == quiet);
        (empty.ProductionVersion, empty.PredictionsPerMinute, empty.FeedbackRate, empty.LabelCoverage, empty.LastRun).ShouldBe((null, 0.0, null, null, null));
        limited.Select(m => m.Name).ShouldBe([quiet], "a caller limited to some models sees only those");
    }

    [Fact]
    public async Task ApprovalBoard_ListsPendingAndDecided_AndADecisionIsPublishedForOpenPages()
    {
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var first = await PendingApprovalAsync(model, await AddRunAsync(model, 1, RunStatus.WaitingForApproval, active: false));
        var second = await PendingApprovalAsync(model, await AddRunAsync(model, 2, RunStatus.WaitingForApproval));
        using var subscription = app.Services.GetRequiredService<PipelineEventBus>().Subscribe();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApprovalDecisions>().DecideAsync(first, false, "ana", "ui", "not yet", CancellationToken.None);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var board = scope.ServiceProvider.GetRequiredService<ApprovalBoard>();
            var pending = (await board.PendingAsync(null, CancellationToken.None)).Where(a => a.Model == model).ToList();
            var decided = (await board.DecidedAsync(new HashSet<string> { model }, CancellationToken.None)).ToList();
            var elsewhere = await board.PendingAsync(new HashSet<string> { "no-such-model" }, CancellationToken.None);

            pending.Select(a => (a.Id, a.RunNumber)).ShouldBe([(second, 2)]);
            decided.Select(a => (a.Id, a.Model, a.RunNumber, a.Status, a.DecidedBy, a.Channel, a.Comment)).ShouldBe([(first, model, 1, ApprovalStatus.Rejected, "ana", "ui", "not yet")]);
            elsewhere.ShouldBeEmpty();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ApprovalChanged? change = null;
        while (change is null)
        {
            change = await subscription.Reader.ReadAsync(timeout.Token) as ApprovalChanged;
        }

        (change.ApprovalId, change.Model, change.Status, change.DecidedBy).ShouldBe((first, model, ApprovalStatus.Rejected, "ana"));
    }

    [Fact]
    public async Task ModelHistory_ListsVersionsWithAliasesAndTheRunThatBuiltThem_RunsNewestFirst()
    {
        var admin = await app.AdminClientAsync();
        var definition = ModelDefinitionBuilder.Binary();
        var model = await definition.CreateAsync(admin);
        await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Build());
        var second = await ModelVersions.RegisterAsync(app.Services, model, TrainedBundleBuilder.For(definition.Build()).Build(), alias: "candidate");
        await AddRunAsync(model, 1, RunStatus.Failed);
        var built = await AddRunAsync(model, 2, RunStatus.Succeeded);
        await using (var context = app.Database.CreateContext())
        {
            await context.PipelineRuns.Where(r => r.Id == built).ExecuteUpdateAsync(u => u.SetProperty(r => r.ProducedVersion, second).SetProperty(r => r.Outcome, RunOutcome.Pushed));
        }

        await PendingApprovalAsync(model, built);

        await using var scope = app.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<ModelHistoryQuery>();
        var history = await query.FindAsync(model, CancellationToken.None);
        var missing = await query.FindAsync("no-such-model", CancellationToken.None);

        history.ShouldNotBeNull();
        history.ProductionVersion.ShouldBe(1);
        history.Versions.Select(v => (v.Version, string.Join(',', v.Aliases), v.RunNumber)).ShouldBe([(2, "candidate", (int?)2), (1, "production", null)]);
        history.Versions[0].Summary.ShouldNotBeNull("the approval summary of the run that built it");
        history.Runs.Select(r => (r.Number, r.Status, r.ProducedVersion)).ShouldBe([(2, RunStatus.Succeeded, (int?)second), (1, RunStatus.Failed, null)]);
        missing.ShouldBeNull();
    }

    private async Task<IReadOnlyList<ModelSummary>> OverviewAsync(IReadOnlySet<string>? models)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ModelOverview>().ListAsync(models, CancellationToken.None);
    }

    private async Task<long> AddRunAsync(string model, int number, RunStatus status, bool active = true)
    {
        await using var context = app.Database.CreateContext();
        var modelId = await context.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var run = new PipelineRun
        {
            ModelId = modelId,
            // Only one run of a model is active at a time (unique index).
            ActiveModelId = active && status is RunStatus.Queued or RunStatus.Running or RunStatus.WaitingForApproval ? modelId : null,
            Number = number,
            Status = status,
            Trigger = RunTrigger.Manual,
            Reason = "read model test",
            CreatedAt = now,
            UpdatedAt = now,
        };
        context.PipelineRuns.Add(run);
        await context.SaveChangesAsync();
        return run.Id;
    }

    private async Task<long> PendingApprovalAsync(string model, long runId)
    {
        await using var context = app.Database.CreateContext();
        var modelId = await context.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var request = new ApprovalRequest { RunId = runId, ModelId = modelId, Status = ApprovalStatus.Pending, Summary = new JsonObject { ["model"] = model }.ToJsonString(), CreatedAt = now, ExpiresAt = now.AddHours(1) };
        context.ApprovalRequests.Add(request);
        await context.SaveChangesAsync();
        return request.Id;
    }
}
