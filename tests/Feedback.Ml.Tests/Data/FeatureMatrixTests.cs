using Feedback.Ml.Data;

namespace Feedback.Ml.Tests.Data;

public sealed class FeatureMatrixTests
{
    [Fact]
    public void RowSpans_ReturnEachRowsEntries()
    {
        var matrix = new FeatureMatrix([0, 2, 2, 3], [0, 3, 1], [1f, 2f, 3f], ["a", "b", "c", "d"]);

        matrix.RowCount.ShouldBe(3);
        matrix.RowIndices(0).ToArray().ShouldBe([0, 3]);
        matrix.RowValues(1).Length.ShouldBe(0);
        matrix.RowValues(2).ToArray().ShouldBe([3f]);
    }

    [Fact]
    public void Constructor_InconsistentArrays_Throws() =>
        Should.Throw<ArgumentException>(() => new FeatureMatrix([0, 2], [0], [1f], ["a"]));
}
