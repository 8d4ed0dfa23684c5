using System.Globalization;
using Feedback.Core.FeedbackEvents;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Cli.Tests;

/// <summary>The command line end to end, in-process, on a real database: define a model from YAML, import history with
/// true labels, join, train, list, promote, export; and the errors a person gets for bad input.</summary>
public abstract class CliCommandsTests : IAsyncLifetime
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
    public async Task SubjectErase_AfterTraining_RemovesTheSubjectFromEveryTableAndSnapshot_AndNamesTheVersionThatUsedIt()
    {
        var model = UniqueNames.Model();
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), SyntheticHistory.Definition(model));
        (await _cli.RunAsync("model", "create", "-f", "model.yaml")).Exit.ShouldBe(ExitCodes.Ok);
        await File.WriteAllTextAsync(_cli.Path("history.csv"), SyntheticHistory.Csv("e", 200, seed: 11));
        (await _cli.RunAsync("import", model, "-f", "history.csv")).Exit.ShouldBe(ExitCodes.Ok);
        var subject = UniqueNames.Id("alice");
        string[] hers = ["e-101", "e-117", "e-142", "e-150", "e-199"]; // three digits: no ID is a substring of another
        await using (var db = _database.CreateContext())
        {
            await db.Predictions.Where(p => hers.Contains(p.TrackingId)).ExecuteUpdateAsync(u => u.SetProperty(p => p.Subject, subject));
        }

        (await _cli.RunAsync("label-join", model)).Exit.ShouldBe(ExitCodes.Ok);
        (await _cli.RunAsync("run", model, "--wait")).Output.ShouldContain("pushed version 1");
        (await DatabaseText.FindAsync(_database, ["e-142"])).Count.ShouldBeGreaterThan(3, "predictions, feedback, labels and the snapshot held her example before");

        var erased = await _cli.RunAsync("subject", "erase", subject);
        var again = await _cli.RunAsync("subject", "erase", subject);

        erased.Exit.ShouldBe(ExitCodes.Ok, erased.ToString());
        erased.Output.ShouldContain("Erased: 5 predictions, 5 feedback events");
        erased.Output.ShouldContain($"{model} v1");
        again.Output.ShouldContain("Nothing of this subject is stored");
        (await DatabaseText.FindAsync(_database, [subject, .. hers])).ShouldBeEmpty("nothing of the subject remains in any table or snapshot");
    }

    [Fact]
    public async Task Workflow_ImportJoinTrainPromoteExport()
    {
        var model = UniqueNames.Model();
        (await _cli.RunAsync("migrate")).Output.ShouldContain("up to date");
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), SyntheticHistory.Definition(model));
        var created = await _cli.RunAsync("model", "create", "-f", "model.yaml");
        created.Exit.ShouldBe(ExitCodes.Ok, created.ToString());
        created.Output.ShouldContain("revision 1");
        created.Output.ShouldContain("approval.policy: automatic");
        created.Output.ShouldContain("triggers: none");
        created.Output.ShouldNotContain("pipeline.minExamples", customMessage: "the definition sets it");
        created.Output.ShouldNotContain("not worse than production", customMessage: "the definition has thresholds");

        // 200 historical rows, each with the old model's guess and the true label.
        await File.WriteAllTextAsync(_cli.Path("history.csv"), SyntheticHistory.Csv("h", 200, seed: 11));
        var imported = await _cli.RunAsync("import", model, "-f", "history.csv", "--batch-size", "64", "--version", "legacy");
        imported.Exit.ShouldBe(ExitCodes.Ok, imported.ToString());
        imported.Output.ShouldContain("Predictions: 200 stored");
        imported.Output.ShouldContain("Outcomes (true labels): 200 stored");
        await using (var db = _database.CreateContext())
        {
            var prediction = await db.Predictions.SingleAsync(p => p.TrackingId == "h-3");
            prediction.VersionTag.ShouldBe("legacy");
            prediction.ServedAt.ShouldBe(new DateTimeOffset(2026, 1, 5, 9, 3, 0, TimeSpan.Zero));
            prediction.OutputLabel.ShouldNotBeNull();
            (await db.FeedbackEvents.CountAsync(e => e.Kind == FeedbackKind.Outcome && e.Source == "import")).ShouldBe(200);
        }

        // Importing the same file again is idempotent.
        var again = await _cli.RunAsync("import", model, "-f", "history.csv", "--version", "legacy");
        again.Exit.ShouldBe(ExitCodes.Ok, again.ToString());
        again.Output.ShouldContain("Predictions: 0 stored, 200 already recorded");
        again.Output.ShouldContain("Outcomes (true labels): 0 stored, 200 already recorded");

        var joined = await _cli.RunAsync("label-join", model);
        joined.Exit.ShouldBe(ExitCodes.Ok, joined.ToString());
        joined.Output.ShouldContain("labeled: 200");

        // Executed here, with its progress printed as it happens.
        var run1 = await _cli.RunAsync("run", model, "--wait", "--reason", "first model");
        run1.Exit.ShouldBe(ExitCodes.Ok, run1.ToString());
        run1.Output.ShouldContain("Trainer: running (attempt 1)");
        run1.Output.ShouldContain("iteration 1: training loss");
        run1.Output.ShouldContain("Pusher: succeeded");
        run1.Output.ShouldContain("pushed version 1");
        run1.Output.IndexOf("ExampleGen: succeeded", StringComparison.Ordinal).ShouldBeLessThan(run1.Output.IndexOf("Trainer: succeeded", StringComparison.Ordinal));

        long snapshotId;
        await using (var db = _database.CreateContext())
        {
            var run = await db.PipelineRuns.SingleAsync();
            run.Status.ShouldBe(RunStatus.Succeeded);
            run.Trigger.ShouldBe(RunTrigger.Manual);
            run.Reason.ShouldBe("first model");
            run.ProducedVersion.ShouldBe(1);
            snapshotId = await db.RunArtifacts.Where(a => a.RunId == run.Id && a.Kind == ArtifactKinds.Snapshot).Select(a => a.Id).SingleAsync();
        }

        var runs = await _cli.RunAsync("runs", model);
        runs.Exit.ShouldBe(ExitCodes.Ok, runs.ToString());
        var row = Line(runs.Output, "1 ");
        row.ShouldContain("succeeded");
        row.ShouldContain("pushed");
        row.ShouldContain("manual");
        row.ShouldContain("first model");
        Cells(row).ShouldContain(snapshotId.ToString(CultureInfo.InvariantCulture));

        // More history, a second (warm) run: version 2 goes to production; then roll back to 1.
        await File.WriteAllTextAsync(_cli.Path("more.jsonl"), Jsonl("j", 60, seed: 12));
        (await _cli.RunAsync("import", model, "-f", "more.jsonl")).Output.ShouldContain("Predictions: 60 stored");
        (await _cli.RunAsync("label-join", model)).Output.ShouldContain("labeled: 260");
        var run2 = await _cli.RunAsync("run", model, "--wait");
        run2.Exit.ShouldBe(ExitCodes.Ok, run2.ToString());
        run2.Output.ShouldContain("pushed version 2");

        var versions = await _cli.RunAsync("versions", model);
        versions.Exit.ShouldBe(ExitCodes.Ok, versions.ToString());
        Cells(Line(versions.Output, "2 ")).ShouldContain("production");
        Cells(Line(versions.Output, "2 ")).ShouldContain("1"); // parent: warm-started from version 1

        var promoted = await _cli.RunAsync("promote", model, "1", "--reason", "roll back");
        promoted.Exit.ShouldBe(ExitCodes.Ok, promoted.ToString());
        promoted.Output.ShouldContain("version 2 -> version 1");
        Cells(Line((await _cli.RunAsync("versions", model)).Output, "1 ")).ShouldContain("production");
        await using (var db = _database.CreateContext())
        {
            var alias = await db.ModelAliases.SingleAsync(a => a.Alias == "production");
            alias.Version.ShouldBe(1);
            var move = await db.ModelAliasHistory.OrderByDescending(h => h.Id).FirstAsync();
            move.Reason.ShouldBe("roll back");
            move.PreviousVersion.ShouldBe(2);
        }

        // The snapshot of run 1, to a file and to standard output.
        var export = await _cli.RunAsync("export", model, snapshotId.ToString(CultureInfo.InvariantCulture), "--format", "csv", "-o", "snapshot.csv");
        export.Exit.ShouldBe(ExitCodes.Ok, export.ToString());
        var lines = await File.ReadAllLinesAsync(_cli.Path("snapshot.csv"));
        lines[0].ShouldBe("trackingId,split,label,weight,source,color,x1,x2");
        lines.Length.ShouldBe(201);
        lines.ShouldContain(l => l.StartsWith("h-3,", StringComparison.Ordinal) && l.Contains(",outcome,", StringComparison.Ordinal));
        var jsonl = await _cli.RunAsync("export", model, snapshotId.ToString(CultureInfo.InvariantCulture));
        jsonl.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(200);
        jsonl.Output.ShouldContain("\"evidence\":[\"feedback:");
    }

    [Fact]
    public async Task Import_BadRows_ReportLineNumbersAndStoreNothing()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("bad.csv"),
            "trackingId,x1,x2,color,trueLabel\n" +
            "b-1,1.5,2,red,yes\n" +
            "b-2,abc,2,red,yes\n" +
            "b-3,1,2,\"multi\nline\",maybe\n" +
            "b-4,1,,red,no\n");

        var result = await _cli.RunAsync("import", model, "-f", "bad.csv");

        result.Exit.ShouldBe(ExitCodes.Usage, result.ToString());
        result.Error.ShouldContain("line 3: x1: must be a number");
        result.Error.ShouldContain("line 4: trueLabel: \"maybe\" is not a class");
        result.Error.ShouldContain("line 6: x2: is required");
        result.Error.ShouldNotContain("line 2:");
        result.Output.ShouldContain("Rejected: 4 rows in 1 batch (lines 2-6); nothing from them was stored.");
        await using var db = _database.CreateContext();
        (await db.Predictions.CountAsync()).ShouldBe(0);
        (await db.FeedbackEvents.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Import_OnlyTheBadBatchIsRejected()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("mixed.jsonl"),
            "{\"trackingId\":\"g-1\",\"x1\":1,\"x2\":2,\"color\":\"red\",\"trueLabel\":\"yes\"}\n" +
            "{\"trackingId\":\"g-2\",\"x1\":-1,\"x2\":2,\"color\":\"blue\",\"trueLabel\":\"no\"}\n" +
            "{\"trackingId\":\"g-3\",\"x1\":1,\"x2\":2,\"colour\":\"red\"}\n" +
            "not json\n" +
            "{\"x1\":0.5,\"x2\":2,\"color\":\"green\",\"trueLabel\":\"yes\"}\n");

        var result = await _cli.RunAsync("import", model, "-f", "mixed.jsonl", "--batch-size", "2");

        result.Exit.ShouldBe(ExitCodes.Usage, result.ToString());
        result.Error.ShouldContain("line 3: colour: is not a feature");
        result.Error.ShouldContain("line 3: color: is required");
        result.Error.ShouldContain("line 4: row: is not valid JSON");
        result.Output.ShouldContain("Predictions: 3 stored");
        result.Output.ShouldContain("Outcomes (true labels): 3 stored");
        result.Output.ShouldContain("Rejected: 2 rows in 1 batch (lines 3-4)");
        await using var db = _database.CreateContext();
        (await db.Predictions.Select(p => p.TrackingId).ToListAsync()).Where(id => id.StartsWith("g-", StringComparison.Ordinal)).Order().ShouldBe(["g-1", "g-2"]);
        (await db.Predictions.CountAsync()).ShouldBe(3); // the last row got a generated tracking ID
        var generated = await db.Predictions.SingleAsync(p => !p.TrackingId.StartsWith("g-"));
        (await db.FeedbackEvents.SingleAsync(e => e.TrackingId == generated.TrackingId)).Label.ShouldBe("yes");
    }

    [Fact]
    public async Task Import_UnknownColumn_IsAUsageErrorNamingIt()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("odd.csv"), "trackingId,x1,x2,colour\nx-1,1,2,red\n");

        var result = await _cli.RunAsync("import", model, "-f", "odd.csv");

        result.Exit.ShouldBe(ExitCodes.Usage, result.ToString());
        result.Error.ShouldContain("line 1: column 'colour' is neither a feature");
        await using var db = _database.CreateContext();
        (await db.Predictions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Import_AnotherTrueLabelForAnImportedRow_IsAConflict()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("a.csv"), "trackingId,x1,x2,color,trueLabel\nc-1,1,2,red,yes\n");
        await File.WriteAllTextAsync(_cli.Path("b.csv"), "trackingId,x1,x2,color,trueLabel\nc-1,1,2,red,no\n");
        (await _cli.RunAsync("import", model, "-f", "a.csv")).Exit.ShouldBe(ExitCodes.Ok);

        var result = await _cli.RunAsync("import", model, "-f", "b.csv");

        result.Exit.ShouldBe(ExitCodes.Failure, result.ToString());
        result.Error.ShouldContain("line 2: trueLabel:");
        await using var db = _database.CreateContext();
        (await db.FeedbackEvents.SingleAsync()).Label.ShouldBe("yes");
    }

    [Fact]
    public async Task Model_UpdateFromJson_PrintsTheNewRevision()
    {
        var model = await CreateModelAsync();
        await File.WriteAllTextAsync(_cli.Path("model.json"), $$"""
            {"name": "{{model}}", "taskType": "binary", "labelClasses": ["no", "yes"], "description": "second",
             "features": [{"name": "x1", "type": "numeric"}, {"name": "x2", "type": "numeric"}, {"name": "color", "type": "categorical"}]}
            """);

        var updated = await _cli.RunAsync("model", "update", "-f", "model.json");
        var unchanged = await _cli.RunAsync("model", "update", "-f", "model.json");
        var stale = await _cli.RunAsync("model", "update", "-f", "model.json", "--if-revision", "1");

        updated.Exit.ShouldBe(ExitCodes.Ok, updated.ToString());
        updated.Output.ShouldContain("revision 2");
        unchanged.Output.ShouldContain("unchanged: revision 2");
        stale.Exit.ShouldBe(ExitCodes.Failure, stale.ToString());
    }

    [Fact]
    public async Task Errors_UsageIsTwoAndNamesTheField_FailureIsOne()
    {
        var missingFile = await _cli.RunAsync("model", "create");
        missingFile.Exit.ShouldBe(ExitCodes.Usage);
        missingFile.Error.ShouldContain("--file");

        await File.WriteAllTextAsync(_cli.Path("model.txt"), "name: x");
        var wrongExtension = await _cli.RunAsync("model", "create", "-f", "model.txt");
        wrongExtension.Exit.ShouldBe(ExitCodes.Usage);
        wrongExtension.Error.ShouldContain("error: --file:");

        await File.WriteAllTextAsync(_cli.Path("invalid.yaml"), "name: bad\ntaskType: binary\nlabelClasses: [no, yes]\nfeatures: []\n");
        var invalid = await _cli.RunAsync("model", "create", "-f", "invalid.yaml");
        invalid.Exit.ShouldBe(ExitCodes.Usage, invalid.ToString());
        invalid.Error.ShouldContain("error: features");

        var unknownModel = await _cli.RunAsync("runs", "no-such-model");
        unknownModel.Exit.ShouldBe(ExitCodes.Failure);
        unknownModel.Error.ShouldContain("no-such-model");

        var badFormat = await _cli.RunAsync("export", "m", "1", "--format", "xml");
        badFormat.Exit.ShouldBe(ExitCodes.Usage);
        badFormat.Error.ShouldContain("xml");

        var badBatch = await _cli.RunAsync("import", await CreateModelAsync(), "-f", "model.yaml", "--batch-size", "0");
        badBatch.Exit.ShouldBe(ExitCodes.Usage);

        var unknownCommand = await _cli.RunAsync("train");
        unknownCommand.Exit.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public async Task Run_WithoutWait_OnlyQueuesAndASecondStartIsRefused()
    {
        var model = await CreateModelAsync();

        var queued = await _cli.RunAsync("run", model, "--cold");
        var second = await _cli.RunAsync("run", model);

        queued.Exit.ShouldBe(ExitCodes.Ok, queued.ToString());
        queued.Output.ShouldContain("Queued");
        second.Exit.ShouldBe(ExitCodes.Failure, second.ToString());
        second.Error.ShouldContain("already queued");
        await using var db = _database.CreateContext();
        var run = await db.PipelineRuns.SingleAsync();
        run.Status.ShouldBe(RunStatus.Queued);
        run.ColdStart.ShouldBeTrue();
        run.RequestedBy.ShouldNotBeNull().ShouldStartWith("cli:");
    }

    [Fact]
    public async Task ApiKeyAndUser_AreCreated()
    {
        var key = await _cli.RunAsync("apikey", "create", "--name", "app", "--scope", "feedback", "--model", "churn");
        var user = await _cli.RunAsync("user", "create", "--name", "ana", "--role", "annotator");

        key.Exit.ShouldBe(ExitCodes.Ok, key.ToString());
        key.Output.ShouldContain("fbk_");
        user.Exit.ShouldBe(ExitCodes.Ok, user.ToString());
        user.Output.ShouldContain("Password (shown once)");
        await using var db = _database.CreateContext();
        (await db.ApiKeys.SingleAsync()).Models.ShouldBe(["churn"]);
        (await db.Users.SingleAsync()).UserName.ShouldBe("ana");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("import", "--help")]
    [InlineData("run", "--help")]
    [InlineData("model", "create", "--help")]
    [InlineData("export", "--help")]
    public async Task Help_IsEverywhere(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        result.Exit.ShouldBe(ExitCodes.Ok);
        result.Output.ShouldContain("Usage:");
    }

    private async Task<string> CreateModelAsync()
    {
        var model = UniqueNames.Model();
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), SyntheticHistory.Definition(model));
        var created = await _cli.RunAsync("model", "create", "-f", "model.yaml");
        created.Exit.ShouldBe(ExitCodes.Ok, created.ToString());
        return model;
    }

    private static string Jsonl(string prefix, int count, int seed)
    {
        var csv = SyntheticHistory.Csv(prefix, count, seed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        return string.Concat(csv.Select(line =>
        {
            var c = line.Split(',');
            return $"{{\"trackingId\":\"{c[0]}\",\"servedAt\":\"{c[1]}\",\"x1\":{c[2]},\"x2\":{c[3]},\"color\":\"{c[4]}\",\"label\":\"{c[5]}\",\"trueLabel\":\"{c[6]}\"}}\n";
        }));
    }

    /// <summary>The table row that starts with <paramref name="start"/>.</summary>
    private static string Line(string table, string start) =>
        table.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    private static string[] Cells(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public sealed class OnSqlite : CliCommandsTests
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    }

    public sealed class OnPostgreSql : CliCommandsTests
    {
        protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    }
}
