using System.Net;
using System.Text.Json.Nodes;
using Feedback.Core.Runs;
using Feedback.Core.Storage;
using Feedback.Pipeline.Runs;
using Feedback.Pipeline.Scheduling;
using Feedback.Pipeline.Tests.EndToEnd;
using Feedback.Testing;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Feedback.Pipeline.Tests.Workers;

/// <summary>The production shape on one PostgreSQL database: a web node that only enqueues and two worker processes
/// (the real host binary, each its own process) that execute. Jobs run once each, and a worker killed with SIGKILL in
/// the middle of training leaves a run that the other worker completes, with exactly one version.</summary>
public sealed class TwoWorkerProcessesTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    // Short clocks so that a dead process is noticed in seconds, not the production defaults.
    private static readonly Dictionary<string, string?> FastRecovery = new()
    {
        ["Pipeline:HeartbeatInterval"] = "00:00:00.500",
        ["Pipeline:StaleAfter"] = "00:00:03",
        ["Pipeline:RecoveryInterval"] = "00:00:01",
        ["Scheduler:InvisibilityTimeout"] = "00:00:05",
        ["Scheduler:WorkerCount"] = "2",
    };

    private TestDatabase _database = null!;
    private AppNode _web = null!;
    private HttpClient _admin = null!;
    private WorkerProcess _first = null!;
    private WorkerProcess _second = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
        _web = AppNode.Start(_database, new Dictionary<string, string?>(FastRecovery) { ["Scheduler:Role"] = "web" });
        await _web.Services.GetRequiredService<FeedbackScheduler>().WhenReadyAsync(CancellationToken.None);
        await using (var scope = _web.Services.CreateAsyncScope())
        {
            var key = await scope.ServiceProvider.GetRequiredService<Core.Access.ApiKeyIssuer>().CreateAsync("admin", ["admin", "predict"], null, null, CancellationToken.None);
            _admin = _web.Client(key.Key);
        }

        _first = WorkerProcess.Start(_database, FastRecovery);
        _second = WorkerProcess.Start(_database, FastRecovery);
        await WaitForServersAsync(2);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _web.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TwoHundredStepJobs_AreEachExecutedExactlyOnce_AcrossBothWorkers()
    {
        var jobs = _web.Services.GetRequiredService<FeedbackScheduler>().Jobs;
        // Step jobs of runs that do not exist: each execution is real (fetched, leased, looked up, acknowledged) and
        // cheap, and Hangfire's state history in the database records every execution.
        var ids = Enumerable.Range(0, 200)
            .Select(i => jobs.Enqueue<RunStepJob>(JobQueues.Default, job => job.ExecuteAsync(1_000_000 + i, "load", i, PipelineStepNames.ExampleGen, CancellationToken.None)))
            .Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

        using var limit = new CancellationTokenSource(Timeout);
        while (await CountAsync("SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND id = ANY(@ids)", ids) < ids.Length)
        {
            await Task.Delay(200, limit.Token);
        }

        (await CountAsync("SELECT count(*) FROM hangfire.state WHERE name = 'Processing' AND jobid = ANY(@ids)", ids))
            .ShouldBe(ids.Length, "each job was executed exactly once (one Processing state each)");
        (await CountAsync("SELECT count(*) FROM (SELECT jobid FROM hangfire.state WHERE name = 'Processing' AND jobid = ANY(@ids) GROUP BY jobid HAVING count(*) = 1) once", ids))
            .ShouldBe(ids.Length);
        (await CountAsync("SELECT count(DISTINCT data::jsonb ->> 'ServerId') FROM hangfire.state WHERE name = 'Processing' AND jobid = ANY(@ids)", ids))
            .ShouldBe(2, "both workers took jobs");
    }

    [Fact]
    public async Task WorkerKilledMidTraining_LeavesARunTheOtherWorkerCompletes_WithOneVersion()
    {
        var model = UniqueNames.Model();
        var definition = ContinuousTrainingTests.Definition(model, "automatic", null, changeThreshold: false);
        // Enough boosting rounds that training is still going when its worker is killed, even on an idle fast machine.
        definition["pipeline"]!["trainer"] = "gradient-boosted-trees";
        definition["pipeline"]!["hyperParameters"] = new JsonObject { ["rounds"] = 40000, ["learningRate"] = 0.001, ["maxLeaves"] = 31, ["minExamplesPerLeaf"] = 2 };
        (await _admin.PostJsonAsync("/api/v1/models", definition)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await new SyntheticWorld(_admin, model, seed: 3).LiveAsync(300, (x1, _) => x1 > 0, TimeSpan.FromDays(1));
        (await _admin.PostAsync($"/api/v1/models/{model}/labels:join", null)).IsSuccessStatusCode.ShouldBeTrue();
        var started = await _admin.PostJsonAsync($"/api/v1/models/{model}/runs", new JsonObject());
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await started.JsonAsync())["id"]!.GetValue<long>();

        var node = await WaitForTrainingAsync(runId);
        var victim = node.EndsWith($":{_first.Id}", StringComparison.Ordinal) ? _first : _second;
        node.ShouldEndWith($":{victim.Id}", customMessage: "training runs in one of the two worker processes");
        victim.KillHard();

        var detail = await RunWaiter.WaitForAsync(_admin, runId, "succeeded", Timeout);
        var trainer = ContinuousTrainingTests.Step(detail, "Trainer")["history"]!.AsArray();
        trainer[0]!["status"]!.GetValue<string>().ShouldBe("interrupted");
        trainer[^1]!["status"]!.GetValue<string>().ShouldBe("succeeded");
        trainer[^1]!["node"]!.GetValue<string>().ShouldNotBe(node, "the surviving worker finished it");
        ContinuousTrainingTests.Step(detail, "ExampleGen")["history"]!.AsArray().Count.ShouldBe(1, "finished steps are not repeated");
        detail["run"]!["producedVersion"]!.GetValue<int>().ShouldBe(1);
        await using var context = _database.CreateContext();
        var modelId = await context.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
        (await context.ModelVersions.CountAsync(v => v.ModelId == modelId)).ShouldBe(1, "exactly one version was created");
    }

    private async Task<string> WaitForTrainingAsync(long runId)
    {
        using var limit = new CancellationTokenSource(Timeout);
        while (true)
        {
            await using (var context = _database.CreateContext())
            {
                var attempt = await context.StepAttempts.AsNoTracking()
                    .Where(a => a.RunId == runId && a.Status == AttemptStatus.Running)
                    .Join(context.RunSteps.Where(s => s.Name == PipelineStepNames.Trainer), a => a.StepId, s => s.Id, (a, _) => a)
                    .FirstOrDefaultAsync(limit.Token);
                if (attempt is { Node: { } node } && attempt.StartedAt < DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1))
                {
                    return node;
                }
            }

            await Task.Delay(100, limit.Token);
        }
    }

    private async Task WaitForServersAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                if (await CountAsync("SELECT count(*) FROM hangfire.server") >= count)
                {
                    return;
                }
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // Hangfire's schema is created by the first node to start.
            }

            (_first.HasExited || _second.HasExited).ShouldBeFalse("a worker process exited while starting");
            await Task.Delay(200, limit.Token);
        }
    }

    private async Task<long> CountAsync(string sql, long[]? ids = null)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
