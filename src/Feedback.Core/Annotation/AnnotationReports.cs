using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feedback.Core.Annotation;

public sealed record ProjectAgreement(int Items, double? PercentAgreement, double? CohensKappa, double? FleissKappa, double? KrippendorffAlpha);

public sealed record AnnotatorQuality(
    string AnnotatorId, int Answers, int GoldAnswered, double? GoldAccuracy, double? ConsensusAgreement,
    double? AnswersPerHour, double? MedianSecondsPerItem, bool Flagged, double Weight);

public sealed record ProjectQuality(string Project, ProjectAgreement Agreement, IReadOnlyList<AnnotatorQuality> Annotators, IReadOnlyList<string> DisagreementItems);

public sealed record ItemAggregate(string TrackingId, string Label, double Confidence, bool Tie, int Answers);

/// <summary>A resolved label as evidence for the label resolver: <c>crowd</c> or <c>expert</c>, with its confidence and
/// the answer IDs it rests on.</summary>
public sealed record AnnotationEvidence(string TrackingId, string Label, double Confidence, string Source, IReadOnlyList<long> EvidenceIds, DateTimeOffset ResolvedAt);

/// <summary>Read side of annotation: quality per annotator, project agreement, aggregates (majority vote as stored,
/// Dawid–Skene computed on demand over the project's crowd answers), and resolved labels as evidence.</summary>
public sealed class AnnotationReports(FeedbackDbContext context, AnnotationProjects projects, AnnotatorWeights weights, IOptions<AnnotationOptions> options)
{
    public const string MajorityVoteMethod = "majority-vote";
    public const string DawidSkeneMethod = "dawid-skene";

