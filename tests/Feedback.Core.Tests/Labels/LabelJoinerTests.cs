using Feedback.Core.Annotation;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Labels;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Storage;
using Feedback.Ml.Schema;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Core.Tests.Labels;

public abstract class LabelJoinerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly LabelPolicy ClickPolicy = LabelPolicy.Default with
    {
        PositiveActions = [new PositiveAction("click", TimeSpan.FromMinutes(30))],
        NegativeAfterWindow = true,
    };

    private readonly ManualClock _clock = new(Start);
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private int _sequence;

    public sealed class OnSqlite() : LabelJoinerTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : LabelJoinerTests(DatabaseProvider.PostgreSql);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var context = _database.CreateContext();
        await context.Database.MigrateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = _database.ConnectionString,
            ["Labels:ChunkSize"] = "3",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(_clock)
            .AddLogging()
            .AddFeedbackCore()
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Join_LabelsPredictionsFromTheirFeedback_AndASecondRunChangesNothing()
    {
        var model = await CreateModelAsync(Binary());
        await LogAsync(model, "a", "yes");
        await LogAsync(model, "b", "yes");
        await LogAsync(model, "c", "no");
        await LogAsync(model, "d", "no");
        await FeedbackAsync("a", FeedbackKind.Rating, valueText: "up");
        await FeedbackAsync("b", FeedbackKind.Rating, valueText: "down");
        await FeedbackAsync("c", FeedbackKind.Correction, label: "yes");
        await FeedbackAsync("d", FeedbackKind.Harm);

        var first = await JoinAsync(model);
        var rows = await RowsAsync(model);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await JoinAsync(model);

        first.FullRescan.ShouldBeTrue("the first run resolves every prediction");
        (first.Inserted, first.Updated, first.Removed).ShouldBe((3, 0, 0));
        rows.Select(r => (r.TrackingId, r.Label, r.LabelSource)).ShouldBe([("a", "yes", "rating"), ("b", "no", "rating"), ("c", "yes", "correction")]);
        second.FullRescan.ShouldBeFalse();
        (second.Inserted, second.Updated, second.Removed).ShouldBe((0, 0, 0), "nothing new: a second run changes nothing");
        (await RowsAsync(model)).ShouldBeEquivalentTo(rows);
    }

    [Fact]
    public async Task Join_IncrementalRun_ResolvesOnlyWhatChangedSinceTheLastRun()
    {
        var model = await CreateModelAsync(Binary());
        for (var i = 0; i < 10; i++)
        {
            await LogAsync(model, $"p{i}", "yes");
            await FeedbackAsync($"p{i}", FeedbackKind.Rating, valueText: "up");
        }

        _clock.Advance(TimeSpan.FromMinutes(2));
        await JoinAsync(model);
        await FeedbackAsync("p3", FeedbackKind.Correction, label: "no");
        _clock.Advance(TimeSpan.FromMinutes(2));
        var result = await JoinAsync(model);

        result.Touched.ShouldBe(1, "only p3 has new evidence: the first run's rows had settled and are behind its watermark");
        result.Updated.ShouldBe(1);
        var p3 = (await RowsAsync(model)).Single(r => r.TrackingId == "p3");
        (p3.Label, p3.LabelSource, p3.ConflictCount).ShouldBe(("no", "correction", 1));
        p3.LabeledAt.ShouldBe(_clock.GetUtcNow(), "a changed label counts as newly labeled");
        p3.FirstLabeledAt.ShouldBe(Start.AddMinutes(2), "first labeled by the first run");
    }

    [Fact]
    public async Task Join_FeedbackBeforeItsPrediction_IsJoinedWhenThePredictionArrives()
    {
        var model = await CreateModelAsync(Binary());
        await FeedbackAsync("early", FeedbackKind.Outcome, label: "yes");
        (await JoinAsync(model)).Counts.Labeled.ShouldBe(0);

        _clock.Advance(TimeSpan.FromHours(1));
        await LogAsync(model, "early", "no");
        var result = await JoinAsync(model);

        result.Inserted.ShouldBe(1);
        var row = (await RowsAsync(model)).Single();
        (row.TrackingId, row.Label, row.LabelSource, row.PredictedLabel).ShouldBe(("early", "yes", "outcome", "no"));
    }

    [Fact]
    public async Task Join_FeedbackWithoutAPrediction_IsAnOrphanOnceTheOrphanWindowHasPassed()
    {
        var model = await CreateModelAsync(Binary());
        await FeedbackAsync("never-logged", FeedbackKind.Rating, valueText: "up");

        (await JoinAsync(model)).Counts.Orphans.ShouldBe(0, "it may still arrive");
        _clock.Advance(LabelPolicy.Default.OrphanWindow + TimeSpan.FromMinutes(1));
        (await JoinAsync(model)).Counts.Orphans.ShouldBe(1);

        await LogAsync(model, "never-logged", "yes");
        var late = await JoinAsync(model);
        late.Counts.Orphans.ShouldBe(0, "its prediction finally came");
        late.Counts.Labeled.ShouldBe(1);
    }

    [Fact]
    public async Task Join_NoPositiveAction_LabelsNegativeWhenTheWindowCloses_AndALateReportedClickFlipsIt()
    {
        var model = await CreateModelAsync(Binary(ClickPolicy));
        await LogAsync(model, "shown", "yes");
        await LogAsync(model, "clicked", "no");
        await FeedbackAsync("clicked", FeedbackKind.Action, action: "click", occurredAt: Start.AddMinutes(10));

        await JoinAsync(model);
        (await RowsAsync(model)).Select(r => (r.TrackingId, r.Label)).ShouldBe([("clicked", "yes")], "the window of 'shown' is still open");

        _clock.Advance(TimeSpan.FromMinutes(29));
        (await JoinAsync(model)).Inserted.ShouldBe(0, "29 minutes: still open");
        _clock.Advance(TimeSpan.FromMinutes(2));
        var closed = await JoinAsync(model);
        closed.Inserted.ShouldBe(1);
        (await RowsAsync(model)).Single(r => r.TrackingId == "shown").LabelSource.ShouldBe("no-action-negative");

        // The click happened inside the window but was reported late: the prediction is positive after all.
        await FeedbackAsync("shown", FeedbackKind.Action, action: "click", occurredAt: Start.AddMinutes(20));
        (await JoinAsync(model)).Updated.ShouldBe(1);
        (await RowsAsync(model)).Single(r => r.TrackingId == "shown").Label.ShouldBe("yes");
    }

    [Fact]
    public async Task Join_WithoutTheOptIn_AbsenceOfActionNeverLabels()
    {
        var model = await CreateModelAsync(Binary(ClickPolicy with { NegativeAfterWindow = false }));
        await LogAsync(model, "shown", "yes");

        _clock.Advance(TimeSpan.FromDays(1));
        (await JoinAsync(model)).Counts.Labeled.ShouldBe(0);
    }

    [Fact]
    public async Task Join_PolicyChange_ReResolvesEverything_AndRemovesALabelThatDisappeared()
    {
        var model = await CreateModelAsync(Binary());
        await LogAsync(model, "four-stars", "yes");
        await FeedbackAsync("four-stars", FeedbackKind.Rating, valueNumber: 4);
        (await JoinAsync(model)).Counts.Labeled.ShouldBe(1);

        await UpdateDefinitionAsync(model, Binary(LabelPolicy.Default with { StarsUp = [5] }));
        var result = await JoinAsync(model);

        result.FullRescan.ShouldBeTrue("the label policy changed");
        result.Removed.ShouldBe(1, "4 stars no longer counts as up");
        (await RowsAsync(model)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Join_Crowd_CountsOnlyFromTheMinimumConfidence_AndAnExpertOverridesIt()
    {
        var model = await CreateModelAsync(Binary());
        await LogAsync(model, "weak", "yes");
        await LogAsync(model, "strong", "yes");
        var project = await CreateProjectAsync(model);
        await ResolveItemAsync(project, "weak", "no", 0.6, ItemResolver.CrowdSource);
        var crowdAnswer = await ResolveItemAsync(project, "strong", "no", 0.8, ItemResolver.CrowdSource);

        await JoinAsync(model);
        (await RowsAsync(model)).Select(r => (r.TrackingId, r.Label, r.LabelSource)).ShouldBe([("strong", "no", "crowd")], "0.6 is below the policy's 0.7");

        _clock.Advance(TimeSpan.FromMinutes(5));
        await FeedbackAsync("strong", FeedbackKind.Outcome, label: "no");
        var expertAnswer = await ResolveItemAsync(project, "strong", "yes", 1.0, ItemResolver.ExpertSource);
        (await JoinAsync(model)).Updated.ShouldBe(1);

        var row = (await RowsAsync(model)).Single();
        (row.Label, row.LabelSource, row.Confidence).ShouldBe(("yes", "expert", 1.0));
        row.Evidence.ShouldBe($"[\"annotation:{expertAnswer}\"]");
        row.ConflictCount.ShouldBe(1, "the outcome said no; the item's crowd answer is superseded by the expert's resolution");
        row.Conflicts.ShouldContain("\"source\":\"outcome\"");
        row.Conflicts.ShouldNotContain($"annotation:{crowdAnswer}");
    }

    [Fact]
    public async Task Join_LabelsThatAreNotClasses_AreIgnoredAndCounted()
    {
        var model = await CreateModelAsync(Binary());
        await FeedbackAsync("x", FeedbackKind.Correction, label: "maybe");
        await LogAsync(model, "x", "yes");

        var result = await JoinAsync(model);

        result.IgnoredLabels.ShouldBe(1);
        result.Counts.Labeled.ShouldBe(0);
        result.Counts.WithFeedback.ShouldBe(1);
    }

    [Fact]
    public async Task Join_Counts_PredictionsFeedbackLabelsConflictsAndNeedsAnnotation()
    {
        var model = await CreateModelAsync(new ModelDefinition(UniqueNames.Model(), null, TaskType.Multiclass, ["billing", "shipping", "other"],
            new FeatureSchema([new FeatureSpec("text", FeatureType.Text)]), LabelPolicy.Default, ModelDefinition.DefaultRetention, 0));
        await LogAsync(model, "up", "billing");
        await LogAsync(model, "down", "billing");
        await LogAsync(model, "conflict", "billing");
        await LogAsync(model, "silent", "billing");
        await FeedbackAsync("up", FeedbackKind.Rating, valueText: "up");
        await FeedbackAsync("down", FeedbackKind.Rating, valueText: "down");
        await FeedbackAsync("conflict", FeedbackKind.Rating, valueText: "up");
        await FeedbackAsync("conflict", FeedbackKind.Correction, label: "other");

        var counts = (await JoinAsync(model)).Counts;

        counts.ShouldBe(new LabelCounts(Predictions: 4, WithFeedback: 3, Labeled: 2, Conflicts: 1, Orphans: 0, NeedsAnnotation: 1, _clock.GetUtcNow()));
        await using var scope = _services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<LabelStatistics>().CountsAsync(model, CancellationToken.None)).ShouldBe(counts);
    }

    [Fact]
    public async Task Join_TwoCallersAtOnce_TakeTurnsAndWriteEachLabelOnce()
    {
        var model = await CreateModelAsync(Binary());
        for (var i = 0; i < 20; i++)
        {
            await LogAsync(model, $"p{i:00}", "yes");
            await FeedbackAsync($"p{i:00}", FeedbackKind.Rating, valueText: i % 2 == 0 ? "up" : "down");
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => JoinAsync(model))));

        results.Sum(r => r.Inserted).ShouldBe(20, "each label is inserted by exactly one caller");
        results.Count(r => r.FullRescan).ShouldBe(1, "the later callers see the first one's watermarks");
        (await RowsAsync(model)).Count.ShouldBe(20);
    }

    [Fact]
    public async Task JoinAll_JoinsEveryModel()
    {
        var first = await CreateModelAsync(Binary());
        var second = await CreateModelAsync(Binary());
        await LogAsync(first, "f", "yes");
        await LogAsync(second, "s", "no");
        await FeedbackAsync("f", FeedbackKind.Rating, valueText: "up");
        await FeedbackAsync("s", FeedbackKind.Rating, valueText: "up");

        await using var scope = _services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<LabelJoiner>().JoinAllAsync(CancellationToken.None);

        results.Select(r => r.Counts.Labeled).ShouldBe([1, 1]);
        (await RowsAsync(second)).Single().Label.ShouldBe("no");
    }

    [Fact]
    public async Task Reader_StreamsLabeledExamplesInTrackingIdOrder_WithInputs_AndFiltersByServedTime()
    {
        var model = await CreateModelAsync(Binary());
        await LogAsync(model, "b", "yes", version: 2, inputs: """{"text":"second"}""");
        await LogAsync(model, "a", "yes", version: 1, inputs: """{"text":"first"}""", servedAt: Start.AddDays(-2));
        await LogAsync(model, "c", "no", version: 2);
        await FeedbackAsync("a", FeedbackKind.Rating, valueText: "up");
        await FeedbackAsync("b", FeedbackKind.Rating, valueText: "down");
        await FeedbackAsync("c", FeedbackKind.Correction, label: "no");
        await JoinAsync(model);

        await using var scope = _services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<LabeledExampleReader>();
        var all = await reader.ReadAsync(model, null, CancellationToken.None).ToListAsync();
        var recent = await reader.ReadAsync(model, Start.AddDays(-1), CancellationToken.None).ToListAsync();

        all.Select(r => (r.TrackingId, r.Label, r.Source, r.ModelVersion)).ShouldBe(
            [("a", "yes", LabelSource.Rating, (int?)1), ("b", "no", LabelSource.Rating, 2), ("c", "no", LabelSource.Correction, 2)]);
        all[0].InputsJson.ShouldContain("first");
        all[0].EvidenceIds.Single().ShouldStartWith("feedback:");
        recent.Select(r => r.TrackingId).ShouldBe(["b", "c"]);
        (await reader.CountLabeledSinceAsync(model, Start.AddSeconds(-1), CancellationToken.None)).ShouldBe(3);
        (await reader.CountLabeledSinceAsync(model, Start, CancellationToken.None)).ShouldBe(0, "labeled exactly at the start, not after it");

        var accuracy = await scope.ServiceProvider.GetRequiredService<LabelStatistics>().LiveAccuracyAsync(model, Start.AddDays(-3), CancellationToken.None);
        accuracy.ShouldBe([new LiveAccuracy(1, 1, 1, 1.0), new LiveAccuracy(2, 2, 1, 0.5)]);
    }

    private async Task<LabelJoinResult> JoinAsync(long modelId)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LabelJoiner>().JoinAsync(modelId, CancellationToken.None);
    }

    private async Task<List<LabeledExample>> RowsAsync(long modelId)
    {
        await using var context = _database.CreateContext();
        return await context.LabeledExamples.Where(l => l.ModelId == modelId).OrderBy(l => l.TrackingId).ToListAsync();
    }

    private static ModelDefinition Binary(LabelPolicy? policy = null) =>
        new(UniqueNames.Model(), null, TaskType.Binary, ["no", "yes"], new FeatureSchema([new FeatureSpec("text", FeatureType.Text)]), policy ?? LabelPolicy.Default, ModelDefinition.DefaultRetention, 0);

    private async Task<long> CreateModelAsync(ModelDefinition definition)
    {
        await using var context = _database.CreateContext();
        var model = new RegisteredModel
        {
            Name = definition.Name,
            TaskType = definition.TaskType,
            CurrentRevision = 1,
            Definition = ModelDefinitionReader.ToCanonicalJson(definition),
            CreatedAt = _clock.GetUtcNow(),
            UpdatedAt = _clock.GetUtcNow(),
        };
        context.Models.Add(model);
        await context.SaveChangesAsync();
        return model.Id;
    }

    private async Task UpdateDefinitionAsync(long modelId, ModelDefinition definition)
    {
        await using var context = _database.CreateContext();
        var model = await context.Models.AsTracking().SingleAsync(m => m.Id == modelId);
        model.Definition = ModelDefinitionReader.ToCanonicalJson(definition with { Name = model.Name });
        model.CurrentRevision++;
        await context.SaveChangesAsync();
    }

    private async Task LogAsync(long modelId, string trackingId, string? label, int? version = null, string inputs = """{"text":"hello"}""", DateTimeOffset? servedAt = null)
    {
        await using var context = _database.CreateContext();
        var now = _clock.GetUtcNow();
        context.Predictions.Add(new Prediction
        {
            TrackingId = trackingId,
            ModelId = modelId,
            ModelVersion = version,
            Inputs = inputs,
            OutputLabel = label,
            ServedAt = servedAt ?? now,
            ReceivedAt = now,
            ExpiresAt = now.AddDays(90),
            ContentHash = [1],
        });
        await context.SaveChangesAsync();
    }

    private async Task FeedbackAsync(
        string trackingId, FeedbackKind kind, string? valueText = null, double? valueNumber = null, string? label = null, string? action = null, DateTimeOffset? occurredAt = null)
    {
        await using var context = _database.CreateContext();
        context.FeedbackEvents.Add(new FeedbackEvent
        {
            Source = "test",
            EventId = $"e{++_sequence}",
            TrackingId = trackingId,
            Kind = kind,
            ValueText = valueText,
            ValueNumber = valueNumber,
            Label = label,
            Action = action,
            Category = kind == FeedbackKind.Harm ? "abuse" : null,
            Severity = kind == FeedbackKind.Harm ? "low" : null,
            OccurredAt = occurredAt ?? _clock.GetUtcNow(),
            ReceivedAt = _clock.GetUtcNow(),
            ContentHash = [1],
        });
        await context.SaveChangesAsync();
    }

    private async Task<long> CreateProjectAsync(long modelId)
    {
        await using var context = _database.CreateContext();
        var project = new AnnotationProject
        {
            Name = UniqueNames.Model(),
            ModelId = modelId,
            Instructions = "Label it.",
            Choices = """["no","yes"]""",
            Overlap = 1,
            Pools = AnnotationPools.Crowd | AnnotationPools.Expert,
            ReviewThreshold = 0.5,
            Sources = "[]",
            CreatedAt = _clock.GetUtcNow(),
        };
        context.AnnotationProjects.Add(project);
        await context.SaveChangesAsync();
        return project.Id;
    }

    /// <summary>Records one answer and resolves the item with it, as the annotation area does in one transaction; returns the answer ID.</summary>
    private async Task<long> ResolveItemAsync(long projectId, string trackingId, string label, double confidence, string source)
    {
        await using var context = _database.CreateContext();
        var item = await context.AnnotationItems.AsTracking().SingleOrDefaultAsync(i => i.ProjectId == projectId && i.TrackingId == trackingId);
        if (item is null)
        {
            item = new AnnotationItem { ProjectId = projectId, TrackingId = trackingId, Inputs = "{}", Source = "explicit", CreatedAt = _clock.GetUtcNow() };
            context.AnnotationItems.Add(item);
            await context.SaveChangesAsync();
        }

        var pool = source == ItemResolver.ExpertSource ? AnnotatorPool.Expert : AnnotatorPool.Crowd;
        var answer = new AnnotationAnswer
        {
            ProjectId = projectId,
            ItemId = item.Id,
            AnnotatorId = $"user:{source}-{++_sequence}",
            Pool = pool,
            Label = label,
            LeasedAt = _clock.GetUtcNow(),
            AnsweredAt = _clock.GetUtcNow(),
        };
        context.AnnotationAnswers.Add(answer);
        item.Status = AnnotationItemStatus.Resolved;
        item.ResolvedLabel = label;
        item.ResolvedConfidence = confidence;
        item.ResolvedSource = source;
        item.ResolvedAt = _clock.GetUtcNow();
        await context.SaveChangesAsync();
        return answer.Id;
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
