using Feedback.Core;
using Feedback.Pipeline.Data;

namespace Feedback.Pipeline.Tests.Data;

public sealed class SubjectWeightCapTests
{
    private static readonly AbuseOptions Cap = new() { MaxSubjectShare = 0.05, MinCappedExamples = 3 };

    [Fact]
    public void OneSubjectWithAThousandExamples_CarriesAtMostItsShareOfTheWeight()
    {
        var rows = new List<SnapshotRow>();
        var subjects = new List<string?>();
        for (var i = 0; i < 1000; i++)
        {
            rows.Add(Row($"spam-{i}", "yes"));
            subjects.Add("spammer");
        }

        for (var i = 0; i < 200; i++)
        {
            rows.Add(Row($"honest-{i}", i % 2 == 0 ? "yes" : "no"));
            subjects.Add($"user-{i}");
        }

        var capped = SubjectWeightCap.Apply(rows, subjects, Cap);

        var spam = capped.Take(1000).Sum(r => r.Weight);
        var total = capped.Sum(r => r.Weight);
        (spam / total).ShouldBe(0.05, 1e-9);
        capped.Skip(1000).ShouldAllBe(r => r.Weight == 1, "honest subjects keep their weight");
    }

    [Fact]
    public void SubjectsUnderTheCap_AreUntouched()
    {
        var rows = Enumerable.Range(0, 100).Select(i => Row($"t{i}", "yes")).ToList();
        var subjects = Enumerable.Range(0, 100).Select(i => (string?)$"u{i % 50}").ToList();

        SubjectWeightCap.Apply(rows, subjects, Cap).ShouldBeSameAs(rows);
    }

    private static SnapshotRow Row(string trackingId, string label) =>
        new(trackingId, Snapshot.Train, label, 1, "correction", [], new Dictionary<string, object?>());
}
