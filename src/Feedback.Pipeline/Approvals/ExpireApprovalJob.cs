using Quartz;

namespace Feedback.Pipeline.Approvals;

/// <summary>Fires at an approval request's deadline and expires it if nobody decided.</summary>
public sealed class ExpireApprovalJob(ApprovalDecisions decisions) : IJob
{
    public const string ApprovalIdKey = "approvalId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await decisions.ExpireAsync(context.MergedJobDataMap.GetLong(ApprovalIdKey), cancellationToken);
    }
}
