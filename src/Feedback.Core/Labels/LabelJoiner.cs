using System.Diagnostics;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core.Annotation;
using Feedback.Core.Errors;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Models;
using Feedback.Core.Predictions;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Labels;

/// <summary>Per-model label counts (SPEC §3.3), as of the model's last join run.</summary>
/// <param name="Orphans">Feedback events whose tracking ID has no prediction after the model's orphan window. Feedback
/// carries no model, so an orphan belongs to no model: each model reports the same events, seen through its own window.</param>
/// <param name="NeedsAnnotation">Predictions a multiclass thumbs down left without a label.</param>
public sealed record LabelCounts(int Predictions, int WithFeedback, int Labeled, int Conflicts, int Orphans, int NeedsAnnotation, DateTimeOffset? LastJoinAt)
{
    public static readonly LabelCounts Empty = new(0, 0, 0, 0, 0, 0, null);
}

/// <summary>What one join run of one model did.</summary>
/// <param name="FullRescan">The first run, or the label policy changed: every prediction of the model was resolved.</param>
/// <param name="Touched">Tracking IDs re-resolved.</param>
/// <param name="IgnoredLabels">Evidence ignored because its label is not a class of the model (see <see cref="LabelResolution"/>).</param>
public sealed record LabelJoinResult(
    string Model, bool FullRescan, int Touched, int Inserted, int Updated, int Removed, int IgnoredLabels, LabelCounts Counts, TimeSpan Elapsed);

