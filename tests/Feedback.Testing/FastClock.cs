namespace Feedback.Testing;

/// <summary>The system clock moved forward on demand: timers and delays keep real time, while everything that reads
/// the time (served-at defaults, windows, cooldowns, cadences) sees hours pass in a moment.</summary>
public sealed class FastClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
