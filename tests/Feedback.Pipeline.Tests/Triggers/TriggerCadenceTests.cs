using Feedback.Pipeline.Triggers;
using Feedback.Testing;

namespace Feedback.Pipeline.Tests.Triggers;

public sealed class TriggerCadenceTests
{
    [Fact]
    public void TryStart_WithinTheCadence_SkipsTheModel_UntilItHasPassed()
    {
        var clock = new FastClock();
        var cadence = new TriggerCadence(clock);

        cadence.TryStart(1, TimeSpan.FromMinutes(10)).ShouldBeTrue();
        cadence.TryStart(1, TimeSpan.FromMinutes(10)).ShouldBeFalse();
        cadence.TryStart(2, TimeSpan.FromMinutes(10)).ShouldBeTrue("each model has its own cadence");
        clock.Advance(TimeSpan.FromMinutes(10));
        cadence.TryStart(1, TimeSpan.FromMinutes(10)).ShouldBeTrue();
    }

    [Fact]
    public void TryStart_WithoutACadence_EvaluatesOnEveryTick()
    {
        var cadence = new TriggerCadence(new FastClock());

        cadence.TryStart(1, null).ShouldBeTrue();
        cadence.TryStart(1, null).ShouldBeTrue();
    }
}
