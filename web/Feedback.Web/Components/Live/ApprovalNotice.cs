using Feedback.Core.Runs;
using Feedback.Pipeline.Events;
using MudBlazor;

namespace Feedback.Web.Components.Live;

/// <summary>What an approver is told when an approval request arrives or is decided elsewhere.</summary>
internal static class ApprovalNotice
{
    public static string Describe(ApprovalChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Status switch
        {
            ApprovalStatus.Pending => $"New approval request #{change.ApprovalId} for {change.Model} (run {change.RunId}).",
            ApprovalStatus.Expired => $"Approval request #{change.ApprovalId} for {change.Model} expired.",
            _ => $"Approval request #{change.ApprovalId} for {change.Model} was {Word(change.Status)}{(change.DecidedBy is null ? string.Empty : $" by {change.DecidedBy}")}.",
        };
    }

    public static Severity SeverityOf(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Pending => Severity.Info,
        ApprovalStatus.Approved => Severity.Success,
        _ => Severity.Warning,
    };

    public static string Word(ApprovalStatus status) => status.ToString().ToLowerInvariant();
}
