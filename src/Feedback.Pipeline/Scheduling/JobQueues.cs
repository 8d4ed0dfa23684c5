namespace Feedback.Pipeline.Scheduling;

/// <summary>The Hangfire queues of the pipeline. A worker listens to the queues in <c>Scheduler:Queues</c>.</summary>
public static class JobQueues
{
    /// <summary>The Trainer step: CPU-heavy, so it can be given to dedicated workers.</summary>
    public const string Training = "training";

    /// <summary>Every other step, the label join, trigger evaluation, cron-started runs and the recovery sweep.</summary>
    public const string Default = "default";

    /// <summary>Work that answers people rather than data: approval deadlines.</summary>
    public const string Notifications = "notifications";

    /// <summary>Every queue, in the order a server that listens to all of them takes work.</summary>
    public static IReadOnlyList<string> All { get; } = [Training, Default, Notifications];
}
