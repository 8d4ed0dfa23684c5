using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Privacy;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Core.Text;
using Feedback.Pipeline.Artifacts;
using Feedback.Pipeline.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Feedback.Pipeline.Privacy;

/// <summary>What one erasure removed and which versions and snapshots had used the subject's examples.</summary>
public sealed record ErasureResult(
    string SubjectHash, bool AlreadyErased, int Predictions, int FeedbackEvents, int AnnotationItems, int LabeledExamples,
    int SnapshotExamples, IReadOnlyList<ErasedVersionUse> Versions, IReadOnlyList<long> Snapshots, DateTimeOffset ErasedAt);

/// <summary>A model version trained on a snapshot that held the subject's examples.</summary>
public sealed record ErasedVersionUse(string Model, int Version);

/// <summary>Erases a subject (SPEC §3.4): its predictions, every feedback event it sent or that concerns its
/// predictions, the annotation items (with slots and answers) and labeled examples of those predictions (and the labels
/// its feedback resolved on other predictions, which lose their evidence); snapshots
/// that held its examples are rewritten without them (their content hash changes; the artifact keeps its ID, so
/// lineage stays). The erasure record keeps only a hash of the subject, the counts and the versions that had used the
/// data. Idempotent: erasing again finds nothing and answers the earlier record's lineage.</summary>
public sealed partial class SubjectEraser(FeedbackDbContext context, TimeProvider time, ILogger<SubjectEraser> logger)
{
    public async Task<ErasureResult> EraseAsync(string subject, string requestedBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 256 || StorableText.Problem(subject) is not null)
        {
            throw new InvalidInputException("subject", "must be 1-256 characters of valid text");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)));
        var now = time.GetUtcNow();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        var predictions = await context.Predictions.Where(p => p.Subject == subject).Select(p => new { p.Id, p.TrackingId }).ToListAsync(cancellationToken);
        var trackingIds = predictions.Select(p => p.TrackingId).ToList();

        // Labels resolved from the subject's feedback on other predictions lose their evidence: they go too.
        var labeledFromFeedback = await context.FeedbackEvents.Where(f => f.Subject == subject).Select(f => f.TrackingId).Distinct().ToListAsync(cancellationToken);
        var feedback = await context.FeedbackEvents
            .Where(f => f.Subject == subject || EF.Parameter(trackingIds).Contains(f.TrackingId)).ExecuteDeleteAsync(cancellationToken);

        var items = await context.AnnotationItems.Where(i => EF.Parameter(trackingIds).Contains(i.TrackingId)).Select(i => i.Id).ToListAsync(cancellationToken);
        await context.AnnotationAnswers.Where(a => EF.Parameter(items).Contains(a.ItemId)).ExecuteDeleteAsync(cancellationToken);
        await context.AnnotationSlots.Where(s => EF.Parameter(items).Contains(s.ItemId)).ExecuteDeleteAsync(cancellationToken);
        await context.AnnotationItems.Where(i => EF.Parameter(items).Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);

        var unlabeled = trackingIds.Union(labeledFromFeedback).ToList();
        var labeled = await context.LabeledExamples.Where(l => EF.Parameter(unlabeled).Contains(l.TrackingId)).ExecuteDeleteAsync(cancellationToken);

        var snapshotIds = await context.SnapshotExamples.Where(e => EF.Parameter(trackingIds).Contains(e.TrackingId))
            .Select(e => e.SnapshotId).Distinct().ToListAsync(cancellationToken);
        var versions = await (
            from a in context.RunArtifacts
            where EF.Parameter(snapshotIds).Contains(a.Id)
            join r in context.PipelineRuns on a.RunId equals r.Id
            join m in context.Models on r.ModelId equals m.Id
            where r.ProducedVersion != null
            select new ErasedVersionUse(m.Name, r.ProducedVersion!.Value)).Distinct().ToListAsync(cancellationToken);
        var snapshotExamples = await context.SnapshotExamples.Where(e => EF.Parameter(trackingIds).Contains(e.TrackingId)).ExecuteDeleteAsync(cancellationToken);
        await RewriteSnapshotsAsync(snapshotIds, trackingIds.ToHashSet(StringComparer.Ordinal), now, cancellationToken);

        await context.Predictions.Where(p => p.Subject == subject).ExecuteDeleteAsync(cancellationToken);

        var previous = await context.SubjectErasures.Where(e => e.SubjectHash == hash).OrderBy(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        var nothing = predictions.Count == 0 && feedback == 0 && items.Count == 0 && labeled == 0 && snapshotExamples == 0;
        if (nothing && previous is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            return ToResult(previous, alreadyErased: true);
        }

        var record = new SubjectErasure
        {
            SubjectHash = hash,
            RequestedBy = requestedBy,
            ErasedAt = Timestamps.Normalize(now),
            Predictions = predictions.Count,
            FeedbackEvents = feedback,
            AnnotationItems = items.Count,
            LabeledExamples = labeled,
            SnapshotExamples = snapshotExamples,
            Versions = JsonSerializer.Serialize(versions.Select(v => new[] { v.Model, v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) })),
            Snapshots = JsonSerializer.Serialize(snapshotIds.Order()),
        };
        context.SubjectErasures.Add(record);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.Erased(logger, hash, predictions.Count, feedback, snapshotIds.Count);
        return ToResult(record, alreadyErased: nothing);
    }

    private async Task RewriteSnapshotsAsync(List<long> snapshotIds, HashSet<string> trackingIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hashes = await context.RunArtifacts.Where(a => EF.Parameter(snapshotIds).Contains(a.Id)).Select(a => a.Hash).Distinct().ToListAsync(cancellationToken);
        foreach (var oldHash in hashes)
        {
            var blob = await context.ArtifactBlobs.AsNoTracking().SingleAsync(b => b.Hash == oldHash, cancellationToken);
            var kept = Snapshot.FromBytes(blob.Content).Rows.Where(r => !trackingIds.Contains(r.TrackingId)).ToList();
            var content = new Snapshot(kept).ToBytes();
            var newHash = ArtifactStore.Hash(content);
            if (!await context.ArtifactBlobs.AnyAsync(b => b.Hash == newHash, cancellationToken))
            {
                context.ArtifactBlobs.Add(new ArtifactBlob { Hash = newHash, Content = content, Size = content.Length, CreatedAt = Timestamps.Normalize(now) });
                await context.SaveChangesAsync(cancellationToken);
            }

            // Every artifact that pointed at the old content (a reused snapshot is one blob, many artifacts) moves.
            await context.RunArtifacts.Where(a => a.Hash == oldHash)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Hash, newHash).SetProperty(a => a.Size, (long)content.Length), cancellationToken);
            await context.ArtifactBlobs.Where(b => b.Hash == oldHash).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private static ErasureResult ToResult(SubjectErasure record, bool alreadyErased) => new(
        record.SubjectHash,
        alreadyErased,
        record.Predictions,
        record.FeedbackEvents,
        record.AnnotationItems,
        record.LabeledExamples,
        record.SnapshotExamples,
        [.. JsonSerializer.Deserialize<string[][]>(record.Versions)!.Select(v => new ErasedVersionUse(v[0], int.Parse(v[1], System.Globalization.CultureInfo.InvariantCulture)))],
        JsonSerializer.Deserialize<long[]>(record.Snapshots)!,
        record.ErasedAt);

    private static partial class Log
    {
        [LoggerMessage(900, LogLevel.Information, "Erased subject {SubjectHash}: {Predictions} predictions, {FeedbackEvents} feedback events, {Snapshots} snapshots rewritten")]
        public static partial void Erased(ILogger logger, string subjectHash, int predictions, int feedbackEvents, int snapshots);
    }
}