    public async Task<ProjectQuality> QualityAsync(string projectName, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(projectName, cancellationToken);
        var answers = await CrowdAnswersAsync(project.Id, includeGold: true, cancellationToken);
        var scores = await weights.ScoreAsync(project.Id, null, cancellationToken);
        var annotators = answers.GroupBy(a => a.AnnotatorId, StringComparer.Ordinal).Select(g =>
        {
            var score = scores.GetValueOrDefault(g.Key) ?? new AnnotatorScore(g.Key, 0, 0, 0, 0);
            var seconds = g.Select(a => (a.AnsweredAt - a.LeasedAt).TotalSeconds).Order().ToList();
            var span = (g.Max(a => a.AnsweredAt) - g.Min(a => a.LeasedAt)).TotalHours;
            return new AnnotatorQuality(g.Key, g.Count(), score.GoldAnswered, score.GoldAccuracy, score.ConsensusAgreement,
                span > 0 ? g.Count() / span : null, Median(seconds), weights.IsFlagged(score), weights.WeightOf(score));
        }).OrderBy(a => a.AnnotatorId, StringComparer.Ordinal).ToList();

        var units = answers.Where(a => !a.Gold).GroupBy(a => a.TrackingId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyDictionary<string, string>)g.ToDictionary(a => a.AnnotatorId, a => a.Label, StringComparer.Ordinal)).ToList();
        var agreement = new ProjectAgreement(
            units.Count(u => u.Count >= 2),
            AgreementStatistics.PercentAgreement(units),
            AgreementStatistics.AverageCohensKappa(units),
            AgreementStatistics.FleissKappa(units),
            AgreementStatistics.KrippendorffAlphaNominal([.. units.Select(u => (IReadOnlyCollection<string>)[.. u.Values])]));
        var disagreement = await context.AnnotationItems
            .Where(i => i.ProjectId == project.Id && i.Status != AnnotationItemStatus.Gold && i.CrowdAnswers >= 2
                && (i.ConsensusTie || i.ConsensusConfidence < 1.0))
            .OrderBy(i => i.ConsensusConfidence).ThenBy(i => i.Id).Select(i => i.TrackingId).Take(200).ToListAsync(cancellationToken);
        return new ProjectQuality(project.Name, agreement, annotators, disagreement);
    }

    /// <summary>Per item label and confidence by <paramref name="method"/>: <c>majority-vote</c> (kept up to date on every
    /// answer) or <c>dawid-skene</c> (EM re-run over the whole project on each call, gold items pinned).</summary>
    public async Task<IReadOnlyList<ItemAggregate>> AggregatesAsync(string projectName, string method, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(projectName, cancellationToken);
        if (method == MajorityVoteMethod)
        {
            return await context.AnnotationItems
                .Where(i => i.ProjectId == project.Id && i.Status != AnnotationItemStatus.Gold && i.ConsensusLabel != null)
                .OrderBy(i => i.Id)
                .Select(i => new ItemAggregate(i.TrackingId, i.ConsensusLabel!, i.ConsensusConfidence ?? 0, i.ConsensusTie, i.CrowdAnswers))
                .ToListAsync(cancellationToken);
        }

        if (method != DawidSkeneMethod)
        {
            throw new Errors.InvalidInputException("method", $"must be {MajorityVoteMethod} or {DawidSkeneMethod}");
        }

        var choices = AnnotationProjects.ChoicesOf(project);
        var answers = await CrowdAnswersAsync(project.Id, includeGold: true, cancellationToken);
        var itemIds = answers.Select(a => a.TrackingId).Distinct(StringComparer.Ordinal).ToList();
        var annotatorIds = answers.Select(a => a.AnnotatorId).Distinct(StringComparer.Ordinal).ToList();
        var itemIndex = itemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var annotatorIndex = annotatorIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var labels = answers.Where(a => choices.Contains(a.Label))
            .Select(a => new ClassLabel(itemIndex[a.TrackingId], annotatorIndex[a.AnnotatorId], IndexOf(choices, a.Label))).ToList();
        var gold = answers.Where(a => a.Gold && a.GoldLabel is not null && choices.Contains(a.GoldLabel))
            .GroupBy(a => itemIndex[a.TrackingId]).ToDictionary(g => g.Key, g => IndexOf(choices, g.First().GoldLabel!));
        var fit = DawidSkene.Fit(itemIds.Count, annotatorIds.Count, choices.Count, labels, gold, options.Value.DawidSkeneTolerance, options.Value.DawidSkeneMaxIterations);
        var counts = answers.GroupBy(a => a.TrackingId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var goldItems = answers.Where(a => a.Gold).Select(a => a.TrackingId).ToHashSet(StringComparer.Ordinal);
        return [.. itemIds.Where(id => !goldItems.Contains(id)).Select(id => new ItemAggregate(
            id, choices[fit.Labels[itemIndex[id]]], fit.Confidence[itemIndex[id]], false, counts[id]))];
    }

    /// <summary>Resolved labels of a model's projects as evidence for the label resolver (SPEC §3.2: expert above crowd).</summary>
    public Task<IReadOnlyList<AnnotationEvidence>> ResolvedLabelsAsync(long modelId, CancellationToken cancellationToken) =>
        ResolvedLabelsAsync(modelId, null, cancellationToken);

    /// <summary>Resolved labels of one project.</summary>
    public async Task<IReadOnlyList<AnnotationEvidence>> ResolvedLabelsAsync(string projectName, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(projectName, cancellationToken);
        return await ResolvedLabelsAsync(project.ModelId, project.Id, cancellationToken);
    }

    private async Task<IReadOnlyList<AnnotationEvidence>> ResolvedLabelsAsync(long modelId, long? projectId, CancellationToken cancellationToken)
    {
        var items = await (
            from i in context.AnnotationItems
            join p in context.AnnotationProjects on i.ProjectId equals p.Id
            where p.ModelId == modelId && (projectId == null || p.Id == projectId) && i.Status == AnnotationItemStatus.Resolved
            orderby i.ResolvedAt, i.Id
            select new { i.Id, i.TrackingId, i.ResolvedLabel, i.ResolvedConfidence, i.ResolvedSource, i.ResolvedAt }).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.Id).ToList();
        var answerIds = (await context.AnnotationAnswers.Where(a => ids.Contains(a.ItemId) && !a.Skipped)
            .Select(a => new { a.ItemId, a.Id, a.Pool, a.Label }).ToListAsync(cancellationToken))
            .GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.ToList());
        return [.. items.Select(i => new AnnotationEvidence(
            i.TrackingId, i.ResolvedLabel!, i.ResolvedConfidence ?? 0, i.ResolvedSource!,
            [.. (answerIds.GetValueOrDefault(i.Id) ?? []).Where(a => i.ResolvedSource != ItemResolver.ExpertSource || a.Pool == AnnotatorPool.Expert)
                .OrderBy(a => a.Id).Select(a => a.Id)],
            i.ResolvedAt ?? default))];
    }

    private static int IndexOf(IReadOnlyList<string> choices, string label)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    private static double? Median(List<double> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private async Task<List<AnswerRow>> CrowdAnswersAsync(long projectId, bool includeGold, CancellationToken cancellationToken) =>
        await (
            from a in context.AnnotationAnswers
            join i in context.AnnotationItems on a.ItemId equals i.Id
            where a.ProjectId == projectId && !a.Skipped && a.Pool == AnnotatorPool.Crowd && (includeGold || i.Status != AnnotationItemStatus.Gold)
            orderby a.Id
            select new AnswerRow(i.TrackingId, a.AnnotatorId, a.Label!, i.Status == AnnotationItemStatus.Gold, i.GoldLabel, a.LeasedAt, a.AnsweredAt))
            .ToListAsync(cancellationToken);

    private sealed record AnswerRow(string TrackingId, string AnnotatorId, string Label, bool Gold, string? GoldLabel, DateTimeOffset LeasedAt, DateTimeOffset AnsweredAt);
}
