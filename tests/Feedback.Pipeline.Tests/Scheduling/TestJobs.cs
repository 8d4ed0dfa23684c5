using System.Collections.Concurrent;

namespace Feedback.Pipeline.Tests.Scheduling;

/// <summary>The name of the test node a job ran on (each <see cref="SchedulerHost"/> registers its own).</summary>
public sealed record NodeName(string Value);

/// <summary>What the test jobs did, keyed by the key they were enqueued with (each test uses fresh keys).</summary>
internal static class JobRuns
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Runs = new();

    public static void Record(string key, string node) => Runs.GetOrAdd(key, _ => new()).Enqueue(node);

    /// <summary>The nodes <paramref name="key"/> ran on, one entry per execution.</summary>
    public static IReadOnlyList<string> Of(string key) => Runs.TryGetValue(key, out var runs) ? [.. runs] : [];

    /// <summary>Waits until <paramref name="key"/> has run at least once. The generous limit only turns a job that
    /// never runs into a failure instead of a hang.</summary>
    public static async Task<IReadOnlyList<string>> WaitForAsync(string key)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (Of(key).Count < 1)
        {
            await Task.Delay(25, limit.Token);
        }

        return Of(key);
    }
}

/// <summary>Records that it ran, and where.</summary>
public sealed class RecordingJob
{
    private readonly NodeName _node;

    public RecordingJob(NodeName node) => _node = node;

    public Task ExecuteAsync(string key)
    {
        JobRuns.Record(key, _node.Value);
        return Task.CompletedTask;
    }
}
