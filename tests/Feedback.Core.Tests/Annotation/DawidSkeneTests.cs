using Feedback.Core.Annotation;

namespace Feedback.Core.Tests.Annotation;

public sealed class DawidSkeneTests
{
    private const int Classes = 3;

    [Fact]
    public void Fit_SimulatedCrowdWithRandomAndAdversarialAnnotators_BeatsMajorityVoteAndLearnsTheirConfusion()
    {
        var (truth, labels, annotators) = SimulateCrowd(items: 300, seed: 7);

        var result = DawidSkene.Fit(truth.Length, annotators, Classes, labels);
        var majority = MajorityLabels(truth.Length, labels);

        var dsAccuracy = Accuracy(result.Labels, truth);
        var mvAccuracy = Accuracy(majority, truth);
        dsAccuracy.ShouldBeGreaterThan(mvAccuracy + 0.05, $"DS {dsAccuracy:F3} vs MV {mvAccuracy:F3}: DS should turn the adversaries' consistent flips into evidence");
        dsAccuracy.ShouldBeGreaterThan(0.95);
        result.Converged.ShouldBeTrue();
        for (var k = 0; k < Classes; k++)
        {
            result.Confusion[0][k, k].ShouldBeGreaterThan(0.75, "annotator 0 is 85% accurate");
            result.Confusion[5][k, (k + 1) % Classes].ShouldBeGreaterThan(0.8, "annotator 5 answers (true + 1) mod 3 nine times in ten");
            result.Confusion[3][k, k].ShouldBeInRange(0.15, 0.55, "annotator 3 answers at random");
        }
    }

    [Fact]
    public void Fit_WithGold_PinsGoldItemsToTheirKnownClass()
    {
        ClassLabel[] labels = [new(0, 0, 1), new(0, 1, 1), new(1, 0, 0), new(1, 1, 0)];

        var result = DawidSkene.Fit(2, 2, 2, labels, gold: new Dictionary<int, int> { [0] = 0 });

        result.Labels[0].ShouldBe(0, "a gold item keeps its known class whatever annotators said");
        result.Confidence[0].ShouldBe(1.0);
    }

    [Fact]
    public void Fit_StopsAtTheIterationCap()
    {
        var (truth, labels, annotators) = SimulateCrowd(items: 50, seed: 3);

        var result = DawidSkene.Fit(truth.Length, annotators, Classes, labels, tolerance: 1e-15, maxIterations: 2);

        result.Iterations.ShouldBe(2);
        result.Converged.ShouldBeFalse();
    }

    /// <summary>Annotators 0–2 are good (85%), 3–4 answer at random, 5–6 are adversarial: (true + 1) mod 3, 90% of the time.</summary>
    private static (int[] Truth, List<ClassLabel> Labels, int Annotators) SimulateCrowd(int items, int seed)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, items).Select(_ => random.Next(Classes)).ToArray();
        var labels = new List<ClassLabel>();
        for (var i = 0; i < items; i++)
        {
            for (var j = 0; j < 7; j++)
            {
                var given = j switch
                {
                    < 3 => random.NextDouble() < 0.85 ? truth[i] : (truth[i] + 1 + random.Next(Classes - 1)) % Classes,
                    < 5 => random.Next(Classes),
                    _ => random.NextDouble() < 0.9 ? (truth[i] + 1) % Classes : random.Next(Classes),
                };
                labels.Add(new ClassLabel(i, j, given));
            }
        }

        return (truth, labels, 7);
    }

    private static int[] MajorityLabels(int items, List<ClassLabel> labels) =>
        [.. Enumerable.Range(0, items).Select(i => labels.Where(l => l.Item == i).GroupBy(l => l.Class).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key)];

    private static double Accuracy(int[] predicted, int[] truth) => predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
}
