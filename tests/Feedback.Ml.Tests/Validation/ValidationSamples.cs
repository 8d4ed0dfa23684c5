using Feedback.Ml.Schema;
using Feedback.Ml.Validation;

namespace Feedback.Ml.Tests.Validation;

/// <summary>Small hand-checkable data sets shared by the validation tests.</summary>
internal static class ValidationSamples
{
    public static readonly FeatureSchema Schema = new(
    [
        new FeatureSpec("amount", FeatureType.Numeric),
        new FeatureSpec("country", FeatureType.Categorical),
        new FeatureSpec("comment", FeatureType.Text),
        new FeatureSpec("promo", FeatureType.Boolean),
    ]);

    public static readonly FeatureSpec Label = new("clicked", FeatureType.Categorical);

    /// <summary>Eight rows: amount 0..4 with a null, an "abc" and an absent value; country DE×3, FR, US and a
    /// null; three comments; promo true, "false", 1, 0, "maybe"; label yes×5, no×2, one absent.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows() =>
    [
        Row(("amount", 0.0), ("country", "DE"), ("comment", "Great product"), ("promo", true), ("clicked", "yes")),
        Row(("amount", 1), ("country", "DE"), ("comment", "great, GREAT!"), ("promo", "false"), ("clicked", "yes")),
        Row(("amount", 2L), ("country", "FR"), ("comment", ""), ("promo", 1), ("clicked", "no")),
        Row(("amount", 3f), ("country", "US"), ("promo", 0), ("clicked", "yes")),
        Row(("amount", "4"), ("country", "DE"), ("promo", "maybe"), ("clicked", "no")),
        Row(("amount", null), ("country", null), ("clicked", "yes")),
        Row(("amount", "abc"), ("clicked", "yes")),
        Row(("country", "DE")),
    ];

    public static DatasetStatistics Statistics(StatisticsOptions? options = null)
    {
        var accumulator = new StatisticsAccumulator(Schema, Label, options);
        foreach (var row in Rows())
        {
            accumulator.AddRow(row);
        }

        return accumulator.ToStatistics("train");
    }

    public static IReadOnlyDictionary<string, object?> Row(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    /// <summary>Statistics of one feature fed the given values (null = missing).</summary>
    public static DatasetStatistics Single(FeatureSpec feature, IEnumerable<object?> values, string split = "train", StatisticsOptions? options = null)
    {
        var accumulator = new StatisticsAccumulator(new FeatureSchema([feature]), null, options);
        foreach (var value in values)
        {
            accumulator.AddRow([value]);
        }

        return accumulator.ToStatistics(split);
    }
}
