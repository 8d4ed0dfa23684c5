using Hangfire;

namespace Feedback.Pipeline.Approvals;

/// <summary>Fires at an approval request's deadline and expires it if nobody decided (a delayed Hangfire job).</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class ExpireApprovalJob(ApprovalDecisions decisions)
{
    [JobDisplayName("Approval request {0}: expire at its deadline")]
    public Task ExecuteAsync(long approvalId, CancellationToken cancellationToken) => decisions.ExpireAsync(approvalId, cancellationToken);
}
