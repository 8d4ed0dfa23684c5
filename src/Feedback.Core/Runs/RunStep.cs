namespace Feedback.Core.Runs;

/// <summary>One step of a run (ExampleGen … Pusher): status, attempts, timings, input fingerprint and summary.</summary>
public sealed class RunStep
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public required string Name { get; set; }

    public int Ordinal { get; set; }

    public StepStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>SHA-256 over the step's inputs and settings; equal fingerprints reuse earlier outputs (the cache).</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The run whose outputs a cached step reused.</summary>
    public long? CachedFromRunId { get; set; }

    /// <summary>Input artifact ids, as a JSON array (lineage edges into the step).</summary>
    public string? Inputs { get; set; }

    /// <summary>A small JSON summary for people (counts, metrics, reasons).</summary>
    public string? Summary { get; set; }

    public string? Error { get; set; }

    /// <summary>When a failed attempt will be retried.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<StepStatus>))]
public enum StepStatus
{
    Pending,
    Running,
    Retrying,
    Succeeded,

    /// <summary>Succeeded by reusing the outputs of an earlier run with the same fingerprint.</summary>
    Cached,
    Failed,
    Cancelled,

    /// <summary>Not executed because the run ended before it (not blessed, rejected, expired).</summary>
    Skipped,
}

/// <summary>One attempt at a step, kept for the retry history.</summary>
public sealed class StepAttempt
{
    public long Id { get; set; }

    public long StepId { get; set; }

    public long RunId { get; set; }

    public int Attempt { get; set; }

    public AttemptStatus Status { get; set; }

    /// <summary>The scheduler instance that ran it.</summary>
    public string? Node { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

[System.Text.Json.Serialization.JsonConverter(typeof(WireEnumConverter<AttemptStatus>))]
public enum AttemptStatus
{
    Running,
    Succeeded,
    Failed,

    /// <summary>The process died mid-attempt; found and closed when the run resumed.</summary>
    Interrupted,
    Cancelled,
}

/// <summary>A log line of a run, written by its steps.</summary>
public sealed class RunLogLine
{
    public long Id { get; set; }

    public long RunId { get; set; }

    public string? Step { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Level { get; set; }

    public required string Message { get; set; }
}
