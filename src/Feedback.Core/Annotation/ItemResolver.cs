using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Annotation;

/// <summary>Updates an item after an answer (SPEC §4.4): the weighted majority vote is recomputed for that item at
/// once; a complete item is resolved by the crowd, or queued for expert review when the vote is tied or below the
/// project's review threshold. An expert answer is final.</summary>
public sealed class ItemResolver(FeedbackDbContext context, AnnotatorWeights weights)
{
    public const string CrowdSource = "crowd";
    public const string ExpertSource = "expert";

    /// <summary>Call inside the answer's transaction, after the answer row is saved.</summary>
    public async Task<AnnotationItem> OnAnswerAsync(AnnotationProject project, long itemId, AnnotatorPool pool, string label, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var item = await context.AnnotationItems.AsTracking().SingleAsync(i => i.Id == itemId, cancellationToken);
        if (item.Status == AnnotationItemStatus.Gold)
        {
            return item;
        }

        if (pool == AnnotatorPool.Expert)
        {
            item.Status = AnnotationItemStatus.Resolved;
            item.ResolvedLabel = label;
            item.ResolvedConfidence = 1.0;
            item.ResolvedSource = ExpertSource;
            item.ResolvedAt = now;
            await context.SaveChangesAsync(cancellationToken);
            return item;
        }

        var answers = await context.AnnotationAnswers.Where(a => a.ItemId == itemId && !a.Skipped && a.Pool == AnnotatorPool.Crowd)
            .Select(a => new { a.AnnotatorId, a.Label }).ToListAsync(cancellationToken);
        var scores = await weights.ScoreAsync(project.Id, [.. answers.Select(a => a.AnnotatorId)], cancellationToken);
        var vote = MajorityVote.Aggregate(
            answers.Select(a => (a.Label!, scores.TryGetValue(a.AnnotatorId, out var s) ? weights.WeightOf(s) : 1.0)),
            AnnotationProjects.ChoicesOf(project));
        item.CrowdAnswers = answers.Count;
        item.ConsensusLabel = vote?.Label;
        item.ConsensusConfidence = vote?.Confidence;
        item.ConsensusTie = vote?.Tie ?? false;
        if (vote is not null && item.Status == AnnotationItemStatus.Open && answers.Count >= project.Overlap)
        {
            var doubtful = vote.Tie || vote.Confidence < project.ReviewThreshold;
            if (doubtful && project.Pools.HasFlag(AnnotationPools.Expert))
            {
                item.Status = AnnotationItemStatus.InReview;
                context.AnnotationSlots.Add(new AnnotationSlot { ProjectId = project.Id, ItemId = item.Id, Pool = AnnotatorPool.Expert });
            }
            else
            {
                item.Status = AnnotationItemStatus.Resolved;
                item.ResolvedLabel = vote.Label;
                item.ResolvedConfidence = vote.Confidence;
                item.ResolvedSource = CrowdSource;
                item.ResolvedAt = now;
            }
        }

        await context.SaveChangesAsync(cancellationToken);
        return item;
    }
}
