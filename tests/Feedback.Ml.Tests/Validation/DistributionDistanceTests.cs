using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class DistributionDistanceTests
{
    [Fact]
    public void LInfinity_ReturnsLargestDifferenceAndItsBin()
    {
        // |0.5-0.35| = 0.15, |0.3-0.3| = 0, |0.2-0.25| = 0.05, |0-0.1| = 0.1.
        var distance = DistributionDistance.LInfinity([0.5, 0.3, 0.2, 0], [0.35, 0.3, 0.25, 0.1], out var index);

        distance.ShouldBe(0.15, 1e-12);
        index.ShouldBe(0);
    }

    [Fact]
    public void JensenShannon_MatchesHandComputedValue()
    {
        // m = [0.75, 0.25]; KL(p||m) = 0.5·log2(0.5/0.75) + 0.5·log2(0.5/0.25) = -0.2924813 + 0.5 = 0.2075187;
        // KL(q||m) = 1·log2(1/0.75) = 0.4150375; JSD = (0.2075187 + 0.4150375) / 2 = 0.3112781
        // (SciPy agrees: jensenshannon([.5, .5], [1, 0], base=2) ** 2 = 0.3112781).
        DistributionDistance.JensenShannon([0.5, 0.5], [1, 0]).ShouldBe(0.3112781, 1e-7);
    }

    [Fact]
    public void JensenShannon_DisjointAndIdentical_AreOneAndZero()
    {
        DistributionDistance.JensenShannon([1, 0], [0, 1]).ShouldBe(1, 1e-12);
        DistributionDistance.JensenShannon([0.2, 0.8], [0.2, 0.8]).ShouldBe(0, 1e-12);
    }

    [Fact]
    public void PopulationStability_MatchesHandComputedValue()
    {
        // (0.4-0.5)·ln(0.4/0.5) + (0.6-0.5)·ln(0.6/0.5) = 0.1·0.2231436 + 0.1·0.1823216 = 0.0405465.
        DistributionDistance.PopulationStability([0.5, 0.5], [0.4, 0.6], 1e-4).ShouldBe(0.0405465, 1e-7);
    }

    [Fact]
    public void PopulationStability_EmptyBin_UsesEpsilon()
    {
        // The empty baseline bin becomes 1e-4: (0.5-1)·ln(0.5/1) + (0.5-0.0001)·ln(0.5/0.0001)
        // = 0.3465736 + 0.4999·8.5171932 = 0.3465736 + 4.2577449 = 4.6043185.
        DistributionDistance.PopulationStability([1, 0], [0.5, 0.5], 1e-4).ShouldBe(4.6043185, 1e-6);
    }

    [Fact]
    public void Distances_MisalignedBins_Throw() =>
        Should.Throw<ArgumentException>(() => DistributionDistance.JensenShannon([1.0], [0.5, 0.5]));
}
