using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Annotation;

/// <summary>An annotator's scored record in one project: accuracy on gold and agreement with the crowd consensus.</summary>
public sealed record AnnotatorScore(string AnnotatorId, int GoldAnswered, int GoldCorrect, int ConsensusScored, int ConsensusAgreed)
{
    public double? GoldAccuracy => GoldAnswered == 0 ? null : (double)GoldCorrect / GoldAnswered;

    public double? ConsensusAgreement => ConsensusScored == 0 ? null : (double)ConsensusAgreed / ConsensusScored;
}

/// <summary>Scores annotators and decides who is flagged: gold accuracy when they have answered enough gold items,
/// otherwise agreement with the consensus of items others answered too. Flagged annotators' votes weigh less.</summary>
public sealed class AnnotatorWeights(FeedbackDbContext context, IOptions<AnnotationOptions> options)
{
    public bool IsFlagged(AnnotatorScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var o = options.Value;
        if (score.GoldAnswered >= o.MinScoredAnswers)
        {
            return score.GoldAccuracy < o.QualityThreshold;
        }

        return score.ConsensusScored >= o.MinScoredAnswers && score.ConsensusAgreement < o.QualityThreshold;
    }

    public double WeightOf(AnnotatorScore score) => IsFlagged(score) ? options.Value.FlaggedWeight : 1.0;

    /// <summary>Scores for the given annotators (every crowd annotator of the project when null).</summary>
    public async Task<IReadOnlyDictionary<string, AnnotatorScore>> ScoreAsync(long projectId, IReadOnlyCollection<string>? annotatorIds, CancellationToken cancellationToken)
    {
        var answers = context.AnnotationAnswers.Where(a => a.ProjectId == projectId && !a.Skipped && a.Pool == AnnotatorPool.Crowd);
        if (annotatorIds is not null)
        {
            answers = answers.Where(a => annotatorIds.Contains(a.AnnotatorId));
        }

        var rows = await (
            from a in answers
            join i in context.AnnotationItems on a.ItemId equals i.Id
            select new { a.AnnotatorId, a.Label, i.Status, i.GoldLabel, i.ConsensusLabel, i.CrowdAnswers, i.ConsensusTie }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.AnnotatorId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                var gold = g.Where(r => r.Status == AnnotationItemStatus.Gold).ToList();
                var consensus = g.Where(r => r.Status != AnnotationItemStatus.Gold && r.CrowdAnswers >= 2 && !r.ConsensusTie && r.ConsensusLabel is not null).ToList();
                return new AnnotatorScore(g.Key, gold.Count, gold.Count(r => r.Label == r.GoldLabel), consensus.Count, consensus.Count(r => r.Label == r.ConsensusLabel));
            },
            StringComparer.Ordinal);
    }
}
