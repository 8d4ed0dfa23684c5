using Feedback.Core.Serving;

namespace Feedback.Core.Tests.Serving;

public sealed class ExplorationSamplerTests
{
    private static readonly string[] Ids = Enumerable.Range(0, 20_000).Select(i => $"0192f3a0-0000-7000-8000-{i:D12}").ToArray();

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void IsExploration_FlagsAboutTheShare(double share)
    {
        var flagged = Ids.Count(id => ExplorationSampler.IsExploration(id, share));

        // 20,000 draws: the standard error is at most 0.0036, so ±0.015 is over four of them.
        ((double)flagged / Ids.Length).ShouldBe(share, 0.015);
    }

    [Fact]
    public void IsExploration_IsDecidedByTheTrackingIdAlone()
    {
        var first = Ids.Select(id => ExplorationSampler.IsExploration(id, 0.3)).ToArray();
        var second = Ids.Select(id => ExplorationSampler.IsExploration(new string(id.AsSpan()), 0.3)).ToArray();

        second.ShouldBe(first);
    }

    [Fact]
    public void IsExploration_ALargerShareKeepsEveryIdOfASmallerOne()
    {
        var small = Ids.Where(id => ExplorationSampler.IsExploration(id, 0.1)).ToList();

        small.ShouldAllBe(id => ExplorationSampler.IsExploration(id, 0.3));
    }

    [Fact]
    public void IsExploration_ZeroShare_FlagsNothing_AndFullShareFlagsEverything()
    {
        Ids.ShouldAllBe(id => !ExplorationSampler.IsExploration(id, 0));
        Ids.ShouldAllBe(id => ExplorationSampler.IsExploration(id, 1));
    }
}
