using Feedback.Core.Annotation;

namespace Feedback.Core.Tests.Annotation;

public sealed class AgreementStatisticsTests
{
    [Fact]
    public void FleissKappa_ClassicTableFromFleiss1971_Is0210()
    {
        // 10 subjects, 14 raters, 5 categories (Fleiss 1971; the worked example on Wikipedia's "Fleiss' kappa").
        int[][] table =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];

        var kappa = AgreementStatistics.FleissKappa([.. table.Select(r => (IReadOnlyList<int>)r)]);

        kappa!.Value.ShouldBe(0.210, 0.0005, "P̄ = 0.378, P̄e = 0.213, κ = (0.378 − 0.213) / (1 − 0.213)");
    }

    [Fact]
    public void KrippendorffAlphaNominal_WorkedExampleFromKrippendorff2011_Is0743()
    {
        // "Computing Krippendorff's Alpha-Reliability" (2011), 4 observers × 12 units with missing values; unit 12 is unpairable.
        string[][] units =
        [
            ["1", "1", "1"], ["2", "2", "3", "2"], ["3", "3", "3", "3"], ["3", "3", "3", "3"], ["2", "2", "2", "2"], ["1", "2", "3", "4"],
            ["4", "4", "4", "4"], ["1", "1", "2", "1"], ["2", "2", "2", "2"], ["5", "5", "5"], ["1", "1"], ["3"],
        ];

        var alpha = AgreementStatistics.KrippendorffAlphaNominal(units);

        alpha!.Value.ShouldBe(0.743, 0.0005);
    }

    [Fact]
    public void KrippendorffAlphaNominal_PerfectAgreementIsOne_AndNoPairableValuesIsUndefined()
    {
        AgreementStatistics.KrippendorffAlphaNominal([["a", "a"], ["b", "b", "b"]]).ShouldBe(1.0);
        AgreementStatistics.KrippendorffAlphaNominal([["a"], ["b"]]).ShouldBeNull();
    }

    [Fact]
    public void CohensKappa_TwoByTwoHandExample_Is04()
    {
        // 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 → po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5.
        var pairs = Enumerable.Repeat(("yes", "yes"), 20).Concat(Enumerable.Repeat(("yes", "no"), 5))
            .Concat(Enumerable.Repeat(("no", "yes"), 10)).Concat(Enumerable.Repeat(("no", "no"), 15)).ToList();

        AgreementStatistics.CohensKappa(pairs)!.Value.ShouldBe(0.4, 1e-12);
    }

    [Fact]
    public void AverageCohensKappa_AveragesEveryPairOfRatersOverSharedUnits()
    {
        IReadOnlyDictionary<string, string>[] units =
        [
            Unit(("a", "x"), ("b", "x"), ("c", "y")),
            Unit(("a", "y"), ("b", "y"), ("c", "y")),
            Unit(("a", "x"), ("b", "x"), ("c", "x")),
            Unit(("a", "y"), ("b", "y")),
        ];

        // a–b agree on all 4 (κ = 1); a–c and b–c share 3 units: po = 2/3, pe = 2/3·1/3 + 1/3·2/3 = 4/9 → κ = 0.4.
        AgreementStatistics.AverageCohensKappa(units)!.Value.ShouldBe((1 + 0.4 + 0.4) / 3, 1e-12);
    }

    [Fact]
    public void PercentAgreement_IsTheMeanShareOfAgreeingPairs()
    {
        IReadOnlyDictionary<string, string>[] units = [Unit(("a", "x"), ("b", "x"), ("c", "y")), Unit(("a", "x"), ("b", "x")), Unit(("a", "z"))];

        AgreementStatistics.PercentAgreement(units)!.Value.ShouldBe(((1.0 / 3) + 1) / 2, 1e-12, "unit 1: 1 of 3 pairs; unit 2: 1 of 1; unit 3 has one rater");
    }

    private static Dictionary<string, string> Unit(params (string Rater, string Label)[] answers) =>
        answers.ToDictionary(a => a.Rater, a => a.Label, StringComparer.Ordinal);
}
