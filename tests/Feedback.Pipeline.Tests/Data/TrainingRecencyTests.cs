using Feedback.Core.Models;
using Feedback.Pipeline.Data;

namespace Feedback.Pipeline.Tests.Data;

public sealed class TrainingRecencyTests
{
    private static readonly DateTimeOffset Newest = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_RecentExamples_KeepsTheNewestAndTheGoldenSet()
    {
        var rows = Rows(10);

        var kept = TrainingRecency.Apply(rows, RecencySettings.None with { RecentExamples = 3 }, new HashSet<string>(["t0"]));

        kept.Select(r => r.TrackingId).ShouldBe(["t0", "t7", "t8", "t9"], "tracking-ID order, the golden t0 kept");
    }

    [Fact]
    public void Apply_HalfLife_HalvesWeightPerHalfLifeBeforeTheNewestExample()
    {
        var rows = Rows(3);

        var kept = TrainingRecency.Apply(rows, RecencySettings.None with { HalfLife = TimeSpan.FromHours(1) }, new HashSet<string>());

        kept.Select(r => r.Weight).ShouldBe([0.25, 0.5, 1.0]);
    }

    [Fact]
    public void Apply_HalfLife_DependsOnTheExamplesNotTheClock()
    {
        var settings = RecencySettings.None with { HalfLife = TimeSpan.FromHours(6), RecentEvalShare = 0.2 };

        var once = new Snapshot(TrainingRecency.Apply(Rows(20), settings, new HashSet<string>())).ToBytes();
        var again = new Snapshot(TrainingRecency.Apply(Rows(20), settings, new HashSet<string>())).ToBytes();

        again.ShouldBe(once);
    }

    [Fact]
    public void Apply_RecentEvalShare_HoldsTheNewestOutOfTraining()
    {
        var kept = TrainingRecency.Apply(Rows(10), RecencySettings.None with { RecentEvalShare = 0.2 }, new HashSet<string>());

        kept.Where(r => r.Split == Snapshot.Recent).Select(r => r.TrackingId).ShouldBe(["t8", "t9"]);
        kept.Count.ShouldBe(10);
    }

    // t0 is the oldest, one hour apart, t{n-1} is the newest.
    private static List<SnapshotRow> Rows(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new SnapshotRow($"t{i}", Snapshot.Train, "yes", 1, "correction", [], new Dictionary<string, object?> { ["x"] = (double)i })
        {
            ServedAt = Newest - TimeSpan.FromHours(count - 1 - i),
        })];
}
