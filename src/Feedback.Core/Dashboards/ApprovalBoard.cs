using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Dashboards;

/// <summary>An approval request as the approvals page shows it: with its model's name and its run's number.</summary>
public sealed record ApprovalEntry(
    long Id,
    string Model,
    long RunId,
    int RunNumber,
    ApprovalStatus Status,
    string Summary,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? Channel,
    string? Comment);

/// <summary>The read model behind the approvals page: pending requests (oldest first, the next to expire on top) and
/// the latest decided ones.</summary>
public sealed class ApprovalBoard(FeedbackDbContext db)
{
    /// <summary>How many decided requests the page lists: 50.</summary>
    public const int DecidedShown = 50;

    public async Task<IReadOnlyList<ApprovalEntry>> PendingAsync(IReadOnlySet<string>? models, CancellationToken cancellationToken) =>
        await EntriesAsync(db.ApprovalRequests.AsNoTracking().Where(a => a.Status == ApprovalStatus.Pending).OrderBy(a => a.Id), models, cancellationToken);

    public async Task<IReadOnlyList<ApprovalEntry>> DecidedAsync(IReadOnlySet<string>? models, CancellationToken cancellationToken) =>
        await EntriesAsync(db.ApprovalRequests.AsNoTracking().Where(a => a.Status != ApprovalStatus.Pending).OrderByDescending(a => a.Id).Take(DecidedShown), models, cancellationToken);

    private async Task<IReadOnlyList<ApprovalEntry>> EntriesAsync(IQueryable<ApprovalRequest> requests, IReadOnlySet<string>? models, CancellationToken cancellationToken)
    {
        var rows = await requests
            .Select(a => new
            {
                Request = a,
                Model = db.Models.Where(m => m.Id == a.ModelId).Select(m => m.Name).First(),
                RunNumber = db.PipelineRuns.Where(r => r.Id == a.RunId).Select(r => r.Number).First(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Where(row => models is null || models.Contains(row.Model))
            .Select(row => new ApprovalEntry(row.Request.Id, row.Model, row.Request.RunId, row.RunNumber, row.Request.Status, row.Request.Summary,
                row.Request.CreatedAt, row.Request.ExpiresAt, row.Request.DecidedAt, row.Request.DecidedBy, row.Request.Channel, row.Request.Comment))];
    }
}
