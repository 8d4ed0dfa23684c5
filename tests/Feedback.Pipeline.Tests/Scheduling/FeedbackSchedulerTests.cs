using Feedback.Core.Storage;
using Feedback.Pipeline.Scheduling;
using Feedback.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Feedback.Pipeline.Tests.Scheduling;

/// <summary>The pipeline's scheduler on a database migrated by our migrations: jobs run, survive a crash, and the web
/// role never executes them.</summary>
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
    public async Task ScheduledJob_Runs_OnTheMigratedDatabase()
    {
        await using var node = await SchedulerHost.StartAsync(Database);
        var scheduler = await node.SchedulerAsync();
        var key = NewKey();

        await scheduler.ScheduleJob(JobRuns.Job<RecordingJob>(key), JobRuns.Now(key));

        var runs = await JobRuns.WaitForAsync(key);
        runs.ShouldHaveSingleItem().InstanceId.ShouldBe(scheduler.SchedulerInstanceId);
        (await scheduler.Exists(new JobKey(key, "tests"))).ShouldBeTrue("the job is durable: it stays after its trigger is done");
    }

    [Fact]
    public async Task DurableJobThatRequestsRecovery_RunsAgainOnANewNode_WhenItsNodeDiedMidJob()
    {
        var key = NewKey();
        var crashed = await SchedulerHost.StartAsync(Database);
        try
        {
            var scheduler = await crashed.SchedulerAsync();
            await scheduler.ScheduleJob(JobRuns.Job<HangingJob>(key), JobRuns.Now(key));
            (await JobRuns.WaitForAsync(key)).ShouldHaveSingleItem().Recovering.ShouldBeFalse();

            // The node goes away while the job hangs: its firing is never completed, as after a kill.
            await crashed.StopAsync();
            await using var survivor = await SchedulerHost.StartAsync(Database);
            var survivorId = (await survivor.SchedulerAsync()).SchedulerInstanceId;

            var runs = await JobRuns.WaitForAsync(key, 2);
            runs.Count.ShouldBe(2);
            runs[1].Recovering.ShouldBeTrue("the second run is Quartz recovering the interrupted firing");
            runs[1].InstanceId.ShouldBe(survivorId);
        }
        finally
        {
            JobRuns.Gate(key).TrySetResult();
            await crashed.DisposeAsync();
        }
    }

    [Fact]
    public async Task WebRole_StoresJobs_ButLeavesThemToAWorker()
    {
        var key = NewKey();
        string webId;
        await using (var web = await SchedulerHost.StartAsync(Database, SchedulerRole.Web))
        {
            var scheduler = await web.SchedulerAsync();
            webId = scheduler.SchedulerInstanceId;
            await scheduler.ScheduleJob(JobRuns.Job<RecordingJob>(key), JobRuns.Now(key));

            scheduler.Status.ShouldNotBe(SchedulerStatus.Running, "a web node never starts its scheduler");
            (await scheduler.GetTriggerState(new TriggerKey(key, "tests"))).ShouldBe(TriggerState.Normal);
            (await HealthAsync(web)).Status.ShouldBe(HealthStatus.Healthy, "a web node is ready without executing jobs");
        }

        await using var worker = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
        var workerId = (await worker.SchedulerAsync()).SchedulerInstanceId;

        var run = (await JobRuns.WaitForAsync(key)).ShouldHaveSingleItem("the job the web node stored runs exactly once, on the worker");
        run.InstanceId.ShouldBe(workerId);
        if (provider == DatabaseProvider.PostgreSql)
        {
            workerId.ShouldNotBe(webId, "clustered nodes have unique instance ids");
        }
    }

    [Fact]
    public async Task HealthCheck_IsUnhealthy_WhileAWorkersSchedulerIsInStandby()
    {
        await using var node = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
        var scheduler = await node.SchedulerAsync();
        (await HealthAsync(node)).Status.ShouldBe(HealthStatus.Healthy);

        await scheduler.Standby();
        (await HealthAsync(node)).Status.ShouldBe(HealthStatus.Unhealthy);

        await scheduler.Start();
        (await HealthAsync(node)).Status.ShouldBe(HealthStatus.Healthy);
    }

    private static Task<HealthCheckResult> HealthAsync(SchedulerHost node) =>
        new SchedulerHealthCheck(node.Handle).CheckHealthAsync(new HealthCheckContext());

    private static string NewKey() => $"job-{Guid.NewGuid():N}";

    public sealed class OnSqlite() : FeedbackSchedulerTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : FeedbackSchedulerTests(DatabaseProvider.PostgreSql)
    {
        [Fact]
        public async Task TwoNodes_OnOneDatabase_RunEachJobOnce()
        {
            await using var first = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
            await using var second = await SchedulerHost.StartAsync(Database, SchedulerRole.Worker);
            var scheduler = await first.SchedulerAsync();
            (await second.SchedulerAsync()).SchedulerName.ShouldBe(scheduler.SchedulerName, "one cluster");
            var keys = Enumerable.Range(0, 20).Select(_ => NewKey()).ToList();

            foreach (var key in keys)
            {
                await scheduler.ScheduleJob(JobRuns.Job<RecordingJob>(key), JobRuns.Now(key));
            }

            foreach (var key in keys)
            {
                await JobRuns.WaitForAsync(key);
            }

            // Once every one-shot trigger is gone no firing is pending anywhere, so the counts are final.
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            foreach (var key in keys)
            {
                while (await scheduler.Exists(new TriggerKey(key, "tests")))
                {
                    await Task.Delay(25, limit.Token);
                }
            }

            keys.ShouldAllBe(key => JobRuns.Of(key).Count == 1, "a clustered job runs on one node, not on both");
        }
    }
}
