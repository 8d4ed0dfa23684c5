using Feedback.Ml.Data;
using Feedback.Ml.Schema;
using Feedback.Ml.Training;

namespace Feedback.Ml.Tests.Data;

public sealed class TabularDataBuilderTests
{
    [Fact]
    public void Build_StoresTypedColumnsWithMissingMarkers()
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());
        builder.Add(TestSchemas.Row(12.5, "DE", "hello", true, "fraud"));
        builder.Add(TestSchemas.Row(null, null, null, null, "ok"));
        builder.Add(TestSchemas.Row(3, "FR", "x", false, "fraud"));

        var data = builder.Build();

        data.RowCount.ShouldBe(3);
        ((NumericColumn)data["amount"]).Values.ToArray().ShouldBe([12.5, double.NaN, 3.0]);
        var country = (CategoricalColumn)data["country"];
        country.Codes.ToArray().ShouldBe([0, -1, 1]);
        country.Dictionary.ShouldBe(["DE", "FR"]);
        ((TextColumn)data["note"]).Values.ToArray().ShouldBe(["hello", null, "x"]);
        ((BooleanColumn)data["premium"]).Values.ToArray().ShouldBe([(sbyte)1, (sbyte)-1, (sbyte)0]);
        data.Labels.ShouldBe([1.0, 0.0, 1.0]);
        data.Weights.ShouldBeNull("no weight column was defined");
    }

    [Fact]
    public void Add_WrongTypeInCell_ThrowsNamingRowAndColumn()
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());
        builder.Add(TestSchemas.Row(1, "DE", null, null, "ok"));

        var ex = Should.Throw<TabularDataException>(() => builder.Add(new Dictionary<string, object?> { ["amount"] = "12 euros", ["label"] = "ok" }));

        ex.Row.ShouldBe(2);
        ex.Column.ShouldBe("amount");
        ex.Message.ShouldContain("'12 euros' is not a number");
    }

    [Fact]
    public void Add_UnknownLabelClass_ThrowsNamingTheClasses()
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());

        var ex = Should.Throw<TabularDataException>(() => builder.Add(TestSchemas.Row(1, "DE", null, null, "maybe")));

        ex.Column.ShouldBe("label");
        ex.Message.ShouldContain("'maybe' is not one of the label classes (ok, fraud)");
    }

    [Fact]
    public void Add_BadRow_LeavesBuilderConsistent()
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());
        builder.Add(TestSchemas.Row(1, "DE", "a", true, "ok"));
        Should.Throw<TabularDataException>(() => builder.Add(TestSchemas.Row(2, "FR", "b", true, "nope")));
        builder.Add(TestSchemas.Row(3, "IT", "c", false, "fraud"));

        var data = builder.Build();

        data.RowCount.ShouldBe(2);
        ((NumericColumn)data["amount"]).Values.ToArray().ShouldBe([1.0, 3.0]);
        ((CategoricalColumn)data["country"]).ValueAt(1).ShouldBe("IT");
    }

    [Fact]
    public void Add_MissingRequiredFeature_Throws()
    {
        var schema = new FeatureSchema([new FeatureSpec("x", FeatureType.Numeric)]);
        var builder = new TabularDataBuilder(schema);

        Should.Throw<TabularDataException>(() => builder.Add(new Dictionary<string, object?>()))
            .Message.ShouldBe("Row 1, column 'x': a value is required.");
    }

    [Fact]
    public void Add_NegativeWeight_Throws()
    {
        var schema = new FeatureSchema([new FeatureSpec("x", FeatureType.Numeric)]);
        var builder = new TabularDataBuilder(schema, new LabelDefinition("y", TaskKind.Regression, weightColumn: "w"));

        Should.Throw<TabularDataException>(() => builder.Add(new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2, ["w"] = -1 }))
            .Column.ShouldBe("w");
    }

    [Fact]
    public async Task BuildAsync_ReadsRowsFromAsyncStream()
    {
        var data = await TabularDataBuilder.BuildAsync(Rows(), TestSchemas.Mixed(), TestSchemas.FraudLabel());

        data.RowCount.ShouldBe(3);
        data.Labels.ShouldBe([0.0, 1.0, 0.0]);

        static async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> Rows()
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Yield();
                yield return TestSchemas.Row(i, "DE", null, null, i == 1 ? "fraud" : "ok");
            }
        }
    }

    [Fact]
    public void ToTrainingSet_NaNLabel_ThrowsNamingTheRow()
    {
        var builder = new TabularDataBuilder(TestSchemas.Mixed(), TestSchemas.FraudLabel());
        builder.Add(TestSchemas.Row(1, "DE", null, null, "ok"));
        builder.Add(TestSchemas.Row(2, "DE", null, null, null));
        var data = builder.Build();
        var features = new FeatureMatrix([0, 0, 0], [], [], ["a"]);

        Should.Throw<ArgumentException>(() => data.ToTrainingSet(features)).Message.ShouldContain("Label of row 1 is NaN");
    }
}
