using System.Text.Json;
using Feedback.Core.Models;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Ml.Evaluation;
using Feedback.Pipeline.Approvals;
using Feedback.Pipeline.Notifications;
using Feedback.Pipeline.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Steps;

/// <summary>Applies the approval policy (SPEC §5.8): automatic approval is recorded as a decision by the policy; a
/// manual policy opens a channel-agnostic request and suspends the run until someone decides or it expires. The step
/// is re-entrant: resuming it reads the decision.</summary>
public sealed class ApprovalStep : IPipelineStep
{
    public string Name => PipelineStepNames.Approval;

    public async Task<IReadOnlyList<RunArtifact>> InputsAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [await context.RequireAsync(ArtifactKinds.Evaluation, cancellationToken)];
    }

    public string? CacheKey(StepContext context) => null;

    public async Task<StepResult> ExecuteAsync(StepContext context, IReadOnlyList<RunArtifact> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inputs);
        var db = context.Services.GetRequiredService<FeedbackDbContext>();
        var request = await db.ApprovalRequests.AsNoTracking().Where(a => a.RunId == context.Run.Id).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            var policy = context.Definition.Approval;
            var now = context.Time.GetUtcNow();
            request = new ApprovalRequest
            {
                RunId = context.Run.Id,
                ModelId = context.Model.Id,
                Status = policy.Mode == ApprovalMode.Automatic ? ApprovalStatus.Approved : ApprovalStatus.Pending,
                Summary = await SummaryAsync(context, inputs[0], cancellationToken),
                CreatedAt = now,
                ExpiresAt = now + policy.Timeout,
            };
            if (policy.Mode == ApprovalMode.Automatic)
            {
                request.DecidedAt = now;
                request.DecidedBy = "policy";
                request.Channel = "policy";
                request.Comment = "the model's approval policy is automatic";
            }

            // The request and its "approval requested" notifications commit together (the outbox).
            var outbox = context.Services.GetRequiredService<NotificationOutbox>();
            var notified = 0;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                db.ApprovalRequests.Add(request);
                await db.SaveChangesAsync(cancellationToken);
                if (request.Status == ApprovalStatus.Pending)
                {
                    notified = await ApprovalEvents.AddAsync(db, outbox, request, Core.Notifications.NotificationEvents.ApprovalRequested, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (notified > 0)
            {
                outbox.Kick();
            }

            context.ReportApproval(request.Id, request.Status, request.DecidedBy);
            if (request.Status == ApprovalStatus.Pending)
            {
                await context.Services.GetRequiredService<RunScheduler>().ScheduleApprovalExpiryAsync(request.Id, request.ExpiresAt, cancellationToken);
                await context.LogAsync($"Approval request {request.Id} waits for an approver until {request.ExpiresAt:O}.");
            }
        }

        var summary = new { approvalId = request.Id, status = request.Status, decidedBy = request.DecidedBy, channel = request.Channel, comment = request.Comment, expiresAt = request.ExpiresAt };
        return request.Status switch
        {
            ApprovalStatus.Approved => StepResult.Continue(summary),
            ApprovalStatus.Pending => new StepResult(summary, StepFlow.Suspend),
            ApprovalStatus.Expired => new StepResult(summary, StepFlow.EndRun, RunOutcome.ApprovalExpired),
            _ => new StepResult(summary, StepFlow.EndRun, RunOutcome.Rejected),
        };
    }

    private static async Task<string> SummaryAsync(StepContext context, RunArtifact evaluation, CancellationToken cancellationToken)
    {
        var result = EvaluationJson.ReadResult(System.Text.Encoding.UTF8.GetString(await context.Artifacts.ContentAsync(evaluation, cancellationToken)));
        var candidate = EvaluatorStep.HeadlineMetrics(result.Candidate);
        var baseline = result.Baseline is { } b ? EvaluatorStep.HeadlineMetrics(b) : null;
        return JsonSerializer.Serialize(new
        {
            model = context.Model.Name,
            run = context.Run.Number,
            baselineVersion = context.Run.BaselineVersion,
            metrics = candidate.Select(m => new
            {
                metric = m.Key,
                candidate = m.Value,
                production = baseline?.GetValueOrDefault(m.Key),
                delta = baseline?.GetValueOrDefault(m.Key) is { } p && m.Value is { } c ? c - p : (double?)null,
            }),
            checksPassed = result.Validation.ChecksPassed,
            failures = result.Validation.Failures.Count,
            skipped = result.Validation.Skipped.Select(s => s.ToString()),
        }, JsonSerializerOptions.Web);
    }
}
