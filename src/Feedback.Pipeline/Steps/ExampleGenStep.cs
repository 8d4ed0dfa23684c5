using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Labels;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Data;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Steps;

/// <summary>Snapshots the labeled examples (all, or a sliding window) with a stable hash split on the tracking ID and
/// an optional golden eval set; also samples recent serving traffic for the skew check.</summary>
public sealed class ExampleGenStep : IPipelineStep
{
    public const string ServingSampleKind = "serving-sample";

    public string Name => PipelineStepNames.ExampleGen;

    public Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunArtifact>>([]);

    // The source of the pipeline reads live data, so it always runs; its content hash keys the later steps' cache.
    public string? CacheKey(StepContext context) => null;

    /// <summary>Which side of the split a tracking ID is on: a hash, so an example never changes side between runs.</summary>
    public static bool IsEval(string trackingId, double evalShare)
    {
        ArgumentNullException.ThrowIfNull(trackingId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(trackingId), hash);
        var bucket = BinaryPrimitives.ReadUInt64BigEndian(hash) / (double)ulong.MaxValue;
        return bucket < evalShare;
    }

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Definition.Pipeline;
        var now = context.Time.GetUtcNow();
        DateTimeOffset? since = settings.Window is { } window ? now - window : null;
        var golden = settings.GoldenEvalSet.ToHashSet(StringComparer.Ordinal);
        var reader = context.Services.GetRequiredService<LabeledExampleReader>();

        var rows = new List<SnapshotRow>();
        var subjects = new List<string?>();
        await foreach (var example in reader.ReadAsync(context.Model.Id, since, cancellationToken))
        {
            subjects.Add(example.Subject);
            var split = golden.Contains(example.TrackingId) || IsEval(example.TrackingId, settings.EvalShare) ? Snapshot.Eval : Snapshot.Train;
            rows.Add(new SnapshotRow(
                example.TrackingId,
                split,
                example.Label,
                example.Weight,
                LabelSourceNames.ToWire(example.Source),
                example.EvidenceIds,
                FeatureValueJson.Read(example.InputsJson))
            {
                ServedAt = example.ServedAt,
            });
        }

        // The subject cap needs the rows still aligned with their subjects, so it comes before the recency window.
        rows = SubjectWeightCap.Apply(rows, subjects, context.Services.GetRequiredService<IOptions<Core.AbuseOptions>>().Value);
        var read = rows.Count;
        rows = [.. TrainingRecency.Apply(rows, settings.Recency, golden)];
        var counts = Count(rows);
        if (rows.Count < settings.MinExamples)
        {
            throw new StepFailedException($"Only {rows.Count} labeled examples{(since is null ? string.Empty : $" served since {since:O}")}; pipeline.minExamples is {settings.MinExamples}.");
        }

        if (counts.Train == 0 || counts.Eval == 0 || (settings.Recency.RecentEvalShare > 0 && counts.Recent == 0))
        {
            throw new StepFailedException($"The split left {counts.Train} training, {counts.Eval} eval and {counts.Recent} recent examples; each needs at least one (check pipeline.evalShare and pipeline.recentEvalShare).");
        }

        if (context.Definition.IsClassifier && counts.TrainLabels.Count < 2)
        {
            throw new StepFailedException($"The training split has only the label '{counts.TrainLabels.Keys.SingleOrDefault()}'; a classifier needs at least two classes.");
        }

        var snapshot = new Snapshot(rows);
        var bytes = snapshot.ToBytes();
        if (await UnchangedSinceAsync(context, Artifacts.ArtifactStore.Hash(bytes), cancellationToken) is { } earlier)
        {
            await context.LogAsync($"Nothing new: the snapshot and definition equal those of run {earlier}; no version is trained.");
            return new StepResult(new { nothingNew = true, sameAsRun = earlier, examples = rows.Count }, StepFlow.EndRun, Feedback.Core.Runs.RunOutcome.NothingNew);
        }

