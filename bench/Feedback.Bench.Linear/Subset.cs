using Feedback.Ml.Data;
using Feedback.Ml.Training;

namespace Feedback.Bench.Linear;

internal static class Subset
{
    public static TrainingSet FirstRows(TrainingSet set, int rows)
    {
        var x = set.Features;
        var end = x.RowOffsets[rows];
        return new TrainingSet(
            new FeatureMatrix(x.RowOffsets[..(rows + 1)], x.Indices[..end], x.Values[..end], x.ColumnNames),
            set.Labels[..rows],
            set.Task,
            set.ClassCount);
    }
}
