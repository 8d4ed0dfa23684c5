using Feedback.Core.Storage;
using Feedback.Pipeline.Scheduling;
using Feedback.Testing;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feedback.Pipeline.Tests.Scheduling;

/// <summary>The pipeline's Hangfire on the product's database: jobs run, web nodes never execute them, several nodes
/// share PostgreSQL, and a second job server on one SQLite database refuses to start.</summary>
public abstract class FeedbackSchedulerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;

    protected TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await using var context = _database.CreateContext();
        await context.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task EnqueuedJob_Runs_OnTheNodesServer()
    {
        await using var node = await SchedulerHost.StartAsync(Database);
        var key = NewKey();

        node.Handle.Jobs.Enqueue<RecordingJob>(JobQueues.Default, job => job.ExecuteAsync(key));

        (await JobRuns.WaitForAsync(key)).ShouldHaveSingleItem().ShouldBe(node.Name);
        (await HealthAsync(node)).Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task WebRole_EnqueuesJobs_ButLeavesThemToAWorker()
    {
        var key = NewKey();
        await using (var web = await SchedulerHost.StartAsync(Database, SchedulerRole.Web))
        {
            web.Handle.Jobs.Enqueue<RecordingJob>(JobQueues.Training, job => job.ExecuteAsync(key));
            web.Handle.ServerRunning.ShouldBeFalse("a web node runs no job server");
            (await HealthAsync(web)).Status.ShouldBe(HealthStatus.Healthy, "a web node is ready without executing jobs");
            await Task.Delay(TimeSpan.FromSeconds(1));
            JobRuns.Of(key).ShouldBeEmpty();
        }

        await using var worker = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);

        (await JobRuns.WaitForAsync(key)).ShouldHaveSingleItem("the job the web node enqueued runs exactly once, on the worker").ShouldBe(worker.Name);
    }

    [Fact]
    public async Task HealthCheck_IsUnhealthy_OnceAWorkersServerStopped()
    {
        var node = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
        (await HealthAsync(node)).Status.ShouldBe(HealthStatus.Healthy);

        await node.StopAsync();

        (await HealthAsync(node)).Status.ShouldBe(HealthStatus.Unhealthy);
        await node.DisposeAsync();
    }

    private static Task<HealthCheckResult> HealthAsync(SchedulerHost node) =>
        new SchedulerHealthCheck(node.Handle).CheckHealthAsync(new HealthCheckContext());

    private static string NewKey() => $"job-{Guid.NewGuid():N}";

    public sealed class OnSqlite() : FeedbackSchedulerTests(DatabaseProvider.Sqlite)
    {
        [Fact]
        public async Task SecondJobServer_OnOneSqliteDatabase_RefusesToStart_SayingWhy()
        {
            await using var first = await SchedulerHost.StartAsync(Database);

            var refused = await Should.ThrowAsync<InvalidOperationException>(() => SchedulerHost.StartAsync(Database, SchedulerRole.Worker));

            refused.Message.ShouldContain("Another process already runs the job server on this SQLite database");
            refused.Message.ShouldContain("PostgreSQL");
            await using var web = await SchedulerHost.StartAsync(Database, SchedulerRole.Web);
            web.Handle.ServerRunning.ShouldBeFalse("a web node enqueues only, so it may share the file");
        }
    }

    public sealed class OnPostgreSql() : FeedbackSchedulerTests(DatabaseProvider.PostgreSql)
    {
        [Fact]
        public async Task TwoNodes_OnOneDatabase_RunEachJobOnce()
        {
            await using var first = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
            await using var second = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
            var keys = Enumerable.Range(0, 200).Select(_ => NewKey()).ToList();

            foreach (var key in keys)
            {
                first.Handle.Jobs.Enqueue<RecordingJob>(JobQueues.Default, job => job.ExecuteAsync(key));
            }

            foreach (var key in keys)
            {
                await JobRuns.WaitForAsync(key);
            }

            var monitoring = first.Handle.Storage.GetMonitoringApi();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (monitoring.ProcessingCount() + monitoring.EnqueuedCount(JobQueues.Default) > 0)
            {
                await Task.Delay(25, limit.Token);
            }

            keys.ShouldAllBe(key => JobRuns.Of(key).Count == 1, "a job runs on one node, not on both");
            keys.Select(key => JobRuns.Of(key)[0]).Distinct().Count().ShouldBe(2, "both nodes took jobs");
        }
    }
}