        var artifact = await context.WriteAsync(Feedback.Core.Runs.ArtifactKinds.Snapshot, Snapshot.MediaType, bytes, cancellationToken);
        await SnapshotIndex.WriteAsync(context.Services.GetRequiredService<FeedbackDbContext>(), artifact, rows, cancellationToken);
        context.Remember(artifact, snapshot);

        var serving = await SampleServingAsync(context, now - settings.ServingWindow, cancellationToken);
        await context.WriteAsync(ServingSampleKind, Snapshot.MediaType, serving.ToBytes(), cancellationToken);
        await context.LogAsync($"Snapshot {artifact.Hash[..12]}: {counts.Train} train and {counts.Eval} eval examples; {serving.Rows.Count} serving rows sampled.");

        return StepResult.Continue(new
        {
            snapshotId = artifact.Id,
            contentHash = artifact.Hash,
            examples = rows.Count,
            read,
            train = counts.Train,
            eval = counts.Eval,
            recent = counts.Recent,
            golden = rows.Count(r => golden.Contains(r.TrackingId)),
            labels = new { train = counts.TrainLabels, eval = counts.EvalLabels },
            servingRows = serving.Rows.Count,
            window = settings.Window?.ToString(),
            recentExamples = settings.Recency.RecentExamples,
            halfLife = settings.Recency.HalfLife?.ToString(),
        });
    }

    private static async Task<Snapshot> SampleServingAsync(StepContext context, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var db = context.Services.GetRequiredService<FeedbackDbContext>();
        var size = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.ServingSampleSize;
        var inputs = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelId == context.Model.Id && p.ServedAt >= since)
            .OrderByDescending(p => p.Id)
            .Take(size)
            .Select(p => new { p.TrackingId, p.Inputs })
            .ToListAsync(cancellationToken);
        return new Snapshot(inputs
            .OrderBy(p => p.TrackingId, StringComparer.Ordinal)
            .Select(p => new SnapshotRow(p.TrackingId, "serving", string.Empty, 1, "serving", [], FeatureValueJson.Read(p.Inputs)))
            .ToList());
    }

    private static (int Train, int Eval, int Recent, SortedDictionary<string, int> TrainLabels, SortedDictionary<string, int> EvalLabels) Count(List<SnapshotRow> rows)
    {
        var train = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var eval = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var recent = 0;
        foreach (var row in rows)
        {
            if (row.Split == Snapshot.Recent)
            {
                recent++;
                continue;
            }

            var counts = row.Split == Snapshot.Train ? train : eval;
            counts[row.Label] = counts.GetValueOrDefault(row.Label) + 1;
        }

        return (train.Values.Sum(), eval.Values.Sum(), recent, train, eval);
    }

    /// <summary>A run whose snapshot and definition revision equal those of the model's last finished run (runs that
    /// found nothing new do not count) has nothing to learn: it returns that run's number. Manual runs included: a retrain
    /// on unchanged data and definition would only add a duplicate version. A cold-start run always trains (the explicit
    /// way to force one, e.g. <c>feedback run --cold</c>).</summary>
    private static async Task<int?> UnchangedSinceAsync(StepContext context, string snapshotHash, CancellationToken cancellationToken)
    {
        var run = context.Run;
        if (run.ColdStart)
        {
            return null;
        }

        var db = context.Services.GetRequiredService<FeedbackDbContext>();
        var last = await db.PipelineRuns.AsNoTracking()
            .Where(r => r.ModelId == run.ModelId && r.Id != run.Id && r.Status == Feedback.Core.Runs.RunStatus.Succeeded && r.Outcome != Feedback.Core.Runs.RunOutcome.NothingNew)
            .OrderByDescending(r => r.Number)
            .Select(r => new { r.Id, r.Number, r.DefinitionRevision })
            .FirstOrDefaultAsync(cancellationToken);
        if (last is null || last.DefinitionRevision != run.DefinitionRevision)
        {
            return null;
        }

        var same = await db.RunArtifacts.AsNoTracking()
            .AnyAsync(a => a.RunId == last.Id && a.Kind == Feedback.Core.Runs.ArtifactKinds.Snapshot && a.Hash == snapshotHash, cancellationToken);
        return same ? last.Number : null;
    }
}
