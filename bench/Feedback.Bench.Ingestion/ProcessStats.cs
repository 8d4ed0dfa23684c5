using System.Diagnostics;

namespace Feedback.Bench.Ingestion;

/// <summary>A snapshot of this process's CPU time, allocations and GC pauses (client and server together).</summary>
internal readonly record struct ProcessStats(TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPause, int Gen2Collections, long Timestamp)
{
    public static ProcessStats Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessStats(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), GC.CollectionCount(2), Stopwatch.GetTimestamp());
    }

    public static ProcessUsage operator -(ProcessStats end, ProcessStats start) => new(
        end.Cpu - start.Cpu, end.AllocatedBytes - start.AllocatedBytes, end.GcPause - start.GcPause,
        end.Gen2Collections - start.Gen2Collections, Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp));
}

/// <summary>What this process used over some wall time, to tell from the progress lines whether a scenario was bound
/// by this process's CPU or stalled by the collector.</summary>
internal readonly record struct ProcessUsage(TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPause, int Gen2Collections, TimeSpan Wall)
{
    public static ProcessUsage operator +(ProcessUsage a, ProcessUsage b) => new(
        a.Cpu + b.Cpu, a.AllocatedBytes + b.AllocatedBytes, a.GcPause + b.GcPause, a.Gen2Collections + b.Gen2Collections, a.Wall + b.Wall);

    public override string ToString() => Wall <= TimeSpan.Zero ? "no usage" : FormattableString.Invariant(
        $"process: {Cpu / Wall:0.00} cores, {AllocatedBytes / Wall.TotalSeconds / 1e6:0} MB/s allocated, GC pauses {GcPause.TotalMilliseconds:0} ms, {Gen2Collections} gen2");
}
