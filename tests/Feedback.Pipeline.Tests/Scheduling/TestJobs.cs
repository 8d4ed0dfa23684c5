using System.Collections.Concurrent;
using Quartz;

namespace Feedback.Pipeline.Tests.Scheduling;

/// <summary>One execution of a test job: which node ran it and whether it was a recovery.</summary>
internal sealed record JobRun(string InstanceId, bool Recovering);

/// <summary>What the test jobs did, keyed by the <c>key</c> in their job data (each test uses fresh keys).</summary>
internal static class JobRuns
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<JobRun>> Runs = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    public static void Record(string key, JobRun run) => Runs.GetOrAdd(key, _ => new()).Enqueue(run);

    public static IReadOnlyList<JobRun> Of(string key) => Runs.TryGetValue(key, out var runs) ? [.. runs] : [];

    /// <summary>Waits until <paramref name="key"/> has run at least <paramref name="count"/> times. The generous limit
    /// only turns a job that never runs into a failure instead of a hang.</summary>
    public static async Task<IReadOnlyList<JobRun>> WaitForAsync(string key, int count = 1)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (Of(key).Count < count)
        {
            await Task.Delay(25, limit.Token);
        }

        return Of(key);
    }

    /// <summary>A gate the blocking job waits on; released by the test.</summary>
    public static TaskCompletionSource Gate(string key) => Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public static IJobDetail Job<TJob>(string key)
        where TJob : IJob =>
        JobBuilder.Create<TJob>()
            .WithIdentity(key, "tests")
            .UsingJobData("key", key)
            .StoreDurably()
            .RequestRecovery()
            .Build();

    public static ITrigger Now(string key) => TriggerBuilder.Create().WithIdentity(key, "tests").ForJob(key, "tests").StartNow().Build();
}

/// <summary>Records that it ran.</summary>
internal sealed class RecordingJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        JobRuns.Record(context.MergedJobDataMap.GetString("key")!, new JobRun(context.Scheduler.SchedulerInstanceId, context.Recovering));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records that it ran and, unless it is a recovery, hangs until the test releases it, deaf to cancellation:
/// what a node that is killed mid-job looks like to the job store (the firing is never completed).</summary>
internal sealed class HangingJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var key = context.MergedJobDataMap.GetString("key")!;
        JobRuns.Record(key, new JobRun(context.Scheduler.SchedulerInstanceId, context.Recovering));
        if (!context.Recovering)
        {
            await JobRuns.Gate(key).Task;
        }
    }
}
