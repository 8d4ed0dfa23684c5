namespace Feedback.Bench.Ingestion;

/// <summary>What a load run measured: rows and operations completed inside its measurement window(s).</summary>
internal sealed record LoadResult(long Rows, long Operations, long Errors, TimeSpan Window, LatencySummary Latency, string? FirstError)
{
    public double RowsPerSecond => Window > TimeSpan.Zero ? Rows / Window.TotalSeconds : 0;

    public double OperationsPerSecond => Window > TimeSpan.Zero ? Operations / Window.TotalSeconds : 0;
}

/// <summary>Thread-safe counters of a load run, shared by the closed-loop and fixed-rate drivers; tallies of several
/// runs of one scenario combine into one result.</summary>
internal sealed class LoadTally
{
    private readonly LatencyRecorder _latency = new();
    private long _rows;
    private long _operations;
    private long _errors;
    private string? _firstError;

    /// <summary>Total length of the measurement windows, set by the driver when a run ends.</summary>
    public TimeSpan Window { get; set; }

    public static LoadTally Combine(IEnumerable<LoadTally> parts)
    {
        var combined = new LoadTally();
        foreach (var part in parts)
        {
            combined._rows += part._rows;
            combined._operations += part._operations;
            combined._errors += part._errors;
            combined._firstError ??= part._firstError;
            combined._latency.AddAll(part._latency);
            combined.Window += part.Window;
        }

        return combined;
    }

    /// <summary>One operation that finished inside the measurement window.</summary>
    public void Completed(int rows, long latencyStopwatchTicks)
    {
        Interlocked.Add(ref _rows, rows);
        Interlocked.Increment(ref _operations);
        _latency.Record(latencyStopwatchTicks);
    }

    /// <summary>Any failed operation, warm-up included: a benchmark that errors measures nothing useful.</summary>
    public void Failed(Exception exception)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, $"{exception.GetType().Name}: {exception.Message}", null);
    }

    public LoadResult ToResult() =>
        new(Interlocked.Read(ref _rows), Interlocked.Read(ref _operations), Interlocked.Read(ref _errors), Window, _latency.Summarize(), _firstError);
}
