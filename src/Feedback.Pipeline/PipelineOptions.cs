namespace Feedback.Pipeline;

/// <summary>Execution settings of the pipeline (section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>How often a running run proves it is alive (and checks for a cancel request).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A run whose heartbeat is older than this is considered orphaned by a dead process and resumed.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the recovery sweep looks for orphaned runs and overdue approvals.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the label join runs and the automatic trigger conditions are evaluated.</summary>
    public TimeSpan TriggerInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most recent serving predictions sampled for skew statistics.</summary>
    public int ServingSampleSize { get; set; } = 50_000;
}
