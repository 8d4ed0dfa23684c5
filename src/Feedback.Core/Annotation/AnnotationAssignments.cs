using System.Text.Json;
using Feedback.Core.Errors;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Annotation;

/// <summary>Hands out work (SPEC §4.2): <c>next</c> leases a free slot of an item the annotator has not answered or
/// skipped, answer and skip settle the lease. A slot is claimed with a conditional UPDATE (free, or its lease expired)
/// and the row count tells the winner, so two annotators never hold the same slot, on either database.</summary>
public sealed partial class AnnotationAssignments(
    FeedbackDbContext context,
    AnnotationProjects projects,
    ItemResolver resolver,
    AnnotatorWeights weights,
    AnnotationWriteGate gate,
    IOptions<AnnotationOptions> options,
    TimeProvider timeProvider,
    ILogger<AnnotationAssignments> logger)
{
    private const int CandidatesPerRound = 16;
    private const int Rounds = 4;

    /// <summary>Leases the next task for <paramref name="annotator"/>, or returns null when there is nothing for them.
    /// Asking again while holding a lease returns the same task.</summary>
    public async Task<AnnotationTask?> NextAsync(string projectName, Annotator annotator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotator);
        ValidateAnnotator(annotator);
        var project = await projects.FindAsync(projectName, cancellationToken);
        var pool = annotator.Pool == AnnotatorPool.Expert ? AnnotationPools.Expert : AnnotationPools.Crowd;
        if (!project.Pools.HasFlag(pool))
        {
            throw new AccessDeniedException($"Annotation project '{projectName}' has no {annotator.Pool.ToString().ToLowerInvariant()} pool.");
        }

        using var writing = await gate.EnterAsync(cancellationToken);
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        var held = await context.AnnotationSlots
            .Where(s => s.ProjectId == project.Id && s.LeasedBy == annotator.Id && s.AnsweredBy == null && s.LeaseExpiresAt > now)
            .OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        if (held is not null)
        {
            return await ToTaskAsync(project, held, cancellationToken);
        }

        var slotId = (annotator.Pool == AnnotatorPool.Crowd ? await LeaseGoldAsync(project, annotator, now, cancellationToken) : null)
            ?? await ClaimAsync(project, annotator, now, cancellationToken);
        if (slotId is null)
        {
            return null;
        }

        var slot = await context.AnnotationSlots.SingleAsync(s => s.Id == slotId, cancellationToken);
        Log.Leased(logger, project.Name, slot.Id, annotator.Id);
        return await ToTaskAsync(project, slot, cancellationToken);
    }

    public async Task<AnswerResult> AnswerAsync(long taskId, Annotator annotator, string? label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotator);
        ValidateAnnotator(annotator);
        var (slot, project) = await FindTaskAsync(taskId, cancellationToken);
        var choices = AnnotationProjects.ChoicesOf(project);
        if (label is null || !choices.Contains(label, StringComparer.Ordinal))
        {
            throw new InvalidInputException("label", $"must be one of: {string.Join(", ", choices)}");
        }

        using var writing = await gate.EnterAsync(cancellationToken);
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var settled = await context.AnnotationSlots
            .Where(s => s.Id == taskId && s.LeasedBy == annotator.Id && s.AnsweredBy == null && s.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AnsweredBy, annotator.Id).SetProperty(s => s.AnsweredAt, now), cancellationToken);
        if (settled == 0)
        {
            throw LeaseConflict(slot, annotator, now);
        }

        var item = await CommitAnswerAsync(transaction, AnswerRow(project, slot, annotator, label, now),
            () => resolver.OnAnswerAsync(project, slot.ItemId, slot.Pool, label, now, cancellationToken), cancellationToken);

        Log.Answered(logger, project.Name, taskId, annotator.Id);
        return new AnswerResult(taskId, item.TrackingId, label, item.Status, item.ResolvedLabel, item.ResolvedConfidence);
    }

    /// <summary>Gives the slot back and records that the annotator will not be offered this item again.</summary>
    public async Task SkipAsync(long taskId, Annotator annotator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(annotator);
        ValidateAnnotator(annotator);
        var (slot, project) = await FindTaskAsync(taskId, cancellationToken);
        using var writing = await gate.EnterAsync(cancellationToken);
        var now = Timestamps.Normalize(timeProvider.GetUtcNow());
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var released = await context.AnnotationSlots
            .Where(s => s.Id == taskId && s.LeasedBy == annotator.Id && s.AnsweredBy == null && s.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeasedBy, (string?)null).SetProperty(s => s.LeasedAt, (DateTimeOffset?)null)
                .SetProperty(s => s.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        if (released == 0)
        {
            throw LeaseConflict(slot, annotator, now);
        }

        await CommitAnswerAsync(transaction, AnswerRow(project, slot, annotator, label: null, now), async () =>
        {
            if (slot.Pool == AnnotatorPool.Crowd && await IsGoldAsync(slot.ItemId, cancellationToken))
            {
                // A gold slot belongs to one annotator: once skipped nobody else may take it.
                await context.AnnotationSlots.Where(s => s.Id == taskId).ExecuteDeleteAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>An answer row; a null label records a skip.</summary>
    private static AnnotationAnswer AnswerRow(AnnotationProject project, AnnotationSlot slot, Annotator annotator, string? label, DateTimeOffset now) => new()
    {
        ProjectId = project.Id,
        ItemId = slot.ItemId,
        SlotId = slot.Id,
        AnnotatorId = annotator.Id,
        Pool = slot.Pool,
        Label = label,
        Skipped = label is null,
        LeasedAt = slot.LeasedAt ?? now,
        AnsweredAt = now,
    };

    /// <summary>Saves the answer row, runs what follows it in the same transaction, and commits. The unique
    /// (item, annotator) index turns a second answer or skip into a conflict.</summary>
    private async Task<T> CommitAnswerAsync<T>(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, AnnotationAnswer answer, Func<Task<T>> then, CancellationToken cancellationToken)
    {
        context.AnnotationAnswers.Add(answer);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            var result = await then();
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("task", "You have already answered or skipped this item.");
        }
        finally
        {
            context.ChangeTracker.Clear();
        }
    }

    private static void ValidateAnnotator(Annotator annotator)
    {
        if (string.IsNullOrWhiteSpace(annotator.Id) || annotator.Id.Length > 160)
        {
            throw new InvalidInputException("annotator", "must be 1-160 characters, e.g. key:{id} or user:{name}");
        }
    }

    private async Task<bool> IsGoldAsync(long itemId, CancellationToken cancellationToken) =>
        await context.AnnotationItems.AnyAsync(i => i.Id == itemId && i.Status == AnnotationItemStatus.Gold, cancellationToken);

    private async Task<(AnnotationSlot Slot, AnnotationProject Project)> FindTaskAsync(long taskId, CancellationToken cancellationToken)
    {
        var slot = await context.AnnotationSlots.SingleOrDefaultAsync(s => s.Id == taskId, cancellationToken)
            ?? throw new NotFoundException($"Annotation task {taskId} does not exist.");
        var project = await context.AnnotationProjects.SingleAsync(p => p.Id == slot.ProjectId, cancellationToken);
        return (slot, project);
    }

    private static ConflictException LeaseConflict(AnnotationSlot slot, Annotator annotator, DateTimeOffset now) =>
        slot.AnsweredBy is not null ? new ConflictException("task", "This task has already been answered.")
        : slot.LeasedBy != annotator.Id ? new ConflictException("lease", "You do not hold the lease on this task: ask for the next task first.")
        : slot.LeaseExpiresAt <= now ? new ConflictException("lease", "Your lease on this task has expired: ask for the next task.")
        : new ConflictException("lease", "The lease on this task changed: ask for the next task.");

    /// <summary>Mixes gold in at the project's rate, deterministically: the n-th task is gold when ⌊n·rate⌋ grows.</summary>
    private async Task<long?> LeaseGoldAsync(AnnotationProject project, Annotator annotator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (project.GoldRate <= 0)
        {
            return null;
        }

        var done = await context.AnnotationAnswers.CountAsync(a => a.ProjectId == project.Id && a.AnnotatorId == annotator.Id, cancellationToken);
        if (Math.Floor((done + 1) * project.GoldRate) <= Math.Floor(done * project.GoldRate))
        {
            return null;
        }

        var goldItem = await context.AnnotationItems
            .Where(i => i.ProjectId == project.Id && i.Status == AnnotationItemStatus.Gold
                && !context.AnnotationAnswers.Any(a => a.ItemId == i.Id && a.AnnotatorId == annotator.Id)
                && !context.AnnotationSlots.Any(s => s.ItemId == i.Id && s.LeasedBy == annotator.Id && s.AnsweredBy == null))
            .OrderBy(i => i.Id).Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken);
        if (goldItem is null)
        {
            return null;
        }

        // Gold slots are made per annotator, already leased, so every annotator can be scored on every gold item.
        var slot = new AnnotationSlot
        {
            ProjectId = project.Id,
            ItemId = goldItem.Value,
            Pool = AnnotatorPool.Crowd,
            LeasedBy = annotator.Id,
            LeasedAt = now,
            LeaseExpiresAt = now + options.Value.LeaseDuration,
        };
        context.AnnotationSlots.Add(slot);
        await context.SaveChangesAsync(cancellationToken);
        context.ChangeTracker.Clear();
        return slot.Id;
    }

    private async Task<long?> ClaimAsync(AnnotationProject project, Annotator annotator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expires = now + options.Value.LeaseDuration;
        for (var round = 0; round < Rounds; round++)
        {
            var candidates = await context.AnnotationSlots
                .Where(s => s.ProjectId == project.Id && s.Pool == annotator.Pool && s.AnsweredBy == null
                    && (s.LeasedBy == null || s.LeaseExpiresAt <= now)
                    && !context.AnnotationItems.Any(i => i.Id == s.ItemId && i.Status == AnnotationItemStatus.Gold)
                    && !context.AnnotationAnswers.Any(a => a.ItemId == s.ItemId && a.AnnotatorId == annotator.Id)
                    && !context.AnnotationSlots.Any(o => o.ItemId == s.ItemId && o.LeasedBy == annotator.Id && o.AnsweredBy == null && o.LeaseExpiresAt > now))
                .OrderBy(s => s.ItemId).ThenBy(s => s.Id)
                .Select(s => new { s.Id, s.ItemId }).Take(CandidatesPerRound).ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return null;
            }

            foreach (var candidate in candidates.DistinctBy(c => c.ItemId))
            {
                var claimed = await context.AnnotationSlots
                    .Where(s => s.Id == candidate.Id && s.AnsweredBy == null && (s.LeasedBy == null || s.LeaseExpiresAt <= now))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeasedBy, annotator.Id).SetProperty(s => s.LeasedAt, now)
                        .SetProperty(s => s.LeaseExpiresAt, expires), cancellationToken);
                if (claimed == 1)
                {
                    return candidate.Id;
                }
            }
        }

        return null;
    }

    private async Task<AnnotationTask> ToTaskAsync(AnnotationProject project, AnnotationSlot slot, CancellationToken cancellationToken)
    {
        var item = await context.AnnotationItems.SingleAsync(i => i.Id == slot.ItemId, cancellationToken);
        ReviewContext? review = null;
        if (slot.Pool == AnnotatorPool.Expert)
        {
            var answers = await context.AnnotationAnswers.Where(a => a.ItemId == item.Id && !a.Skipped && a.Pool == AnnotatorPool.Crowd)
                .OrderBy(a => a.AnsweredAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
            var scores = await weights.ScoreAsync(project.Id, [.. answers.Select(a => a.AnnotatorId)], cancellationToken);
            review = new ReviewContext(
                [.. answers.Select(a => new CrowdAnswer(a.AnnotatorId, a.Label!,
                    scores.TryGetValue(a.AnnotatorId, out var s) ? s.GoldAccuracy : null,
                    s is not null && weights.IsFlagged(s), a.AnsweredAt))],
                item.ConsensusLabel, item.ConsensusConfidence, item.ConsensusTie);
        }

        using var inputs = JsonDocument.Parse(item.Inputs);
        return new AnnotationTask(
            slot.Id,
            project.Name,
            item.TrackingId,
            inputs.RootElement.Clone(),
            AnnotationProjects.ChoicesOf(project),
            project.Instructions,
            project.ShowSuggestion || slot.Pool == AnnotatorPool.Expert ? item.SuggestedLabel : null,
            slot.LeaseExpiresAt!.Value,
            slot.Pool == AnnotatorPool.Expert,
            review);
    }

    private static partial class Log
    {
        [LoggerMessage(600, LogLevel.Debug, "Project {Project}: task {TaskId} leased to {Annotator}")]
        public static partial void Leased(ILogger logger, string project, long taskId, string annotator);

        [LoggerMessage(601, LogLevel.Debug, "Project {Project}: task {TaskId} answered by {Annotator}")]
        public static partial void Answered(ILogger logger, string project, long taskId, string annotator);
    }
}
