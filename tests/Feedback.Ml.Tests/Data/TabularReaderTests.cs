using System.Text;
using Feedback.Ml.Data;

namespace Feedback.Ml.Tests.Data;

public sealed class TabularReaderTests
{
    [Fact]
    public void CsvRead_ParsesQuotesEscapesAndEmbeddedNewlines()
    {
        const string csv = "id,amount,country,note,premium,label,extra\r\n"
            + "a,1.5,DE,\"hello, \"\"world\"\"\",true,fraud,x\r\n"
            + "b,,,\"two\nlines\",,ok,y\n"
            + "c,-2e3,FR,plain,0,ok,z";

        var data = CsvTabularReader.Read(new StringReader(csv), TestSchemas.Mixed(), TestSchemas.FraudLabel());

        data.RowCount.ShouldBe(3);
        ((NumericColumn)data["amount"]).Values.ToArray().ShouldBe([1.5, double.NaN, -2000.0]);
        ((TextColumn)data["note"]).Values.ToArray().ShouldBe(["hello, \"world\"", "two\nlines", "plain"]);
        ((CategoricalColumn)data["country"]).Codes.ToArray().ShouldBe([0, -1, 1]);
        ((BooleanColumn)data["premium"]).Values.ToArray().ShouldBe([(sbyte)1, (sbyte)-1, (sbyte)0]);
        data.Labels.ShouldBe([1.0, 0.0, 0.0]);
    }

    [Fact]
    public void CsvRead_BadNumber_ThrowsNamingRowAndColumn()
    {
        const string csv = "amount,label\n1,ok\n2,ok\nabc,fraud\n";

        var ex = Should.Throw<TabularDataException>(() => CsvTabularReader.Read(new StringReader(csv), TestSchemas.Mixed(), TestSchemas.FraudLabel()));

        ex.Row.ShouldBe(3);
        ex.Column.ShouldBe("amount");
    }

    [Fact]
    public void CsvRead_WrongFieldCount_Throws() =>
        Should.Throw<TabularDataException>(() => CsvTabularReader.Read(new StringReader("amount,label\n1,ok,extra\n"), TestSchemas.Mixed(), TestSchemas.FraudLabel()))
            .Message.ShouldBe("Row 1: the row has 3 fields; the header has 2.");

    [Fact]
    public void CsvRead_UnclosedQuote_Throws() =>
        Should.Throw<TabularDataException>(() => CsvTabularReader.Read(new StringReader("note\n\"open"), TestSchemas.Mixed()))
            .Message.ShouldContain("not closed");

    [Fact]
    public void JsonLinesRead_ReadsTypedValuesAndSkipsUnknownFields()
    {
        const string jsonl = "{\"amount\": 3, \"country\": \"DE\", \"premium\": true, \"label\": \"fraud\", \"other\": {\"deep\": [1,2]}}\n"
            + "\n"
            + "{\"amount\": null, \"note\": \"hi\", \"premium\": false, \"label\": \"ok\"}\r\n"
            + "{\"amount\": \"4.5\", \"country\": 7, \"label\": \"ok\"}";

        var data = JsonLinesTabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), TestSchemas.Mixed(), TestSchemas.FraudLabel());

        data.RowCount.ShouldBe(3);
        ((NumericColumn)data["amount"]).Values.ToArray().ShouldBe([3.0, double.NaN, 4.5]);
        ((CategoricalColumn)data["country"]).Dictionary.ShouldBe(["DE", "7"]);
        ((TextColumn)data["note"]).Values.ToArray().ShouldBe([null, "hi", null]);
        data.Labels.ShouldBe([1.0, 0.0, 0.0]);
    }

    [Fact]
    public void JsonLinesRead_NestedValueInFeature_ThrowsNamingRowAndColumn()
    {
        const string jsonl = "{\"amount\": 1, \"label\": \"ok\"}\n{\"amount\": [1], \"label\": \"ok\"}\n";

        var ex = Should.Throw<TabularDataException>(() => JsonLinesTabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), TestSchemas.Mixed(), TestSchemas.FraudLabel()));

        ex.Row.ShouldBe(2);
        ex.Column.ShouldBe("amount");
    }

    [Fact]
    public void JsonLinesRead_MalformedJson_ThrowsNamingRow() =>
        Should.Throw<TabularDataException>(() => JsonLinesTabularReader.Read(new MemoryStream("{\"amount\": 1,,}\n"u8.ToArray()), TestSchemas.Mixed()))
            .Row.ShouldBe(1);

    [Fact]
    public void JsonLinesRead_LinesLongerThanBuffer_AreRead()
    {
        var note = new string('a', 200_000);
        var jsonl = $"{{\"note\": \"{note}\"}}\n{{\"note\": \"b\"}}";
        var schema = new Feedback.Ml.Schema.FeatureSchema([new Feedback.Ml.Schema.FeatureSpec("note", Feedback.Ml.Schema.FeatureType.Text) { MaxLength = 1_000_000 }]);

        var data = JsonLinesTabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), schema);

        ((TextColumn)data["note"]).Values.ToArray().ShouldBe([note, "b"]);
    }

    [Fact]
    public void CsvRead_MissingValueTokens_AreMissingInAnyCase_AndOtherTextStillNamesRowAndColumn()
    {
        const string csv = "amount,country,premium,label\nNA,n/a,NULL,ok\nnan,DE,true,fraud\n1,Null,na,ok\n";

        var data = CsvTabularReader.Read(new StringReader(csv), TestSchemas.Mixed(), TestSchemas.FraudLabel());
        var ex = Should.Throw<TabularDataException>(() =>
            CsvTabularReader.Read(new StringReader(csv), TestSchemas.Mixed(), TestSchemas.FraudLabel(), MissingValueTokens.TryCreate(["n/a"], out _)!));

        ((NumericColumn)data["amount"]).Values.ToArray().ShouldBe([double.NaN, double.NaN, 1.0]);
        ((CategoricalColumn)data["country"]).Codes.ToArray().ShouldBe([-1, 0, -1]);
        ((BooleanColumn)data["premium"]).Values.ToArray().ShouldBe([(sbyte)-1, (sbyte)1, (sbyte)-1]);
        ex.Row.ShouldBe(1);
        ex.Column.ShouldBe("amount");
        ex.Message.ShouldContain("'NA' is not a number");
    }

    [Fact]
    public void JsonLinesRead_MissingValueTokenStrings_AreMissing()
    {
        const string jsonl = "{\"amount\": \"NaN\", \"note\": \"N/A\", \"label\": \"ok\"}\n{\"amount\": \"2\", \"note\": \"\", \"label\": \"ok\"}\n";

        var data = JsonLinesTabularReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), TestSchemas.Mixed(), TestSchemas.FraudLabel());

        ((NumericColumn)data["amount"]).Values.ToArray().ShouldBe([double.NaN, 2.0]);
        ((TextColumn)data["note"]).Values.ToArray().ShouldBe([null, ""]); // an empty JSON string stays text
    }

    [Theory]
    [InlineData(" NA", "leading or trailing spaces")]
    [InlineData("NA,na", "appears more than once")]
    public void MissingValueTokens_BadTokens_AreNamed(string tokens, string problem)
    {
        MissingValueTokens.TryCreate(tokens.Split(','), out var message).ShouldBeNull();
        message.ShouldNotBeNull().ShouldContain(problem);
    }
}
