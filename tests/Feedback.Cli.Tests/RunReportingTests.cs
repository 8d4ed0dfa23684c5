using System.Text.Json.Nodes;
using Feedback.Core.Storage;
using Feedback.Testing;

namespace Feedback.Cli.Tests;

/// <summary><c>run --wait</c>, <c>runs</c> and <c>versions</c> show the primary metric against production and the
/// validation result, as text and as JSON for scripts; a model without thresholds does not push a worse candidate.</summary>
public abstract class RunReportingTests : IAsyncLifetime
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
    public async Task Runs_ShowMetricsDeltasAndValidation_AndAWorseCandidateIsNotPushedWithoutThresholds()
    {
        var model = UniqueNames.Model();
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), Definition(model, string.Empty));
        (await _cli.RunAsync("model", "create", "-f", "model.yaml")).Exit.ShouldBe(ExitCodes.Ok);
        await File.WriteAllTextAsync(_cli.Path("history.csv"), SyntheticHistory.Csv("r", 200, seed: 3));
        (await _cli.RunAsync("import", model, "-f", "history.csv")).Exit.ShouldBe(ExitCodes.Ok);
        (await _cli.RunAsync("label-join", model)).Exit.ShouldBe(ExitCodes.Ok);

        var first = await _cli.RunAsync("run", model, "--wait");
        first.Exit.ShouldBe(ExitCodes.Ok, first.ToString());
        first.Output.ShouldContain("Evaluation: auc ");
        first.Output.ShouldContain("(no production); blessed.");
        first.Output.ShouldContain("pushed version 1");

        // The same examples and definition again: nothing new, no version.
        var same = await _cli.RunAsync("run", model, "--wait", "--json");
        same.Exit.ShouldBe(ExitCodes.Ok, same.ToString());
        var sameJson = JsonNode.Parse(same.Output)!;
        sameJson["run"]!["outcome"]!.GetValue<string>().ShouldBe("nothingNew");
        sameJson["evaluation"].ShouldBeNull();

        // Trees that cannot split predict a constant: worse than production's regression, so not blessed by default.
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), Definition(model, "pipeline:\n  trainer: gradient-boosted-trees\n  hyperParameters: {rounds: 2, minExamplesPerLeaf: 100000}\n"));
        (await _cli.RunAsync("model", "update", "-f", "model.yaml")).Exit.ShouldBe(ExitCodes.Ok);
        var worse = await _cli.RunAsync("run", model, "--wait");
        worse.Exit.ShouldBe(ExitCodes.Ok, worse.ToString());
        worse.Output.ShouldContain("Evaluation: auc 0.5000 (-");
        worse.Output.ShouldContain("vs v1); not blessed: auc on Overall = 0.5000 vs ");
        worse.Output.ShouldContain("succeeded without a push: notBlessed");

        var runs = await _cli.RunAsync("runs", model);
        runs.Exit.ShouldBe(ExitCodes.Ok, runs.ToString());
        var header = runs.Output.Split('\n')[0];
        header.ShouldContain("metric");
        header.ShouldContain("validation");
        var row3 = runs.Output.Split('\n').Single(l => l.StartsWith("3 ", StringComparison.Ordinal));
        row3.ShouldContain("vs v1)");
        row3.ShouldContain("not blessed");

        var runsJson = JsonNode.Parse((await _cli.RunAsync("runs", model, "--json")).Output)!.AsArray();
        runsJson.Count.ShouldBe(3);
        var newest = runsJson[0]!;
        newest["number"]!.GetValue<int>().ShouldBe(3);
        newest["outcome"]!.GetValue<string>().ShouldBe("notBlessed");
        newest["snapshotId"]!.GetValue<long>().ShouldBeGreaterThan(0);
        var evaluation = newest["evaluation"]!;
        evaluation["primaryMetric"]!.GetValue<string>().ShouldBe("auc");
        evaluation["blessed"]!.GetValue<bool>().ShouldBeFalse();
        evaluation["productionVersion"]!.GetValue<int>().ShouldBe(1);
        evaluation["delta"]!.GetValue<double>().ShouldBeLessThan(0);
        evaluation["failures"]!.AsArray().Count.ShouldBe(1);
        runsJson[2]!["evaluation"]!["blessed"]!.GetValue<bool>().ShouldBeTrue();

        var versions = await _cli.RunAsync("versions", model);
        var row1 = versions.Output.Split('\n').Single(l => l.StartsWith("1 ", StringComparison.Ordinal));
        row1.ShouldContain("production");
        row1.ShouldContain("(no production)");
        row1.ShouldContain("blessed");
        var versionsJson = JsonNode.Parse((await _cli.RunAsync("versions", model, "--json")).Output)!.AsArray();
        versionsJson.Count.ShouldBe(1, "the worse candidate was not registered as a pushed version");
        versionsJson[0]!["version"]!.GetValue<int>().ShouldBe(1);
        versionsJson[0]!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["production"]);
        versionsJson[0]!["runNumber"]!.GetValue<int>().ShouldBe(1);
        versionsJson[0]!["evaluation"]!["primaryMetric"]!.GetValue<string>().ShouldBe("auc");

        // Opting out of thresholds pushes the same worse candidate.
        await File.WriteAllTextAsync(_cli.Path("model.yaml"), Definition(model,
            "pipeline:\n  trainer: gradient-boosted-trees\n  hyperParameters: {rounds: 2, minExamplesPerLeaf: 100000}\nevaluation:\n  thresholds: none\n"));
        (await _cli.RunAsync("model", "update", "-f", "model.yaml")).Exit.ShouldBe(ExitCodes.Ok);
        var optedOut = await _cli.RunAsync("run", model, "--wait");
        optedOut.Output.ShouldContain("pushed version 2");
        optedOut.Output.ShouldContain("vs v1); blessed.");
    }

    private static string Definition(string name, string extra) => $$"""
        name: {{name}}
        taskType: binary
        labelClasses: [no, yes]
        features:
          - {name: x1, type: numeric}
          - {name: x2, type: numeric}
          - {name: color, type: categorical}

        """ + extra;

    public sealed class OnSqlite : RunReportingTests
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    }

    public sealed class OnPostgreSql : RunReportingTests
    {
        protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
    }
}