/// <summary>The incremental join (SPEC §3.3): finds the tracking IDs whose evidence changed since the last run, resolves
/// each from all of its evidence with <see cref="LabelResolver"/>, and writes the difference to <c>labeled_examples</c>.</summary>
/// <remarks>
/// What can change a label: a new feedback event (joined to its prediction by tracking ID), a prediction arriving
/// after its feedback, a new annotation answer (an item resolves in the answer's transaction), and, for a policy that
/// turns absence into a negative, the clock passing the end of an attribution window. Each has a watermark in
/// <c>label_join_states</c>. Rows are written only when they differ, so a second run changes nothing. A per-model lock
/// (PostgreSQL advisory lock, or in process on SQLite) makes concurrent callers on several nodes take turns.
/// </remarks>
public sealed partial class LabelJoiner(
    FeedbackDbContext context,
    ILabelStore store,
    IOptions<LabelJoinOptions> options,
    TimeProvider timeProvider,
    ILogger<LabelJoiner> logger)
{
    private static readonly JsonSerializerOptions ConflictJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new LabelSourceJsonConverter() },
    };

    /// <summary>Joins one model. Throws <see cref="NotFoundException"/> for an unknown model ID.</summary>
    public async Task<LabelJoinResult> JoinAsync(long modelId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var row = await context.Models.Where(m => m.Id == modelId).Select(m => new { m.Name, m.Definition }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Model {modelId} does not exist.");
        var model = ModelDefinitionReader.FromStored(row.Definition);

        await using var held = await store.LockAsync(modelId, cancellationToken);
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var settled = now - options.Value.SettleTime;
        var fingerprint = Fingerprint(model);
        var state = await context.LabelJoinStates.AsTracking().SingleOrDefaultAsync(s => s.ModelId == modelId, cancellationToken);
        var full = state is null || state.PolicyFingerprint != fingerprint || state.WindowWatermark is null;
        state ??= context.LabelJoinStates.Add(new LabelJoinState { ModelId = modelId, PolicyFingerprint = fingerprint }).Entity;
        var since = full ? new Watermarks(0, 0, 0) : new Watermarks(state.FeedbackWatermark, state.PredictionWatermark, state.AnswerWatermark);

        // Upper bounds first: anything committed later is the next run's business.
        var feedbackMax = await context.FeedbackEvents.MaxAsync(f => (long?)f.Id, cancellationToken) ?? 0;
        var predictionMax = await context.Predictions.MaxAsync(p => (long?)p.Id, cancellationToken) ?? 0;
        var answerMax = await context.AnnotationAnswers.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
        var next = new Watermarks(
            Settle(since.Feedback, feedbackMax, await context.FeedbackEvents.Where(f => f.Id > since.Feedback && f.ReceivedAt >= settled).MinAsync(f => (long?)f.Id, cancellationToken)),
            Settle(since.Prediction, predictionMax, await context.Predictions.Where(p => p.Id > since.Prediction && p.ReceivedAt >= settled).MinAsync(p => (long?)p.Id, cancellationToken)),
            Settle(since.Answer, answerMax, await context.AnnotationAnswers.Where(a => a.Id > since.Answer && a.AnsweredAt >= settled).MinAsync(a => (long?)a.Id, cancellationToken)));

        var tally = new Tally();
        if (full)
        {
            long after = 0;
            while (true)
            {
                var chunk = await context.Predictions.Where(p => p.ModelId == modelId && p.Id > after).OrderBy(p => p.Id).Take(options.Value.ChunkSize)
                    .Select(ToPredictionRow).ToListAsync(cancellationToken);
                if (chunk.Count == 0)
                {
                    break;
                }

                after = chunk[^1].Id;
                await ResolveChunkAsync(modelId, model, chunk, now, tally, cancellationToken);
            }
        }
        else
        {
            var touched = await TouchedAsync(modelId, model, since, feedbackMax, predictionMax, answerMax, state.WindowWatermark!.Value, now, cancellationToken);
            foreach (var ids in touched.Order(StringComparer.Ordinal).Chunk(options.Value.ChunkSize))
            {
                var chunk = await context.Predictions.Where(p => p.ModelId == modelId && EF.Parameter(ids).Contains(p.TrackingId)).Select(ToPredictionRow).ToListAsync(cancellationToken);
                await ResolveChunkAsync(modelId, model, chunk, now, tally, cancellationToken);
            }
        }

        var counts = await CountAsync(modelId, model, now, cancellationToken);
        state.FeedbackWatermark = next.Feedback;
        state.PredictionWatermark = next.Prediction;
        state.AnswerWatermark = next.Answer;
        state.WindowWatermark = now;
        state.PolicyFingerprint = fingerprint;
        state.Predictions = counts.Predictions;
        state.WithFeedback = counts.WithFeedback;
        state.Labeled = counts.Labeled;
        state.Conflicts = counts.Conflicts;
        state.Orphans = counts.Orphans;
        state.NeedsAnnotation = counts.NeedsAnnotation;
        state.LastRunAt = now;
        await context.SaveChangesAsync(cancellationToken);
        context.ChangeTracker.Clear();

        var elapsed = Stopwatch.GetElapsedTime(started);
        Log.Joined(logger, row.Name, full, tally.Touched, tally.Inserted, tally.Updated, tally.Removed, (long)elapsed.TotalMilliseconds);
        return new LabelJoinResult(row.Name, full, tally.Touched, tally.Inserted, tally.Updated, tally.Removed, tally.Ignored,
            counts with { LastJoinAt = now }, elapsed);
    }

    /// <summary>Joins every model, one after the other, in ID order.</summary>
    public async Task<IReadOnlyList<LabelJoinResult>> JoinAllAsync(CancellationToken cancellationToken)
    {
        var ids = await context.Models.OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(cancellationToken);
        var results = new List<LabelJoinResult>(ids.Count);
        foreach (var id in ids)
        {
            results.Add(await JoinAsync(id, cancellationToken));
        }

        return results;
    }

    private static long Settle(long from, long max, long? firstUnsettled) =>
        firstUnsettled is { } id ? Math.Max(from, id - 1) : Math.Max(from, max);

    private static readonly Expression<Func<Prediction, PredictionRow>> ToPredictionRow =
        p => new PredictionRow(p.Id, p.TrackingId, p.OutputLabel, p.ModelVersion, p.ServedAt);

    private async Task<HashSet<string>> TouchedAsync(
        long modelId, ModelDefinition model, Watermarks since, long feedbackMax, long predictionMax, long answerMax,
        DateTimeOffset lastRun, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        touched.UnionWith(await (
            from f in context.FeedbackEvents
            where f.Id > since.Feedback && f.Id <= feedbackMax
            join p in context.Predictions on f.TrackingId equals p.TrackingId
            where p.ModelId == modelId
            select p.TrackingId).Distinct().ToListAsync(cancellationToken));

        // Feedback that came before its prediction; with a time-dependent policy every new prediction, since its
        // window may already have closed when it is logged.
        var timeDependent = LabelResolver.DependsOnTime(model);
        touched.UnionWith(await context.Predictions
            .Where(p => p.ModelId == modelId && p.Id > since.Prediction && p.Id <= predictionMax
                && (timeDependent || context.FeedbackEvents.Any(f => f.TrackingId == p.TrackingId)))
            .Select(p => p.TrackingId).ToListAsync(cancellationToken));

        touched.UnionWith(await (
            from a in context.AnnotationAnswers
            where a.Id > since.Answer && a.Id <= answerMax
            join i in context.AnnotationItems on a.ItemId equals i.Id
            join pr in context.AnnotationProjects on i.ProjectId equals pr.Id
            where pr.ModelId == modelId
            select i.TrackingId).Distinct().ToListAsync(cancellationToken));

        if (timeDependent)
        {
            var window = LabelResolver.LongestWindow(model.LabelPolicy)!.Value;
            var (closedAfter, closedBy) = (lastRun - window, now - window);
            touched.UnionWith(await context.Predictions
                .Where(p => p.ModelId == modelId && p.ServedAt > closedAfter && p.ServedAt <= closedBy)
                .Select(p => p.TrackingId).ToListAsync(cancellationToken));
        }

        return touched;
    }

    private async Task ResolveChunkAsync(long modelId, ModelDefinition model, List<PredictionRow> chunk, DateTimeOffset now, Tally tally, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        // One array parameter per query (not one parameter per ID): a chunk is thousands of IDs.
        var ids = chunk.Select(p => p.TrackingId).ToList();
        var scopeToken = FeedbackEvent.ScopeToken(model.Name);
        var feedback = (await context.FeedbackEvents
            .Where(f => EF.Parameter(ids).Contains(f.TrackingId) && f.Kind != FeedbackKind.Harm && f.HeldAt == null
                && (f.ModelScope == null || f.ModelScope.Contains(scopeToken)))
            .Select(f => new { f.TrackingId, Evidence = new FeedbackEvidence(f.Id, f.Kind, f.ValueText, f.ValueNumber, f.Label, f.Action, f.OccurredAt) })
            .ToListAsync(cancellationToken))
            .ToLookup(f => f.TrackingId, f => f.Evidence, StringComparer.Ordinal);
        var annotations = (await AnnotationEvidenceAsync(modelId, ids, cancellationToken)).ToLookup(a => a.TrackingId, StringComparer.Ordinal);
        var existing = await context.LabeledExamples.Where(l => EF.Parameter(ids).Contains(l.TrackingId)).ToDictionaryAsync(l => l.TrackingId, StringComparer.Ordinal, cancellationToken);

        var upserts = new List<LabeledExample>();
        var removals = new List<string>();
        foreach (var p in chunk)
        {
            var resolution = LabelResolver.Resolve(model, new PredictionFacts(p.TrackingId, p.OutputLabel, p.ServedAt),
                [.. feedback[p.TrackingId]], [.. annotations[p.TrackingId]], now);
            tally.Touched++;
            tally.Ignored += resolution.IgnoredLabels;
            existing.TryGetValue(p.TrackingId, out var before);
            if (resolution.Resolved is not { } label)
            {
                if (before is not null)
                {
                    removals.Add(p.TrackingId);
                    tally.Removed++;
                }

                continue;
            }

            var after = ToRow(modelId, p, label, before, now);
            if (before is null)
            {
                upserts.Add(after);
                tally.Inserted++;
            }
            else if (!SameContent(before, after))
            {
                upserts.Add(after);
                tally.Updated++;
            }
        }

        await store.WriteAsync(modelId, upserts, removals, cancellationToken);
    }

    /// <summary>Resolved annotation items of the model's projects, with the answer IDs they rest on (for an expert
    /// resolution, the expert's answers only), as <see cref="AnnotationReports"/> reports them.</summary>
    private async Task<List<AnnotationEvidence>> AnnotationEvidenceAsync(long modelId, List<string> trackingIds, CancellationToken cancellationToken)
    {
        var items = await (
            from i in context.AnnotationItems
            join pr in context.AnnotationProjects on i.ProjectId equals pr.Id
            where pr.ModelId == modelId && i.Status == AnnotationItemStatus.Resolved && EF.Parameter(trackingIds).Contains(i.TrackingId)
            select new { i.Id, i.TrackingId, i.ResolvedLabel, i.ResolvedConfidence, i.ResolvedSource, i.ResolvedAt }).ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            return [];
        }

        var itemIds = items.Select(i => i.Id).ToList();
        var answers = (await context.AnnotationAnswers.Where(a => itemIds.Contains(a.ItemId) && !a.Skipped)
            .Select(a => new { a.ItemId, a.Id, a.Pool }).ToListAsync(cancellationToken)).ToLookup(a => a.ItemId);
        return [.. items.Where(i => i.ResolvedLabel is not null).Select(i => new AnnotationEvidence(
            i.TrackingId, i.ResolvedLabel!, i.ResolvedConfidence ?? 0, i.ResolvedSource ?? ItemResolver.CrowdSource,
            [.. answers[i.Id].Where(a => i.ResolvedSource != ItemResolver.ExpertSource || a.Pool == AnnotatorPool.Expert).Select(a => a.Id).Order()],
            i.ResolvedAt ?? default))];
    }

    private static LabeledExample ToRow(long modelId, PredictionRow p, ResolvedLabel label, LabeledExample? before, DateTimeOffset now) => new()
    {
        ModelId = modelId,
        TrackingId = p.TrackingId,
        PredictionId = p.Id,
        Label = label.Label,
        LabelSource = LabelSourceNames.ToWire(label.Source),
        Confidence = label.Confidence,
        Weight = label.Weight,
        Evidence = JsonSerializer.Serialize(label.EvidenceIds, ConflictJson),
        Conflicts = JsonSerializer.Serialize(label.Conflicts, ConflictJson),
        ConflictCount = label.Conflicts.Count,
        PredictedLabel = p.OutputLabel,
        ModelVersion = p.ModelVersion,
        ServedAt = p.ServedAt,
        FirstLabeledAt = before?.FirstLabeledAt ?? now,
        LabeledAt = before is not null && before.Label == label.Label ? before.LabeledAt : now,
        UpdatedAt = now,
    };

    private static bool SameContent(LabeledExample a, LabeledExample b) =>
        a.ModelId == b.ModelId && a.PredictionId == b.PredictionId && a.Label == b.Label && a.LabelSource == b.LabelSource
        && a.Confidence.Equals(b.Confidence) && a.Weight.Equals(b.Weight) && a.Evidence == b.Evidence && a.Conflicts == b.Conflicts
        && a.PredictedLabel == b.PredictedLabel && a.ModelVersion == b.ModelVersion && a.ServedAt == b.ServedAt;

    /// <summary>Set-based counts over the whole model, after the run's writes.</summary>
    private async Task<LabelCounts> CountAsync(long modelId, ModelDefinition model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var predictions = await context.Predictions.CountAsync(p => p.ModelId == modelId, cancellationToken);
        var withFeedback = await context.Predictions.CountAsync(p => p.ModelId == modelId && context.FeedbackEvents.Any(f => f.TrackingId == p.TrackingId), cancellationToken);
        var labeled = await context.LabeledExamples.CountAsync(l => l.ModelId == modelId, cancellationToken);
        var conflicts = await context.LabeledExamples.CountAsync(l => l.ModelId == modelId && l.ConflictCount > 0, cancellationToken);
        var orphanedBefore = now - model.LabelPolicy.OrphanWindow;
        var orphans = await context.FeedbackEvents.CountAsync(
            f => f.ReceivedAt < orphanedBefore && !context.Predictions.Any(p => p.TrackingId == f.TrackingId), cancellationToken);
        var needsAnnotation = 0;
        if (model.TaskType == TaskType.Multiclass)
        {
            var starsDown = model.LabelPolicy.StarsDown.Select(s => (double?)s).ToList();
            needsAnnotation = await context.Predictions.CountAsync(p => p.ModelId == modelId
                && context.FeedbackEvents.Any(f => f.TrackingId == p.TrackingId && f.Kind == FeedbackKind.Rating
                    && (f.ValueText == "down" || starsDown.Contains(f.ValueNumber)))
                && !context.LabeledExamples.Any(l => l.TrackingId == p.TrackingId), cancellationToken);
        }

        return new LabelCounts(predictions, withFeedback, labeled, conflicts, orphans, needsAnnotation, now);
    }

    /// <summary>Task type, classes and label policy: what the resolver reads. Other edits (description, retention) keep it.</summary>
    private static string Fingerprint(ModelDefinition model)
    {
        var policy = model.LabelPolicy;
        var text = string.Join('\n',
            model.TaskType, string.Join('\u001f', model.LabelClasses), string.Join(',', policy.StarsUp), string.Join(',', policy.StarsDown),
            string.Join(',', policy.PositiveActions.Select(a => $"{a.Name}={a.Window.Ticks}")), policy.NegativeAfterWindow,
            policy.MinCrowdConfidence.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private sealed record PredictionRow(long Id, string TrackingId, string? OutputLabel, int? ModelVersion, DateTimeOffset ServedAt);

    private sealed record Watermarks(long Feedback, long Prediction, long Answer);

    private sealed class Tally
    {
        public int Touched { get; set; }

        public int Inserted { get; set; }

        public int Updated { get; set; }

        public int Removed { get; set; }

        public int Ignored { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5100, Level = LogLevel.Information,
            Message = "Label join of {Model} (full {Full}): {Touched} resolved, {Inserted} new, {Updated} changed, {Removed} removed in {ElapsedMs} ms")]
        public static partial void Joined(ILogger logger, string model, bool full, int touched, int inserted, int updated, int removed, long elapsedMs);
    }
}
