using System.Text.Json;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Tests;

/// <summary><c>feedback import</c> on files as R, pandas and database exports write them: missing values spelled
/// <c>NA</c>, <c>null</c> or <c>NaN</c>, and columns the model does not use.</summary>
public abstract class ImportReadingTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CliRunner _cli = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        _cli = new CliRunner(_database);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task DefaultTokens_AreMissingValuesInAnyCase_AndOtherTextNamesTheLineColumnAndTokens()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("na.csv"),
            "trackingId,x1,x2,color,trueLabel\n" +
            "m-1,1,NA,red,yes\n" +
            "m-2,1,n/a,NULL,yes\n" +
            "m-3,1,nan,Null,no\n" +
            "m-4,1,,red,NA\n" +
            "m-5,1,2.5,red,yes\n");

        var result = await _cli.RunAsync("import", model, "-f", "na.csv");

        result.Exit.ShouldBe(ExitCodes.Ok, result.ToString());
        result.Output.ShouldContain("Predictions: 5 stored");
        result.Output.ShouldContain("Outcomes (true labels): 4 stored"); // m-4's true label is missing
        var inputs = await InputsAsync();
        inputs["m-1"].TryGetProperty("x2", out _).ShouldBeFalse();
        inputs["m-2"].TryGetProperty("color", out _).ShouldBeFalse();
        inputs["m-3"].TryGetProperty("x2", out _).ShouldBeFalse();
        inputs["m-5"].GetProperty("x2").GetDouble().ShouldBe(2.5);

        await File.WriteAllTextAsync(_cli.Path("bad.csv"), "trackingId,x1,x2,color,trueLabel\nb-1,1,-,red,yes\n");
        var bad = await _cli.RunAsync("import", model, "-f", "bad.csv");
        bad.Exit.ShouldBe(ExitCodes.Usage, bad.ToString());
        bad.Error.ShouldContain("line 2: x2: must be a number");
        bad.Error.ShouldContain("(\"-\" is not a missing value either; missing values are: empty, NA, N/A, null, NaN; change them with --missing-values");
    }

    [Fact]
    public async Task MissingValuesOption_ReplacesTheModelsTokens_AndTheDefinitionCanSetThem()
    {
        var model = await CreateModelAsync("import:\n  missingValues: ['?']\n");
        await File.WriteAllTextAsync(_cli.Path("q.csv"), "trackingId,x1,x2,color,trueLabel\nq-1,1,?,red,yes\nq-2,1,NA,red,yes\n");

        var byDefinition = await _cli.RunAsync("import", model, "-f", "q.csv");
        await File.WriteAllTextAsync(_cli.Path("dash.csv"), "trackingId,x1,x2,color,trueLabel\nd-1,1,-,red,yes\nd-2,1,?,red,yes\n");
        var byOption = await _cli.RunAsync("import", model, "-f", "dash.csv", "--missing-values", "-");
        var badOption = await _cli.RunAsync("import", model, "-f", "dash.csv", "--missing-values", "NA, N/A");

        byDefinition.Exit.ShouldBe(ExitCodes.Usage, byDefinition.ToString());
        byDefinition.Error.ShouldNotContain("line 2:"); // '?' is missing for this model
        byDefinition.Error.ShouldContain("line 3: x2: must be a number (numeric feature), got a string (\"NA\" is not a missing value either; missing values are: empty, ?;");
        byOption.Exit.ShouldBe(ExitCodes.Usage, byOption.ToString());
        byOption.Error.ShouldNotContain("line 2:"); // '-' replaces '?'
        byOption.Error.ShouldContain("line 3: x2: must be a number (numeric feature), got a string (\"?\" is not a missing value either; missing values are: empty, -;");
        badOption.Exit.ShouldBe(ExitCodes.Usage, badOption.ToString());
        badOption.Error.ShouldContain("--missing-values: ' N/A' is not a token");
        (await InputsAsync()).ShouldBeEmpty("every batch had a bad row, so nothing was stored");
    }

    [Fact]
    public async Task ExtraColumns_FailByDefaultNamingThemAndTheFix_AndAreSkippedWhenIgnored()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("extra.csv"), "trackingId,x1,x2,color,rowid,source,trueLabel\ne-1,1,2,red,17,crm,yes\n");

        var strict = await _cli.RunAsync("import", model, "-f", "extra.csv");
        var named = await _cli.RunAsync("import", model, "-f", "extra.csv", "--ignore-columns", "rowid,source");
        var partly = await _cli.RunAsync("import", model, "-f", "extra.csv", "--ignore-columns", "rowid");
        var feature = await _cli.RunAsync("import", model, "-f", "extra.csv", "--ignore-columns", "x1");

        strict.Exit.ShouldBe(ExitCodes.Usage, strict.ToString());
        strict.Error.ShouldContain("line 1: columns 'rowid', 'source' are neither a feature of model");
        strict.Error.ShouldContain("skip them with --ignore-columns rowid,source (or --ignore-extra-columns");
        named.Exit.ShouldBe(ExitCodes.Ok, named.ToString());
        named.Output.ShouldContain("Ignored columns: rowid, source.");
        named.Output.ShouldContain("Predictions: 1 stored");
        partly.Exit.ShouldBe(ExitCodes.Usage, partly.ToString());
        partly.Error.ShouldContain("column 'source' is neither");
        feature.Exit.ShouldBe(ExitCodes.Usage, feature.ToString());
        feature.Error.ShouldContain("--ignore-columns: 'x1' is a feature of model");
        var inputs = await InputsAsync();
        inputs.Keys.ShouldBe(["e-1"]);
        inputs["e-1"].EnumerateObject().Select(p => p.Name).Order().ShouldBe(["color", "x1", "x2"]);
    }

    [Fact]
    public async Task IgnoreExtraColumns_SkipsUnknownCsvColumnsAndJsonFields_FromTheOptionOrTheDefinition()
    {
        var strictModel = await CreateModelAsync();
        var lenientModel = await CreateModelAsync("import:\n  ignoreExtraColumns: true\n");
        await File.WriteAllTextAsync(_cli.Path("extra.jsonl"),
            "{\"trackingId\":\"j-1\",\"x1\":1,\"x2\":\"NaN\",\"color\":\"red\",\"note\":{\"a\":1},\"trueLabel\":\"yes\"}\n");
        await File.WriteAllTextAsync(_cli.Path("extra.csv"), "trackingId,x1,x2,color,note,trueLabel\nc-1,1,2,red,hello,yes\n");

        var strictJson = await _cli.RunAsync("import", strictModel, "-f", "extra.jsonl");
        var optionJson = await _cli.RunAsync("import", strictModel, "-f", "extra.jsonl", "--ignore-extra-columns");
        var definitionCsv = await _cli.RunAsync("import", lenientModel, "-f", "extra.csv");

        strictJson.Exit.ShouldBe(ExitCodes.Usage, strictJson.ToString());
        strictJson.Error.ShouldContain("line 1: note: is not a feature");
        strictJson.Error.ShouldContain("skip it with --ignore-columns note");
        optionJson.Exit.ShouldBe(ExitCodes.Ok, optionJson.ToString());
        optionJson.Output.ShouldContain("Ignored columns: note.");
        definitionCsv.Exit.ShouldBe(ExitCodes.Ok, definitionCsv.ToString());
        definitionCsv.Output.ShouldContain("Ignored columns: note.");
        var inputs = await InputsAsync();
        inputs["j-1"].EnumerateObject().Select(p => p.Name).Order().ShouldBe(["color", "x1"]); // "NaN" is missing
        inputs["c-1"].EnumerateObject().Select(p => p.Name).Order().ShouldBe(["color", "x1", "x2"]);
    }

    [Fact]
    public async Task ImportSettings_AreValidatedByField_AndStoredWithTheDefinition()
    {
        await File.WriteAllTextAsync(_cli.Path("bad.yaml"), Definition(UniqueNames.Model(), "import:\n  missingValues: [NA, na]\n  ignoreColumns: [x1]\n"));
        var bad = await _cli.RunAsync("model", "create", "-f", "bad.yaml");

        bad.Exit.ShouldBe(ExitCodes.Usage, bad.ToString());
        bad.Error.ShouldContain("import.missingValues: 'na' appears more than once");
        bad.Error.ShouldContain("import.ignoreColumns[0]: 'x1' is a feature of this model");

        var model = await CreateModelAsync("import:\n  missingValues: ['?', '']\n  ignoreColumns: [rowid]\n");
        await using var db = _database.CreateContext();
        var stored = await db.Models.Where(m => m.Name == model).Select(m => m.Definition).SingleAsync();
        using var json = JsonDocument.Parse(stored);
        var import = json.RootElement.GetProperty("import");
        import.GetProperty("missingValues").EnumerateArray().Select(t => t.GetString()).ShouldBe(["?"]);
        import.GetProperty("ignoreColumns").EnumerateArray().Select(t => t.GetString()).ShouldBe(["rowid"]);
        var plain = await CreateModelAsync();
        using var plainJson = JsonDocument.Parse(await db.Models.Where(m => m.Name == plain).Select(m => m.Definition).SingleAsync());
        plainJson.RootElement.TryGetProperty("import", out _).ShouldBeFalse("the defaults are not written, so existing definitions keep their canonical form");
    }

    private static string Definition(string name, string extra = "") => $$"""
        name: {{name}}
        taskType: binary
        labelClasses: [no, yes]
        features:
          - {name: x1, type: numeric}
          - {name: x2, type: numeric, required: false}
          - {name: color, type: categorical, required: false}

        """ + extra;

    private async Task<string> CreateModelAsync(string extra = "")
    {
        var model = UniqueNames.Model();
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), Definition(model, extra));
        var created = await _cli.RunAsync("model", "create", "-f", "model.yaml");
        created.Exit.ShouldBe(ExitCodes.Ok, created.ToString());
        return model;
    }

    /// <summary>The stored inputs of each imported prediction, by tracking ID.</summary>
    private async Task<Dictionary<string, JsonElement>> InputsAsync()
    {
        await using var db = _database.CreateContext();
        var rows = await db.Predictions.Select(p => new { p.TrackingId, p.Inputs }).ToListAsync();
        return rows.ToDictionary(r => r.TrackingId, r => JsonDocument.Parse(r.Inputs).RootElement.Clone(), StringComparer.Ordinal);
    }

    public sealed class OnSqlite : ImportReadingTests
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    }

    public sealed class OnPostgreSql : ImportReadingTests
    {
        protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    }
}
