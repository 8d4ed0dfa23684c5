namespace Feedback.Bench.Ingestion;

/// <summary>What one load run measured: rows and operations completed inside the measurement window.</summary>
internal sealed record LoadResult(long Rows, long Operations, long Errors, TimeSpan Window, LatencySummary Latency, string? FirstError)
{
    public double RowsPerSecond => Window > TimeSpan.Zero ? Rows / Window.TotalSeconds : 0;

    public double OperationsPerSecond => Window > TimeSpan.Zero ? Operations / Window.TotalSeconds : 0;
}

/// <summary>Thread-safe counters of a load run, shared by the closed-loop and fixed-rate drivers.</summary>
internal sealed class LoadTally
{
    private readonly LatencyRecorder _latency = new();
    private long _rows;
    private long _operations;
    private long _errors;
    private string? _firstError;

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

    public LoadResult ToResult(TimeSpan window) =>
        new(Interlocked.Read(ref _rows), Interlocked.Read(ref _operations), Interlocked.Read(ref _errors), window, _latency.Summarize(), _firstError);
}
