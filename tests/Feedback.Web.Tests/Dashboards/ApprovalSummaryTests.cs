using Feedback.Core.Runs;
using Feedback.Pipeline.Events;
using Feedback.Web.Components.Dashboards;
using Feedback.Web.Components.Live;

namespace Feedback.Web.Tests.Dashboards;

/// <summary>How the approvals page reads a request's summary and words the live notices.</summary>
public sealed class ApprovalSummaryTests
{
    [Fact]
    public void Parse_ReadsTheApprovalStepsSummary()
    {
        var summary = ApprovalSummary.Parse("""
            {"model":"m","run":2,"baselineVersion":1,"metrics":[{"metric":"auc","candidate":0.9,"production":0.85,"delta":0.05},
            {"metric":"log_loss","candidate":0.3,"production":null,"delta":null}],"checksPassed":false,"failures":2,"skipped":[]}
            """);

        summary.ChecksPassed.ShouldBe(false);
        summary.Failures.ShouldBe(2);
        summary.Metrics.Count.ShouldBe(2);
        summary.Metrics[0].FormatDelta().ShouldBe("+0.05");
        summary.Metrics[1].Format(summary.Metrics[1].Production).ShouldBe("—");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"metrics":[{"candidate":1},"x"],"checksPassed":"yes","failures":"two"}""")]
    public void Parse_ShowsLess_NeverFails_OnAnOddSummary(string? json)
    {
        var summary = ApprovalSummary.Parse(json);

        summary.Metrics.ShouldBeEmpty();
        summary.ChecksPassed.ShouldBeNull();
        summary.Failures.ShouldBe(0);
    }

    [Theory]
    [InlineData(ApprovalStatus.Pending, null, "New approval request #7 for churn (run 3).")]
    [InlineData(ApprovalStatus.Approved, "ana", "Approval request #7 for churn was approved by ana.")]
    [InlineData(ApprovalStatus.Rejected, null, "Approval request #7 for churn was rejected.")]
    [InlineData(ApprovalStatus.Expired, "timeout", "Approval request #7 for churn expired.")]
    public void Describe_WordsEachChange(ApprovalStatus status, string? decidedBy, string expected) =>
        ApprovalNotice.Describe(new ApprovalChanged(3, "churn", DateTimeOffset.UnixEpoch, 7, status, decidedBy)).ShouldBe(expected);
}
