using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Tests.Data;
using Feedback.Ml.Transforms;

namespace Feedback.Ml.Tests.Transforms;

public sealed class FeatureTransformTests
{
    private static TabularData Train() => Build(
        TestSchemas.Row(10, "DE", "cheap flight", true),
        TestSchemas.Row(20, "DE", "cheap hotel", false),
        TestSchemas.Row(30, "FR", null, null),
        TestSchemas.Row(40, "IT", "flight", true));

    private static TabularData Build(params Dictionary<string, object?>[] rows)
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed());
        foreach (var row in rows)
        {
            builder.Add(row);
        }

        return builder.Build();
    }

    private static Dictionary<string, float> Row(FeatureMatrix matrix, int row)
    {
        var result = new Dictionary<string, float>();
        var indices = matrix.RowIndices(row);
        var values = matrix.RowValues(row);
        for (var i = 0; i < indices.Length; i++)
        {
            result[matrix.ColumnNames[indices[i]]] = values[i];
        }

        return result;
    }

    [Fact]
    public void Apply_Standardize_UsesTrainingMeanAndPopulationStd()
    {
        var transform = new FeatureTransformEstimator().Fit(Train());

        var matrix = transform.Apply(Build(TestSchemas.Row(35, "DE", null, null), TestSchemas.Row(null, "DE", null, null)));

        // Mean 25, population std sqrt(125) = 11.1803…
        Row(matrix, 0)["amount"].ShouldBe((float)(10 / Math.Sqrt(125)), 1e-6f);
        Row(matrix, 1).ContainsKey("amount").ShouldBeFalse("a missing value is imputed to the mean, i.e. 0 after scaling");
    }

    [Fact]
    public void Apply_QuantileBuckets_OneHotByTrainingQuantiles()
    {
        var options = new FeatureTransformOptions { Numeric = NumericEncoding.QuantileBuckets, QuantileBuckets = 4 };
        var transform = new FeatureTransformEstimator(options).Fit(Train());

        var matrix = transform.Apply(Build(
            TestSchemas.Row(5, null, null, null), TestSchemas.Row(17.5, null, null, null), TestSchemas.Row(25, null, null, null),
            TestSchemas.Row(99, null, null, null), TestSchemas.Row(null, null, null, null)));

        // Edges at the 25/50/75 % quantiles of 10,20,30,40 (linear interpolation): 17.5, 25, 32.5.
        transform.ColumnNames.Take(4).ShouldBe(["amount#q0", "amount#q1", "amount#q2", "amount#q3"]);
        string[] expected = ["amount#q0", "amount#q1", "amount#q2", "amount#q3", "amount#q2"];
        for (var row = 0; row < expected.Length; row++)
        {
            Row(matrix, row).Keys.Where(k => k.StartsWith("amount", StringComparison.Ordinal)).ShouldBe([expected[row]], $"row {row}");
        }
    }

    [Fact]
    public void Apply_Categorical_UnseenAndMissingGoToOovColumn()
    {
        var transform = new FeatureTransformEstimator().Fit(Train());

        var matrix = transform.Apply(Build(TestSchemas.Row(1, "FR", null, null), TestSchemas.Row(1, "US", null, null), TestSchemas.Row(1, null, null, null)));

        Row(matrix, 0).ShouldContainKeyAndValue("country=FR", 1f);
        Row(matrix, 1).ShouldContainKeyAndValue("country=<oov>", 1f);
        Row(matrix, 2).ShouldContainKeyAndValue("country=<oov>", 1f);
    }

    [Fact]
    public void Fit_CategoricalTopKAndMinFrequency_KeepMostFrequent()
    {
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { CategoricalTopK = 1, CategoricalMinFrequency = 2 }).Fit(Train());

        transform.ColumnNames.Where(n => n.StartsWith("country", StringComparison.Ordinal)).ShouldBe(["country=DE", "country=<oov>"]);
    }

    [Fact]
    public void Fit_SliceOnlyAndIdColumns_AreNotTransformed()
    {
        var transform = new FeatureTransformEstimator().Fit(Train());

        transform.ColumnNames.ShouldNotContain(n => n.StartsWith("region", StringComparison.Ordinal) || n.StartsWith("id", StringComparison.Ordinal));
        transform.ColumnNames.ShouldContain("premium");
    }

    [Fact]
    public void Apply_Boolean_TrueIsOneElseAbsent()
    {
        var transform = new FeatureTransformEstimator().Fit(Train());

        var matrix = transform.Apply(Build(TestSchemas.Row(1, null, null, true), TestSchemas.Row(1, null, null, false), TestSchemas.Row(1, null, null, null)));

        Row(matrix, 0)["premium"].ShouldBe(1f);
        Row(matrix, 1).ContainsKey("premium").ShouldBeFalse();
        Row(matrix, 2).ContainsKey("premium").ShouldBeFalse();
    }

    [Fact]
    public void TransformRow_MatchesBatchApplyExactly()
    {
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { NumericOverrides = new Dictionary<string, NumericEncoding> { ["amount"] = NumericEncoding.QuantileBuckets } }).Fit(Train());
        var raw = TestSchemas.Row(23, "IT", "Cheap FLIGHT to Rome", true);

        var batch = transform.Apply(Build(raw));
        var single = transform.TransformRow(raw);

        single.RowIndices(0).ToArray().ShouldBe(batch.RowIndices(0).ToArray());
        single.RowValues(0).ToArray().ShouldBe(batch.RowValues(0).ToArray());
    }

    [Fact]
    public void TransformRow_WrongType_ThrowsNamingColumn() =>
        Should.Throw<TabularDataException>(() => new FeatureTransformEstimator().Fit(Train()).TransformRow(new Dictionary<string, object?> { ["premium"] = "maybe" }))
            .Column.ShouldBe("premium");

    [Fact]
    public void SaveLoad_RoundTripsEncodings()
    {
        var transform = new FeatureTransformEstimator(new FeatureTransformOptions { TextHashBits = 10 }).Fit(Train());
        var stream = new MemoryStream();
        transform.Save(new BinaryWriter(stream));
        stream.Position = 0;

        var loaded = FittedTransform.Load(new BinaryReader(stream), transform.Schema);

        var data = Build(TestSchemas.Row(12, "FR", "cheap unknown flight", false), TestSchemas.Row(null, "XX", "", true));
        var a = transform.Apply(data);
        var b = loaded.Apply(data);
        b.ColumnNames.ShouldBe(a.ColumnNames);
        b.Indices.ShouldBe(a.Indices);
        b.Values.ShouldBe(a.Values);
    }

    [Fact]
    public void Apply_MissingFittedColumn_Throws()
    {
        var transform = new FeatureTransformEstimator().Fit(Train());
        var other = new TabularDataBuilder(new FeatureSchema([new FeatureSpec("amount", FeatureType.Numeric)])).Build();

        Should.Throw<ArgumentException>(() => transform.Apply(other)).Message.ShouldContain("'country'");
    }

    [Fact]
    public void Options_InvalidValue_ThrowsNamingOption() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new FeatureTransformOptions { TextHashBits = 30 })
            .Message.ShouldContain("TextHashBits must be from 4 to 24, was 30.");

    [Fact]
    public void Fit_EmptyData_Throws() =>
        Should.Throw<ArgumentException>(() => new FeatureTransformEstimator().Fit(new TabularDataBuilder(TestSchemas.Mixed()).Build()));
}
