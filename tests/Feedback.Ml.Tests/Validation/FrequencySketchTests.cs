using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

public sealed class FrequencySketchTests
{
    [Fact]
    public void Top_UnderCapacity_IsExact()
    {
        var sketch = new FrequencySketch(10);
        foreach (var value in "b a c a b a".Split(' '))
        {
            sketch.Add(value);
        }

        sketch.IsExact.ShouldBeTrue();
        sketch.DistinctCount.ShouldBe(3);
        sketch.Top(2).ShouldBe([new ValueCount("a", 3), new ValueCount("b", 2)]);
    }

    [Fact]
    public void Add_PastCapacity_KeepsHeavyHittersWithinUndercountBound()
    {
        // 3 heavy values (2,000 each) in a stream of 20,000 rare values: far more than the 100 tracked.
        const int tracked = 100;
        var sketch = new FrequencySketch(tracked);
        var truth = new Dictionary<string, long>();
        var random = new Random(5);
        for (var i = 0; i < 26_000; i++)
        {
            var value = i % 13 < 3 ? $"heavy{i % 13}" : $"rare{random.Next(20_000)}";
            sketch.Add(value);
            truth[value] = truth.GetValueOrDefault(value) + 1;
        }

        sketch.IsExact.ShouldBeFalse();
        sketch.MaxUndercount.ShouldBeLessThanOrEqualTo(26_000 / ((tracked / 2) + 1), "Misra-Gries bound N/(m+1)");
        var top = sketch.Top(3);
        top.Select(v => v.Value).Order().ShouldBe(["heavy0", "heavy1", "heavy2"]);
        foreach (var value in top)
        {
            value.Count.ShouldBeLessThanOrEqualTo(truth[value.Value]);
            value.Count.ShouldBeGreaterThanOrEqualTo(truth[value.Value] - sketch.MaxUndercount);
        }

        // HyperLogLog: well within 5 standard errors of the true distinct count.
        var distinct = truth.Count;
        ((double)Math.Abs(sketch.DistinctCount - distinct)).ShouldBeLessThan(5 * DistinctCounter.StandardError * distinct);
    }

    [Fact]
    public void Merge_ExactParts_EqualsSinglePass()
    {
        var single = new FrequencySketch(50);
        var parts = new[] { new FrequencySketch(50), new FrequencySketch(50), new FrequencySketch(50) };
        for (var i = 0; i < 300; i++)
        {
            var value = $"v{i * i % 17}";
            single.Add(value);
            parts[i % 3].Add(value);
        }

        parts[0].Merge(parts[1]);
        parts[0].Merge(parts[2]);

        parts[0].TotalCount.ShouldBe(300);
        parts[0].Top(50).ShouldBe(single.Top(50));
        parts[0].DistinctCount.ShouldBe(single.DistinctCount);
    }

    [Fact]
    public void Merge_UnionPastCapacity_SwitchesToEstimatesAndKeepsBound()
    {
        var a = new FrequencySketch(10);
        var b = new FrequencySketch(10);
        for (var i = 0; i < 8; i++)
        {
            a.Add($"a{i}", 5);
            b.Add($"b{i}", 1);
        }

        a.Add("shared", 100);
        b.Add("shared", 100);

        a.Merge(b);

        a.IsExact.ShouldBeFalse();
        a.TotalCount.ShouldBe(248);
        a.Top(1).ShouldBe([new ValueCount("shared", 200 - a.MaxUndercount)]);
        a.DistinctCount.ShouldBe(17);
    }
}
